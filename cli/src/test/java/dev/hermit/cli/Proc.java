package dev.hermit.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a real process with a chosen environment and input, and captures everything it says. */
record Proc(int code, String out, String err) {
  static final Map<String, String> UTF8 = Map.of("LANG", "C.UTF-8");
  /** Only a PATH with the system tools (chroot and mount live in sbin). */
  static final Map<String, String> HOST = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
  /**
   * A hung process fails its test rather than CI's whole run. Generous: a first cross build downloads and unpacks a
   * JDK, and a machine of this kind can be slow and shared; -Dhermit.test.timeout=SECONDS changes it.
   */
  static final long TIMEOUT_SECONDS = Long.getLong("hermit.test.timeout", 600);
  /**
   * apt-get with a package cache file that outlives the call: machines of this kind configure apt without one
   * (Dir::Cache::pkgcache ""), so each call re-parses every package list, 6 to 9 s of CPU with five foreign
   * arches; with the file, the first call of the suite pays and the rest take a fraction of a second.
   * testdata/corpus/fetch.sh uses the same file.
   */
  static final String APT_GET = "apt-get -o Dir::Cache::pkgcache="
      + Hermit.REPO.resolve("testdata/cache/apt-pkgcache.bin");

  /** Whether the tests run as root (needed for chroot, unshare -m and mounts). */
  static boolean isRoot() {
    return "0".equals(run(List.of("id", "-u"), HOST, null, null).out().strip());
  }

  /**
   * Waits (a minute at most) until no sealer holds a cache entry under {@code dir}. A first run renames its tree into
   * place and leaves syncfs and the entry's seal to a detached process that holds the entry's flock until it is done
   * (docs/FORMAT.md, "Cache"): a run that fails at once (an exec that cannot start), or a quick app on a busy disk,
   * exits before it, and a test's temporary directory removed meanwhile loses a file to it ("Failed to delete temp
   * directory", "DirectoryNotEmptyException").
   */
  static void awaitSealers(Path dir) {
    try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(dir, 8)) {
      for (Path entry : all.filter(p -> p.getFileName() != null && p.getFileName().toString().matches("[0-9a-f]{32}")
          && java.nio.file.Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
        run(List.of("flock", "-s", "-w", "60", entry.toString(), "true"), HOST, null, null);
      }
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      // a tree that changes while it is walked: nothing more to wait for in it
    }
  }

  /**
   * @param env the complete environment of the child (nothing is inherited). An executable this JVM has just
   *     written can be refused for a moment while another test thread starts a process: tried again then (BusyText).
   */
  static Proc run(List<String> command, Map<String, String> env, String stdin, Path dir) {
    try {
      return dev.hermit.pipeline.BusyText.retry(() -> runOnce(command, env, stdin, dir),
          p -> dev.hermit.pipeline.BusyText.refused(p.code, p.err.lines().toList()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Proc runOnce(List<String> command, Map<String, String> env, String stdin, Path dir)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().putAll(env);
    // Tests that are not about class-data sharing run without it: its helper writes into the cache after a run
    // exits, which would race the deletion of a test's temporary directory (CdsIT turns it on).
    pb.environment().putIfAbsent("HERMIT_CDS", "off");
    // and builds in child processes pack the way the suite's own do (the poms: HERMIT_PACK=fast), unless a test says
    String pack = System.getenv("HERMIT_PACK");
    if (pack != null) {
      pb.environment().putIfAbsent("HERMIT_PACK", pack);
    }
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    try {
      Process p = pb.start();
      CompletableFuture<byte[]> out = drain(p.getInputStream());
      CompletableFuture<byte[]> err = drain(p.getErrorStream());
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s: " + command);
      }
      // an output run with a cache of the test's own leaves its sealer behind it: wait, so the cache can be deleted
      // (JavaVersionIT's Java 21 run lost its temporary directory to one in CI)
      String cache = env.get("HERMIT_CACHE_DIR");
      if (cache != null && java.nio.file.Files.isDirectory(Path.of(cache))) {
        awaitSealers(Path.of(cache));
      }
      return new Proc(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static CompletableFuture<byte[]> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
