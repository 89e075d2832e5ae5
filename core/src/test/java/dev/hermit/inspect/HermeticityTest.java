package dev.hermit.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.payload.Codec;
import dev.hermit.payload.Manifest;
import dev.hermit.payload.PayloadReader;
import dev.hermit.payload.PayloadWriter;
import dev.hermit.payload.TreeEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hermetic: yes only when everything resolves inside the payload; otherwise the missing libraries by name. The
 * payloads hold the host's own {@code ls}; what it needs is read from the host's oracles (readelf for its loader and
 * direct needs, ldd for its whole closure), never assumed.
 */
class HermeticityTest {
  static final Path LS = Path.of("/usr/bin/ls");
  @TempDir Path dir;

  /** The host's ls as its tools see it: PT_INTERP, DT_NEEDED, and ldd's soname => file for the whole closure. */
  record HostLs(String interpreter, List<String> needed, Map<String, Path> closure) {
    String loaderName() {
      return Path.of(interpreter).getFileName().toString();
    }
  }

  static HostLs hostLs() throws IOException {
    assumeTrue(Files.isExecutable(LS), "SKIPPED LOUDLY: no /usr/bin/ls on this host");
    String readelf = run("readelf", "-W", "-l", "-d", LS.toString());
    java.util.regex.Matcher interp = java.util.regex.Pattern.compile("Requesting program interpreter: ([^\\]]+)\\]")
        .matcher(readelf);
    assumeTrue(interp.find(), "SKIPPED LOUDLY: this host's /usr/bin/ls is not dynamically linked");
    List<String> needed = new java.util.ArrayList<>();
    java.util.regex.Matcher n = java.util.regex.Pattern.compile("\\(NEEDED\\)\\s+Shared library: \\[([^\\]]+)\\]")
        .matcher(readelf);
    while (n.find()) {
      needed.add(n.group(1));
    }
    Map<String, Path> closure = new java.util.TreeMap<>();
    for (String line : run("ldd", LS.toString()).split("\n")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*(\\S+) => (/\\S+) \\(").matcher(line);
      if (m.find()) {
        closure.put(m.group(1), Path.of(m.group(2)));
      }
    }
    assertTrue(closure.keySet().containsAll(needed), "ldd's closure holds every DT_NEEDED: " + closure + needed);
    return new HostLs(interp.group(1), needed, closure);
  }

  static String run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    try {
      assumeTrue(p.waitFor() == 0, "SKIPPED LOUDLY: " + String.join(" ", command) + " failed: " + out);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  Hermeticity check(List<TreeEntry> tree, String exec) throws IOException {
    Manifest m = new Manifest(exec, List.of(Manifest.ROOT + "/rt/bin/ls", "--library-path", Manifest.ROOT + "/rt/lib/sys",
        Manifest.ROOT + "/rt/bin/ls"), List.of(), null);
    Path file = dir.resolve("payload");
    try (OutputStream out = Files.newOutputStream(file)) {
      PayloadWriter.write(out, m, tree, Codec.DEFLATE);
    }
    try (PayloadReader r = PayloadReader.open(file)) {
      return Hermeticity.of(r, m);
    }
  }

  /** ls, its loader and libc in rt/lib/sys; with {@code withLibs} every other library of its closure too. */
  List<TreeEntry> tree(HostLs ls, boolean withLibs) throws IOException {
    List<TreeEntry> t = new java.util.ArrayList<>(List.of(TreeEntry.directory("rt"), TreeEntry.directory("rt/bin"),
        TreeEntry.directory("rt/lib"), TreeEntry.directory("rt/lib/sys"),
        TreeEntry.file("rt/bin/ls", 0755, LS.toRealPath()),
        TreeEntry.file("rt/lib/sys/" + ls.loaderName(), 0755, Path.of(ls.interpreter()).toRealPath())));
    ls.closure().forEach((name, file) -> {
      if (withLibs || name.equals("libc.so.6")) {
        try {
          t.add(TreeEntry.file("rt/lib/sys/" + name, 0755, file.toRealPath()));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    });
    return t;
  }

  @Test
  void aPayloadLackingLibrariesNamesThem() throws IOException {
    HostLs ls = hostLs();
    List<Hermeticity.Missing> expected = ls.needed().stream().filter(n -> !n.equals("libc.so.6")).sorted()
        .map(n -> new Hermeticity.Missing(n, "rt/bin/ls")).toList();
    assumeTrue(!expected.isEmpty(), "SKIPPED LOUDLY: this host's ls needs no library but libc: " + ls);
    Hermeticity h = check(tree(ls, false), Manifest.ROOT + "/rt/lib/sys/" + ls.loaderName());
    assertFalse(h.hermetic());
    // only ls's own needs: what an absent library would need in turn is not known, so it is not named
    assertEquals(expected, h.missing().stream().sorted(java.util.Comparator.comparing(Hermeticity.Missing::library))
        .toList(), h.toString());
  }

  /**
   * hermit starts the loader through a symlink named like the program (rt/lib/sys/java): inspect follows it inside
   * the tree and names the loader; a link to nothing in the tree starts nothing of the payload.
   */
  @Test
  void theLoaderStartedThroughASymlinkIsFollowedInsideTheTree() throws IOException {
    HostLs ls = hostLs();
    List<TreeEntry> t = new java.util.ArrayList<>(tree(ls, true));
    t.add(TreeEntry.symlink("rt/lib/sys/ls", ls.loaderName()));
    Hermeticity h = check(t, Manifest.ROOT + "/rt/lib/sys/ls");
    assertTrue(h.hermetic(), h.toString());
    assertEquals("rt/lib/sys/" + ls.loaderName(), h.loader());

    List<TreeEntry> out = new java.util.ArrayList<>(tree(ls, true));
    out.add(TreeEntry.symlink("rt/lib/sys/ls", "ld-not-there.so.2")); // dangling: nothing of the tree runs
    Hermeticity escaped = check(out, Manifest.ROOT + "/rt/lib/sys/ls");
    assertFalse(escaped.hermetic(), escaped.toString());
  }

  @Test
  void aCompletePayloadIsHermetic() throws IOException {
    HostLs ls = hostLs();
    Hermeticity h = check(tree(ls, true), Manifest.ROOT + "/rt/lib/sys/" + ls.loaderName());
    assertTrue(h.hermetic(), h.toString());
    assertEquals("rt/lib/sys/" + ls.loaderName(), h.loader());
    assertTrue(h.minimumVersions().containsKey("GLIBC"), h.toString());
  }

  @Test
  void aProgramStartedByTheTargetsLoaderIsNotHermetic() throws IOException {
    HostLs ls = hostLs();
    Hermeticity h = check(tree(ls, true), Manifest.ROOT + "/rt/bin/ls");
    assertFalse(h.hermetic());
    assertEquals(new Hermeticity.Missing(ls.interpreter(), "rt/bin/ls"), h.missing().get(0));
  }

  @Test
  void filesAboveTheInMemoryCapAreReadFromASpoolFileWithTheSameAnswer() throws IOException {
    HostLs ls = hostLs();
    assumeTrue(ls.needed().stream().anyMatch(n -> !n.equals("libc.so.6")),
        "SKIPPED LOUDLY: this host's ls needs no library but libc: " + ls);
    Manifest m = new Manifest(Manifest.ROOT + "/rt/lib/sys/" + ls.loaderName(), List.of(Manifest.ROOT + "/rt/bin/ls",
        "--library-path", Manifest.ROOT + "/rt/lib/sys", Manifest.ROOT + "/rt/bin/ls"), List.of(), null);
    Path file = dir.resolve("payload");
    try (OutputStream out = Files.newOutputStream(file)) {
      PayloadWriter.write(out, m, tree(ls, false), Codec.DEFLATE);
    }
    try (PayloadReader r1 = PayloadReader.open(file); PayloadReader r2 = PayloadReader.open(file)) {
      Hermeticity inMemory = Hermeticity.of(r1, m);
      Hermeticity spooled = Hermeticity.of(r2, m, 4096); // every ELF file here is larger than 4 KiB
      assertEquals(inMemory, spooled);
      assertFalse(spooled.missing().isEmpty(), "what ls needs beyond libc is missing: " + spooled);
      assertTrue(spooled.minimumVersions().containsKey("GLIBC"), spooled.toString());
    }
  }
}
