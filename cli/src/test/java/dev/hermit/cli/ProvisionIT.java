package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.HermitException;
import dev.hermit.provision.DebianMirror;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hermit build --target linux/arm64} with nothing prepared: an empty SDK cache, no --jdk, no --sysroot, no
 * dpkg state. The JDK and C library come from the host's Debian mirror, fetched once for two builds started
 * together; the output runs under qemu-user with HERMIT_EMULATOR, as a user's CI would run it; a later build
 * reuses the cache; a damaged cached .deb is refused.
 */
class ProvisionIT {
  @TempDir Path dir;

  @Test
  void buildsForArm64WithNothingPreparedThenReusesTheCache() throws IOException {
    try {
      DebianMirror.choose(System.getenv("HERMIT_DEBIAN_MIRROR"), Path.of("/"));
    } catch (HermitException e) {
      assumeTrue(false, "SKIPPED LOUDLY: " + e.getMessage());
    }
    Path sdk = dir.resolve("sdk");
    Map<String, String> env = new HashMap<>(Proc.HOST);
    env.put("HERMIT_SDK_DIR", sdk.toString());
    env.put("HOME", dir.toString());
    if (System.getenv("HERMIT_DEBIAN_MIRROR") != null) {
      env.put("HERMIT_DEBIAN_MIRROR", System.getenv("HERMIT_DEBIAN_MIRROR"));
    }
    Path exe = dir.resolve("hello");
    String hello = Hermit.REPO.resolve("examples/hello").toString();
    // Two builds at once, as two processes: the SDK lock makes one fetch and the other wait and reuse.
    java.util.concurrent.CompletableFuture<Proc> other = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> Hermit.runJar(env, dir, "build", hello, "--target", "linux/arm64", "-o", dir.resolve("twin").toString()));
    Proc first = Hermit.runJar(env, dir, "build", hello, "--target", "linux/arm64", "-o", exe.toString());
    Proc twin = other.join();
    assertEquals(0, first.code(), first.toString());
    assertEquals(0, twin.code(), twin.toString());
    if (twin.err().contains("downloading openjdk-17-jdk-headless")) {
      Proc swap = first; // whichever took the lock first fetched; the checks below read its output
      first = twin;
      twin = swap;
    }
    assertFalse(twin.err().contains("downloading") || twin.err().contains("verifying"), twin.err());
    assertTrue(first.err().contains("] verifying ") && first.err().contains("/dists/bookworm/InRelease\n"),
        first.err());
    assertTrue(first.err().matches("(?s).*\\] downloading openjdk-17-jdk-headless \\S+ \\(arm64, [0-9.]+ MB\\)\n.*"),
        first.err());

    Proc inspect = Hermit.runJar(env, dir, "inspect", exe.toString());
    assertTrue(inspect.out().contains("ELF 64-bit LSB executable, arm64 (EM_AARCH64), static"), inspect.out());
    assertTrue(inspect.out().matches("(?s).*\tdebian\\.suite +bookworm\n.*"), inspect.out());
    for (String p : List.of("openjdk-17-jdk-headless", "libc6", "libc-bin", "zlib1g", "libstdc++6", "libgcc-s1")) {
      assertTrue(inspect.out().matches("(?s).*\\tdebian\\.packages +" + java.util.regex.Pattern.quote(p)
          + " +\\S+ +arm64 +sha256:[0-9a-f]{64}\n.*"), p + " in " + inspect.out());
    }
    // The JRE's package (what runs a JDK) is not fetched for another platform; the JDK's release file is written
    // from its java.base.jmod, and the build info says the JDK's own version.
    assertFalse(inspect.out().contains("openjdk-17-jre-headless"), inspect.out());
    Path release;
    try (Stream<Path> s = Files.list(sdk)) {
      release = s.filter(p -> p.getFileName().toString().matches("bookworm-arm64-[0-9a-f]{10}")).findFirst()
          .orElseThrow().resolve("usr/lib/jvm/java-17-openjdk-arm64/release");
    }
    assertTrue(Files.readString(release).matches("(?s)# written by hermit from java.base.jmod .*\n"
        + "IMPLEMENTOR=\"Debian\"\nJAVA_RUNTIME_VERSION=\"17\\.0\\.\\d+\\+.*Debian.*\"\n"
        + ".*OS_ARCH=\"aarch64\"\nOS_NAME=\"Linux\"\n"),
        Files.readString(release));
    assertTrue(inspect.out().matches("(?s).*\\truntime\\.version +17\\.0\\.\\d+\\+.*Debian.*"), inspect.out());
    runUnderQemu(exe);

    // hermit targets sees the cache: arm64 is there, arm/v7 is not yet.
    Proc targets = Hermit.runJar(env, dir, "targets");
    assertEquals(0, targets.code(), targets.toString());
    assertTrue(targets.out().matches("(?s).*\nlinux/arm64 +launcher yes +sdk cached \\(Debian bookworm, Java 17\\) in "
        + java.util.regex.Pattern.quote(sdk.toString()) + "/bookworm-arm64-[0-9a-f]{10}\n.*"), targets.out());
    assertTrue(targets.out().contains("\nlinux/arm/v7   launcher yes  sdk fetched on first build (Debian bookworm, "
        + "Java 17)\n"), targets.out());
    assertTrue(targets.out().contains("\nlinux/riscv64  launcher yes  sdk none: Debian bookworm (Java 17) has no "
        + "riscv64 packages; Debian trixie has\n"), targets.out());

    // Again: the cache answers, nothing is fetched; with the cache mounted read-only (a shared cache on a
    // read-only volume, another user's) where this host gives a mount namespace: it still serves what it holds.
    Path again = dir.resolve("hello2");
    Proc second = readOnlyCache(env, sdk, "build", hello, "--target", "linux/arm64", "-o", again.toString());
    assertEquals(0, second.code(), second.toString());
    assertFalse(second.err().contains("downloading") || second.err().contains("verifying"), second.err());
    assertEquals(-1, Files.mismatch(exe, again), "the same output from the read-only cache");

    // hermit sdk list sees it, verified; hermit sdk fetch pins it in a lock without fetching again.
    Proc list = Hermit.runJar(env, dir, "sdk", "list");
    assertEquals(0, list.code(), list.toString());
    assertTrue(list.out().matches("(?s).*\nbookworm-arm64-[0-9a-f]{10}  linux/arm64  Debian bookworm  Java 17  "
        + "[0-9.]+ MB  verified  last used .*\n    openjdk-17-jdk-headless \\S+ arm64 sha256:[0-9a-f]{64}\n.*"),
        list.out());
    // the downloads kept beside it, so that the cache's size adds up
    assertTrue(list.out().endsWith("\nkept: 6 downloaded packages, " + mb(sdk.resolve("debs")) + " MB, in "
        + sdk.resolve("debs") + " (hermit sdk prune removes those no SDK uses)\nkept: 1 Packages index, "
        + mb(sdk.resolve("indexes")) + " MB, in " + sdk.resolve("indexes") + " (bookworm arm64)\n"), list.out());
    Path lock = dir.resolve("hermit-sdk.lock");
    Proc fetch = Hermit.runJar(env, dir, "sdk", "fetch", "linux/arm64", "--sdk-lock", lock.toString());
    assertEquals(0, fetch.code(), fetch.toString());
    assertFalse(fetch.err().contains("downloading"), fetch.err());
    assertTrue(fetch.out().startsWith("linux/arm64: Debian bookworm, Java 17, 6 packages in " + sdk), fetch.out());
    List<String> pins = Files.readAllLines(lock).stream().filter(l -> l.startsWith("bookworm arm64 ")).toList();
    assertEquals(6, pins.size(), pins.toString());
    // A lock whose SHA-256 for zlib1g was changed: refused against the signed index, naming the package.
    String zlibPin = pins.stream().filter(l -> l.startsWith("bookworm arm64 zlib1g ")).findFirst().orElseThrow();
    String sha = zlibPin.substring(zlibPin.length() - 64);
    String wrong = (sha.charAt(0) == '0' ? "1" : "0") + sha.substring(1);
    Files.writeString(lock, Files.readString(lock).replace(sha, wrong));
    Proc tampered = Hermit.runJar(env, dir, "build", hello, "--target", "linux/arm64", "--sdk-lock", lock.toString(),
        "-o", dir.resolve("never").toString());
    assertEquals(1, tampered.code(), tampered.toString());
    assertTrue(tampered.err().matches("(?s).*\nhermit: the SDK lock pins zlib1g \\S+ with SHA-256 " + wrong
        + ", but the signed bookworm index gives " + sha + " for that version: refusing it .*"), tampered.err());
    assertFalse(Files.exists(dir.resolve("never")));
    // that build's package set is another (pinned) one, so it read the suite's index: the one kept by the first
    assertTrue(tampered.err().contains("] reading the bookworm arm64 index from " + sdk.resolve("indexes")),
        tampered.err());
    assertFalse(tampered.err().contains("Packages.xz"), tampered.err());

    // A flipped byte in a cached .deb, and a damaged tree so that it must be unpacked again: refused, named, and
    // nothing written; the cache holds no half-made tree.
    Path debs = sdk.resolve("debs");
    Path zlib;
    Path key;
    try (Stream<Path> s = Files.list(debs)) {
      zlib = s.filter(p -> p.getFileName().toString().startsWith("zlib1g_")).findFirst().orElseThrow();
    }
    try (Stream<Path> s = Files.list(sdk)) {
      key = s.filter(p -> p.getFileName().toString().startsWith("bookworm-arm64-") && Files.isDirectory(p))
          .findFirst().orElseThrow();
    }
    flip(zlib);
    flip(key.resolve("lib/aarch64-linux-gnu/libc.so.6"));
    Path third = dir.resolve("hello3");
    Proc bad = Hermit.runJar(env, dir, "build", hello, "--target", "linux/arm64", "-o", third.toString());
    assertEquals(1, bad.code(), bad.toString());
    assertTrue(bad.err().contains("\nhermit: the cached " + zlib + " is damaged (SHA-256 "), bad.err());
    assertEquals(1, bad.err().lines().filter(l -> l.startsWith("hermit:") && !l.startsWith("hermit: warning:")).count(),
        bad.err());
    assertFalse(Files.exists(third) || Files.exists(zlib));
    try (Stream<Path> s = Files.list(sdk)) {
      assertEquals(List.of("bookworm-arm64-" + key.getFileName().toString().substring(15) + ".lock", "debs", "indexes"),
          s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".cache.lock"))
              .filter(n -> !n.matches("bookworm-arm64-[0-9a-f]{10}-[0-9a-f]{8}\\.lock")).sorted().toList());
    }
  }

  /**
   * {@code java -jar hermit.jar ARGS} with the SDK cache bind-mounted read-only in a mount namespace of its own;
   * where the host gives none (not root, no user namespaces), as it is, said loudly.
   */
  private Proc readOnlyCache(Map<String, String> env, Path sdk, String... args) {
    boolean root = Proc.isRoot();
    if (!root && Proc.run(List.of("unshare", "--map-root-user", "--mount", "true"), Proc.HOST, null, null).code()
        != 0) {
      System.out.println("ProvisionIT: SKIPPED LOUDLY: the read-only cache (no mount namespace here)");
      return Hermit.runJar(env, dir, args);
    }
    List<String> command = new java.util.ArrayList<>(List.of("unshare", "--mount"));
    if (!root) {
      command.add("--map-root-user");
    }
    command.addAll(List.of("sh", "-c", "mount --bind -o ro \"$0\" \"$0\" && shift && exec \"$@\"",
        sdk.toString(), "--", Hermit.javaBin()));
    command.addAll(Hermit.BUILD_JVM);
    command.addAll(List.of("-jar", System.getProperty("hermit.jar")));
    command.addAll(List.of(args));
    return Proc.run(command, env, null, dir);
  }

  /** The size of the regular files in {@code dir} whose name does not start with '.', in MB as sdk list prints it. */
  private static String mb(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      long bytes = 0;
      for (Path p : s.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
        bytes += Files.size(p);
      }
      return String.format("%.1f", bytes / 1e6);
    }
  }

  private static void flip(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 1;
    Files.write(file, b);
  }

  /**
   * As a user testing a cross build in CI would (docs/PROVISIONING.md "Testing cross builds in CI"):
   * {@code HERMIT_EMULATOR=$(command -v qemu-aarch64-static) qemu-aarch64-static ./hello}, no binfmt_misc. Without
   * the variable the launcher extracts, and its execve of the arm64 loader fails (118); with it the launcher execs
   * the emulator with the loader, and the arm64 JVM runs the app end to end.
   */
  private void runUnderQemu(Path exe) throws IOException {
    Proc which = Proc.run(List.of("sh", "-c", "command -v qemu-aarch64-static"), Proc.HOST, null, null);
    assumeTrue(which.code() == 0, "SKIPPED LOUDLY: no qemu-aarch64-static here (apt-get install qemu-user-static)");
    String qemu = which.out().strip();
    Path cache = dir.resolve("cache");
    Proc first = Proc.run(List.of(qemu, exe.toString()), Map.of("HERMIT_CACHE_DIR", cache.toString()), null, dir);
    assertEquals(118, first.code(), first.toString());
    assertTrue(first.err().contains("exec format error"), first.toString());
    // -Xint halves the time under emulation (FIELD-NOTES §4); the JVM names JAVA_TOOL_OPTIONS on stderr
    Proc run = Proc.run(List.of(qemu, exe.toString(), "ü"), Map.of("HERMIT_CACHE_DIR", cache.toString(),
        "HERMIT_EMULATOR", qemu, "JAVA_TOOL_OPTIONS", "-Xint"), null, dir);
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("on aarch64.") && run.out().contains("arg: ü\n"), run.toString());
  }
}
