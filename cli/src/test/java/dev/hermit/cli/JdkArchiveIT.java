package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --jdk ARCHIVE}: a .tar.gz made here of the running JDK (Debian's openjdk-17-jdk-headless files, links
 * resolved as a vendor's archive has them) builds hello, which runs; the archive is listed by {@code hermit sdk
 * list}; a wrong {@code --jdk-sha256} and another platform are refused with one line and no output;
 * {@code hermit sdk prune --all} empties the cache; {@code hermit sdk fetch} of an unknown target lists them.
 */
class JdkArchiveIT {
  @TempDir Path dir;

  @Test
  void buildsFromAJdkArchiveAndTheSdkCommandsSeeIt() throws IOException, InterruptedException {
    Path javaHome = Path.of(System.getProperty("java.home"));
    Path archive = dir.resolve("jdk.tar.gz");
    // gzip -1: the test needs a .tar.gz, not a small one (the JDK is a few hundred MB: -6 costs half a minute of CPU)
    Proc tar = Proc.run(List.of("tar", "-C", javaHome.getParent().toString(), "--use-compress-program=gzip -1", "-chf",
        archive.toString(), "--exclude=src.zip", javaHome.getFileName().toString()), Proc.HOST, null, dir);
    assertEquals(0, tar.code(), tar.toString());
    Proc sum = Proc.run(List.of("sha256sum", archive.toString()), Proc.HOST, null, dir);
    String sha = sum.out().substring(0, 64);

    Map<String, String> env = new HashMap<>(Proc.HOST);
    Path sdk = dir.resolve("sdk");
    env.put("HERMIT_SDK_DIR", sdk.toString());
    env.put("HERMIT_JLINK_CACHE", dir.resolve("jlink").toString()); // the test's own: the second build reuses it
    env.put("HOME", dir.toString());
    String hello = Hermit.REPO.resolve("examples/hello").toString();

    Proc empty = Hermit.runJar(env, dir, "sdk", "list");
    assertEquals("no SDKs cached in " + sdk + "\n", empty.out(), empty.toString());

    Path exe = dir.resolve("hello");
    Proc build = Hermit.runJar(env, dir, "build", hello, "--jdk", archive.toString(), "--jdk-sha256", sha, "-o",
        exe.toString());
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().contains("] unpacking jdk.tar.gz (SHA-256 " + sha + ") into " + sdk + "/jdk-"),
        build.err());
    Proc run = Proc.run(List.of(exe.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("c").toString()), null, dir);
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().startsWith("Hello from a single hermit executable"), run.out());

    Proc list = Hermit.runJar(env, dir, "sdk", "list");
    assertEquals(0, list.code(), list.toString());
    assertTrue(list.out().matches("(?s).*\njdk-" + sha.substring(0, 16) + "  linux/amd64  JDK archive jdk.tar.gz  "
        + "Java 17  [0-9.]+ MB  verified  last used .*"), list.out());

    // Again: unpacked already, nothing to do.
    Proc again = Hermit.runJar(env, dir, "build", hello, "--jdk", archive.toString(), "-o", exe.toString());
    assertEquals(0, again.code(), again.toString());
    assertFalse(again.err().contains("unpacking"), again.err());

    String wrong = (sha.charAt(0) == '0' ? "1" : "0") + sha.substring(1);
    Path none = dir.resolve("none");
    Proc bad = Hermit.runJar(env, dir, "build", hello, "--jdk", archive.toString(), "--jdk-sha256", wrong, "-o",
        none.toString());
    assertEquals(1, bad.code(), bad.toString());
    assertEquals("hermit: the JDK archive " + archive + " has SHA-256 " + sha + ", not " + wrong
        + " as expected: refusing it\n", bad.err());
    Proc arm = Hermit.runJar(env, dir, "build", hello, "--jdk", archive.toString(), "--target", "linux/arm64",
        "--libc=system", "-o", none.toString());
    assertEquals(1, arm.code(), arm.toString());
    assertTrue(arm.err().endsWith("hermit: the JDK archive " + archive + " is for Linux/x86_64, not linux/arm64; "
        + "build for linux/amd64 or give a JDK for linux/arm64 (--jdk DIR|ARCHIVE)\n"), arm.err());
    assertEquals(1, arm.err().lines().filter(l -> l.startsWith("hermit:")).count(), arm.err());
    assertFalse(Files.exists(none));

    Proc unknown = Hermit.runJar(env, dir, "sdk", "fetch", "linux/vax");
    assertEquals(2, unknown.code(), unknown.toString());
    assertTrue(unknown.err().startsWith("hermit: unknown target 'linux/vax'; known targets: linux/amd64, "), unknown.err());

    Proc prune = Hermit.runJar(env, dir, "sdk", "prune", "--all");
    assertEquals(0, prune.code(), prune.toString());
    assertTrue(prune.out().contains("removed " + sdk + "/jdk-" + sha.substring(0, 16) + "\n"), prune.out());
    try (var s = Files.list(sdk)) {
      assertEquals(List.of(".cache.lock"), s.map(p -> p.getFileName().toString()).toList());
    }
  }
}
