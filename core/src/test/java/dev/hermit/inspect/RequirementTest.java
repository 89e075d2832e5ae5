package dev.hermit.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.binary.TestCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --require} checks on real files: which formats each applies to, and the reasons it gives. */
class RequirementTest {
  @TempDir Path dir;

  /**
   * hermit looks for an ELF file's libraries only: {@code resolved} passed on a PE exe and on a Mach-O file that
   * loads an @rpath dylib found nowhere, as "nothing missing" of what was never looked for.
   */
  @Test
  void resolvedAppliesToElfFilesOnly() throws Exception {
    Path corpus = TestCorpus.requireCorpus("");
    Inspector inspector = Inspector.withSysroot(Path.of("/"));
    Requirement resolved = Requirement.parse("resolved");
    for (String file : new String[] {"pe/hello-amd64.exe", "macho/hello-arm64", "macho/hello-universal"}) {
      Optional<String> reason = resolved.check(inspector.inspect(corpus.resolve(file)));
      assertTrue(reason.isPresent() && reason.get().startsWith("resolved applies to ELF files only"),
          file + ": " + reason);
    }
    assertEquals(Optional.empty(), resolved.check(inspector.inspect(Path.of("/bin/ls"))));
  }

  /**
   * A musl object needs no GLIBC version, so {@code glibc<=2.17} passed one that needs libc.musl-x86_64.so.1, which
   * no glibc system has. Linked with clang and lld against stand-ins named like each C library (as
   * LibcKindTest does).
   */
  @Test
  void glibcFailsOnAnObjectOfAnotherCLibrary() throws Exception {
    Requirement glibc = Requirement.parse("glibc<=2.17");
    String code = "void *malloc(unsigned long);\nvoid *f(void) { return malloc(1); }";
    String libc = "void *malloc(unsigned long n) { return 0; }";
    Path musl = link("libc.musl-x86_64.so.1", libc, null);
    Path onMusl = link("libonmusl.so", code, null, "-L" + dir, "-l:" + musl.getFileName());
    assertEquals(Optional.of("needs musl's C library, not glibc (libc.musl-x86_64.so.1)"), check(glibc, onMusl));

    Path freebsd = link("libc.so.7", libc, null);
    Path onFreebsd = link("libonfreebsd.so", code, null, "-L" + dir, "-l:" + freebsd.getFileName());
    assertEquals(Optional.of("a freebsd file (libc.so.7), not one linked against glibc"), check(glibc, onFreebsd));

    // glibc's own: judged by its versions, as before
    Path glibc6 = link("libc.so.6", libc, "GLIBC_2.2.5 { global: malloc; local: *; };");
    Path onGlibc = link("libonglibc.so", code, null, "-L" + dir, "-l:" + glibc6.getFileName());
    assertEquals(Optional.empty(), check(glibc, onGlibc));
    assertEquals(Optional.of("needs glibc >= 2.2.5, more than 2.1"), check(Requirement.parse("glibc<=2.1"), onGlibc));

    // a static program needs no C library from the system: it passes, as before
    Path fixed = link("static", "void _start(void) { for (;;) {} }", null, "-static", "-nostartfiles");
    assertEquals(Optional.empty(), check(glibc, fixed));
  }

  private static Optional<String> check(Requirement requirement, Path file) throws IOException {
    return requirement.check(Inspector.withoutResolution().inspect(file));
  }

  /** Links C source into an x86_64 Linux shared object named {@code soname}, with a version script when given. */
  private Path link(String soname, String source, String versionScript, String... more) throws Exception {
    Path c = Files.writeString(dir.resolve(soname + ".c"), source);
    List<String> cmd = new ArrayList<>(List.of("clang", "--target=x86_64-linux-gnu", "-nostdlib", "-fuse-ld=lld",
        "-fPIC", "-o", dir.resolve(soname).toString(), c.toString()));
    if (!List.of(more).contains("-static")) {
      cmd.addAll(List.of("-shared", "-Wl,-soname," + soname));
    }
    if (versionScript != null) {
      cmd.add("-Wl,--version-script=" + Files.writeString(dir.resolve(soname + ".map"), versionScript));
    }
    cmd.addAll(List.of(more));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "SKIPPED: clang is not installed (scripts/install-deps build installs it)");
      throw e;
    }
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    return dir.resolve(soname);
  }
}
