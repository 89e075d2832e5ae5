package dev.hermit.binary;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The real binaries the readers are checked against: ELF files under /usr on this machine (a deterministic
 * sample when there are many) and the corpus that {@code testdata/corpus/fetch.sh} downloads and builds.
 * A missing corpus skips the test with the reason (it never passes silently); with the environment variable
 * {@code HERMIT_CORPUS_REQUIRED=1} (CI) it fails instead.
 */
public final class TestCorpus {
  /** At most this many host files are compared, so the comparison stays within CI's time budget. */
  public static final int HOST_SAMPLE = Integer.getInteger("hermit.corpus.hostSample", 4000);

  private TestCorpus() {}

  public static Path repo() {
    String property = System.getProperty("hermit.repo");
    Path dir = property != null ? Path.of(property) : Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("testdata"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the repository root (no testdata/ above " + Path.of("")
          .toAbsolutePath() + ")");
    }
    return dir;
  }

  public static Path corpus() {
    awaitFetch();
    return repo().resolve("testdata/cache/corpus");
  }

  private static boolean fetched;

  /**
   * scripts/test fetches the corpus beside the build and names a status file in {@code HERMIT_CORPUS_STATUS}:
   * "running", then "exit N". Waits for it (10 minutes at most); a failed fetch fails the test, pointing at its log.
   */
  static synchronized void awaitFetch() {
    String status = System.getenv("HERMIT_CORPUS_STATUS");
    if (status == null || status.isBlank() || fetched) {
      return;
    }
    Path file = Path.of(status);
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
    try {
      for (String s = read(file); !s.startsWith("exit "); s = read(file)) {
        if (!s.equals("running") || System.nanoTime() > deadline) {
          throw new AssertionError("the corpus fetch's status " + file + " says \"" + s + "\""
              + (s.equals("running") ? " after 10 minutes" : ""));
        }
        Thread.sleep(200);
      }
      String s = read(file);
      if (!s.equals("exit 0")) {
        throw new AssertionError("testdata/corpus/fetch.sh failed (" + s + "); its log is beside " + file);
      }
      fetched = true;
    } catch (IOException e) {
      throw new AssertionError("cannot read the corpus fetch's status " + file + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the corpus fetch", e);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file).strip() : "(no such file)";
  }

  /** A corpus subdirectory; skips the calling test (loudly, with the reason) when it has not been fetched. */
  public static Path requireCorpus(String sub) {
    Path dir = corpus().resolve(sub);
    String reason = "corpus " + dir + " is missing; run testdata/corpus/fetch.sh (CI does) to run this test";
    if (!Files.isDirectory(dir) && "1".equals(System.getenv("HERMIT_CORPUS_REQUIRED"))) {
      throw new AssertionError("HERMIT_CORPUS_REQUIRED=1 but the " + reason);
    }
    assumeTrue(Files.isDirectory(dir), "SKIPPED: " + reason);
    return dir;
  }

  /** Every ELF file under the host's /usr, sorted, thinned to {@link #HOST_SAMPLE} by taking every k-th. */
  public static synchronized List<Path> hostElfSample() throws IOException {
    if (hostSample == null) {
      hostSample = List.copyOf(sampleHost());
    }
    return hostSample;
  }

  private static List<Path> hostSample;

  private static List<Path> sampleHost() throws IOException {
    // What is installed, not other projects' test fixtures (Go's debug/elf testdata holds deliberately broken
    // files, e.g. a PT_INTERP of size 0): which packages a machine has must not decide the agreement figure.
    List<Path> all = withMagic(Path.of("/usr"), new byte[] {0x7f, 'E', 'L', 'F'}).stream()
        .filter(p -> !p.toString().contains("/testdata/")).toList();
    if (all.size() <= HOST_SAMPLE) {
      return all;
    }
    List<Path> sample = new ArrayList<>();
    double step = (double) all.size() / HOST_SAMPLE;
    for (int i = 0; i < HOST_SAMPLE; i++) {
      sample.add(all.get((int) (i * step)));
    }
    return sample;
  }

  /** Regular files (not symlinks) under {@code root} that start with {@code magic}, sorted by path. */
  public static List<Path> withMagic(Path root, byte[]... magics) throws IOException {
    List<Path> result = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && attrs.size() >= 64 && startsWith(file, magics)) {
          result.add(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
    result.sort(null);
    return result;
  }

  private static boolean startsWith(Path file, byte[]... magics) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      for (byte[] magic : magics) {
        if (Arrays.equals(head, 0, magic.length, magic, 0, magic.length)) {
          return true;
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Runs a tool and returns its standard output; standard error is discarded. */
  public static String run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().remove("LD_LIBRARY_PATH");
    builder.environment().remove("LD_PRELOAD");
    builder.environment().put("LC_ALL", "C");
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    process.waitFor();
    return new String(out, java.nio.charset.StandardCharsets.UTF_8);
  }

  public static boolean hasTool(String tool) {
    try {
      return new ProcessBuilder(tool, "--version").redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
