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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hermetic: yes only when everything resolves inside the payload; otherwise the missing libraries by name. */
class HermeticityTest {
  static final Path LOADER = Path.of("/lib64/ld-linux-x86-64.so.2");
  static final Path LS = Path.of("/usr/bin/ls");
  static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
  @TempDir Path dir;

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

  List<TreeEntry> tree(boolean withLibs) throws IOException {
    List<TreeEntry> t = new java.util.ArrayList<>(List.of(TreeEntry.directory("rt"), TreeEntry.directory("rt/bin"),
        TreeEntry.directory("rt/lib"), TreeEntry.directory("rt/lib/sys"),
        TreeEntry.file("rt/bin/ls", 0755, LS.toRealPath()),
        TreeEntry.file("rt/lib/sys/ld-linux-x86-64.so.2", 0755, LOADER.toRealPath()),
        TreeEntry.file("rt/lib/sys/libc.so.6", 0755, LIBC.toRealPath())));
    if (withLibs) {
      for (String lib : List.of("libselinux.so.1", "libpcre2-8.so.0")) {
        t.add(TreeEntry.file("rt/lib/sys/" + lib, 0755, Path.of("/lib/x86_64-linux-gnu", lib).toRealPath()));
      }
    }
    return t;
  }

  @Test
  void aPayloadLackingLibrariesNamesThem() throws IOException {
    assumeTrue(Files.exists(LS) && Files.exists(LOADER), "SKIPPED LOUDLY: needs Debian amd64 /usr/bin/ls");
    Hermeticity h = check(tree(false), Manifest.ROOT + "/rt/lib/sys/ld-linux-x86-64.so.2");
    assertFalse(h.hermetic());
    assertEquals(List.of(new Hermeticity.Missing("libselinux.so.1", "rt/bin/ls")), h.missing().stream()
        .filter(x -> x.library().startsWith("libselinux")).toList());
    assertEquals(1, h.missing().size(), "libpcre2 is libselinux's need, and libselinux is absent: " + h);
    assertTrue(h.missing().stream().noneMatch(x -> x.library().equals("libc.so.6")), h.toString());
  }

  @Test
  void aCompletePayloadIsHermetic() throws IOException {
    assumeTrue(Files.exists(LS) && Files.exists(LOADER), "SKIPPED LOUDLY: needs Debian amd64 /usr/bin/ls");
    Hermeticity h = check(tree(true), Manifest.ROOT + "/rt/lib/sys/ld-linux-x86-64.so.2");
    assertTrue(h.hermetic(), h.toString());
    assertEquals("rt/lib/sys/ld-linux-x86-64.so.2", h.loader());
    assertTrue(h.minimumVersions().containsKey("GLIBC"), h.toString());
  }

  @Test
  void aProgramStartedByTheTargetsLoaderIsNotHermetic() throws IOException {
    assumeTrue(Files.exists(LS) && Files.exists(LOADER), "SKIPPED LOUDLY: needs Debian amd64 /usr/bin/ls");
    Hermeticity h = check(tree(true), Manifest.ROOT + "/rt/bin/ls");
    assertFalse(h.hermetic());
    assertEquals(new Hermeticity.Missing("/lib64/ld-linux-x86-64.so.2", "rt/bin/ls"), h.missing().get(0));
  }

  @Test
  void filesAboveTheInMemoryCapAreReadFromASpoolFileWithTheSameAnswer() throws IOException {
    assumeTrue(Files.exists(LS) && Files.exists(LOADER), "SKIPPED LOUDLY: needs Debian amd64 /usr/bin/ls");
    Manifest m = new Manifest(Manifest.ROOT + "/rt/lib/sys/ld-linux-x86-64.so.2", List.of(Manifest.ROOT + "/rt/bin/ls",
        "--library-path", Manifest.ROOT + "/rt/lib/sys", Manifest.ROOT + "/rt/bin/ls"), List.of(), null);
    Path file = dir.resolve("payload");
    try (OutputStream out = Files.newOutputStream(file)) {
      PayloadWriter.write(out, m, tree(false), Codec.DEFLATE);
    }
    try (PayloadReader r1 = PayloadReader.open(file); PayloadReader r2 = PayloadReader.open(file)) {
      Hermeticity inMemory = Hermeticity.of(r1, m);
      Hermeticity spooled = Hermeticity.of(r2, m, 4096); // every ELF file here is larger than 4 KiB
      assertEquals(inMemory, spooled);
      assertFalse(spooled.missing().isEmpty(), "libselinux is missing: " + spooled);
      assertTrue(spooled.minimumVersions().containsKey("GLIBC"), spooled.toString());
    }
  }
}
