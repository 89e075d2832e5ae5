package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --sysroot with extracted Debian packages (libc6, libc-bin for the locale, zlib1g, libstdc++6, libgcc-s1): the
 * loader and libraries come from there, the output runs in an empty root, and a sysroot lacking a library fails
 * the build naming it.
 */
class SysrootIT {
  static final List<String> PACKAGES = List.of("libc6", "libc-bin", "zlib1g", "libstdc++6", "libgcc-s1");
  @TempDir static Path dir;
  static Path debs;

  @BeforeAll
  static void download() {
    debs = dir.resolve("debs");
    List<String> command = new ArrayList<>(List.of("sh", "-c", "mkdir -p debs && cd debs && " + Proc.APT_GET + " download \"$@\"",
        "sh"));
    command.addAll(PACKAGES);
    Proc p = Proc.run(command, Proc.HOST, null, dir);
    assertEquals(0, p.code(), "apt-get download: " + p);
  }

  static Path sysroot(String name, String without) throws IOException {
    Path root = Files.createDirectories(dir.resolve(name));
    try (Stream<Path> s = Files.list(debs)) {
      for (Path deb : s.sorted().toList()) {
        if (without != null && deb.getFileName().toString().startsWith(without + "_")) {
          continue;
        }
        Proc x = Proc.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), Proc.HOST, null, null);
        assertEquals(0, x.code(), x.toString());
      }
    }
    return root;
  }

  @Test
  void buildsFromExtractedPackagesAndRunsInAnEmptyRoot() throws IOException {
    Path root = sysroot("sysroot", null);
    Proc build = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "--sysroot", root.toString(),
        "-o", dir.resolve("hello").toString(), "-v");
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().contains("bundling the C library and loader from " + root), build.err());
    assertFalse(build.err().contains("no C.UTF-8 locale"), build.err());

    assumeTrue(Proc.isRoot(), "SKIPPED LOUDLY: chroot and unshare need root");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.copy(dir.resolve("hello"), empty.resolve("hello"));
    Proc run = Proc.run(List.of("unshare", "-m", "env", "-i", "/usr/sbin/chroot", empty.toString(), "/hello", "ü"),
        Proc.HOST, null, null);
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().startsWith("Hello from a single hermit executable") && run.out().contains("arg: ü\n"),
        run.toString());
  }

  @Test
  void aSysrootLackingALibraryFailsTheBuildNamingIt() throws IOException {
    Path root = sysroot("sysroot-no-zlib", "zlib1g");
    Path out = dir.resolve("never");
    Proc build = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "--sysroot", root.toString(),
        "-o", out.toString());
    assertEquals(1, build.code(), build.toString());
    assertTrue(build.err().contains("libz.so.1 (needed by "), build.err());
    assertFalse(Files.exists(out));
  }
}
