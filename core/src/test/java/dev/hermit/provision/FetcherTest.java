package dev.hermit.provision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.hermit.HermitException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads over a real local HTTP server: a connection cut mid-file keeps what came when the file's hash is known
 * and the next download asks for the rest (an HTTP range); a missing file, a bad hash or an unknown one leave nothing.
 */
class FetcherTest {
  @TempDir Path dir;
  HttpServer server;
  URI base;
  /** A file of 200 kB, served cut in half on first asking, and whole or by range after. */
  static final byte[] BIG = new java.util.Random(7).ints(200_000, 0, 256).collect(java.io.ByteArrayOutputStream::new,
      (o, i) -> o.write(i), (a, b) -> a.writeBytes(b.toByteArray())).toByteArray();
  final java.util.List<String> ranges = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/debian/cut.deb", x -> {
      x.sendResponseHeaders(200, 100_000); // promises 100 kB, sends 1 kB, hangs up
      OutputStream out = x.getResponseBody();
      out.write(new byte[1000]);
      out.flush();
      x.getHttpContext().getServer().stop(0);
    });
    server.createContext("/debian/stall.deb", x -> {
      x.sendResponseHeaders(200, 100_000); // sends 1 kB, then nothing while the connection stays open
      OutputStream out = x.getResponseBody();
      out.write(new byte[1000]);
      out.flush();
      sleep(4000);
      x.close();
    });
    server.createContext("/debian/short.deb", x -> {
      x.sendResponseHeaders(200, 1000); // the whole file, as the mirror has it: shorter than its index says
      x.getResponseBody().write(new byte[1000]);
      x.close();
    });
    server.createContext("/debian/silent", x -> {
      sleep(4000); // accepts the request, answers nothing
      x.close();
    });
    for (String name : java.util.List.of("resume.deb", "norange.deb")) {
      java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
      server.createContext("/debian/" + name, x -> {
        String range = x.getRequestHeaders().getFirst("Range");
        ranges.add(name + " " + range);
        if (first.getAndSet(false)) { // promises the whole file, sends 60 kB, hangs up (the client sees it end early)
          x.sendResponseHeaders(200, BIG.length);
          x.getResponseBody().write(BIG, 0, 60_000);
          x.getResponseBody().flush();
          x.close();
          return;
        }
        if (range != null && name.equals("resume.deb")) {
          int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
          x.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (BIG.length - 1) + "/" + BIG.length);
          x.sendResponseHeaders(206, BIG.length - from);
          x.getResponseBody().write(BIG, from, BIG.length - from);
        } else { // norange.deb: a mirror that ignores ranges sends it whole
          x.sendResponseHeaders(200, BIG.length);
          x.getResponseBody().write(BIG);
        }
        x.close();
      });
    }
    server.createContext("/debian/moved/", x -> {
      x.getResponseHeaders().add("Location", "/debian/missing.deb");
      x.sendResponseHeaders(302, -1);
      x.close();
    });
    server.createContext("/debian/", x -> {
      x.sendResponseHeaders(404, -1);
      x.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/debian/");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aStalledMirrorIsOneLineAndKeepsWhatCame() throws IOException {
    Path debs = Files.createDirectories(dir.resolve("debs"));
    Fetcher fetcher = new Fetcher(base, java.time.Duration.ofSeconds(1));
    long t0 = System.nanoTime();
    HermitException e = assertThrows(HermitException.class,
        () -> fetcher.toFile("stall.deb", debs.resolve("stall.deb"), "00".repeat(32), 100_000));
    assertEquals("downloading " + base + "stall.deb failed: the mirror sent nothing for 1 s (stalled; "
        + "HERMIT_FETCH_TIMEOUT=SECONDS waits longer); kept 1000 of 100000 bytes, the next build resumes there",
        e.getMessage());
    assertTrue(System.nanoTime() - t0 < 3_500_000_000L, "gave up after the read timeout, not the server's 4 s");
    assertEquals(List.of(".stall.deb.0000000000000000.partial"), names(debs));
    HermitException silent = assertThrows(HermitException.class, () -> fetcher.bytes("silent"));
    assertEquals("downloading " + base + "silent failed: the mirror sent nothing for 1 s (stalled; "
        + "HERMIT_FETCH_TIMEOUT=SECONDS waits longer)", silent.getMessage());
  }

  @Test
  void followsARedirectAndNamesWhatIsMissing() {
    HermitException e = assertThrows(HermitException.class, () -> new Fetcher(base).bytes("moved/x"));
    assertEquals(base + "missing.deb: HTTP 404 (not on this mirror)", e.getMessage());
  }

  private long filesIn(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }

  @Test
  void anInterruptedDownloadResumesWhereItStopped() throws Exception {
    Path debs = Files.createDirectories(dir.resolve("debs"));
    String sha = sha(BIG);
    Fetcher fetcher = new Fetcher(base);
    HermitException e = assertThrows(HermitException.class,
        () -> fetcher.toFile("resume.deb", debs.resolve("resume.deb"), sha, BIG.length));
    assertTrue(e.getMessage().contains("kept 60000 of 200000 bytes, the next build resumes there")
        || e.getMessage().equals(base + "resume.deb was cut short at 60000 of 200000 bytes; kept them, the next build "
        + "resumes there"), e.getMessage());
    Path part = debs.resolve(".resume.deb." + sha.substring(0, 16) + ".partial");
    assertEquals(60_000, Files.size(part));

    fetcher.toFile("resume.deb", debs.resolve("resume.deb"), sha, BIG.length);
    assertArrayEquals(BIG, Files.readAllBytes(debs.resolve("resume.deb")));
    assertEquals(List.of("resume.deb null", "resume.deb bytes=60000-"), ranges, "the second asked for the rest only");
    assertEquals(List.of("resume.deb"), names(debs), "the partial file became the download");
  }

  @Test
  void aMirrorThatIgnoresTheRangeSendsItWholeAndThatIsUsed() throws Exception {
    Path debs = Files.createDirectories(dir.resolve("debs"));
    String sha = sha(BIG);
    Fetcher fetcher = new Fetcher(base);
    assertThrows(HermitException.class, () -> fetcher.toFile("norange.deb", debs.resolve("n.deb"), sha, BIG.length));
    fetcher.toFile("norange.deb", debs.resolve("n.deb"), sha, BIG.length);
    assertArrayEquals(BIG, Files.readAllBytes(debs.resolve("n.deb")));
    assertEquals(List.of("norange.deb null", "norange.deb bytes=60000-"), ranges);
    assertEquals(List.of("n.deb"), names(debs));
  }

  @Test
  void aResumedDownloadWithTheWrongHashIsDeletedWhole() throws Exception {
    Path debs = Files.createDirectories(dir.resolve("debs"));
    String wrong = "ab".repeat(32);
    Fetcher fetcher = new Fetcher(base);
    assertThrows(HermitException.class, () -> fetcher.toFile("resume.deb", debs.resolve("r.deb"), wrong, BIG.length));
    HermitException e = assertThrows(HermitException.class,
        () -> fetcher.toFile("resume.deb", debs.resolve("r.deb"), wrong, BIG.length));
    assertEquals(base + "resume.deb has SHA-256 " + sha(BIG) + ", the signed index says " + wrong
        + "; refusing it (deleted)", e.getMessage());
    assertEquals(List.of(), names(debs));
  }

  @Test
  void aCutDownloadOfUnknownHashLeavesNothing() throws IOException {
    Path debs = Files.createDirectories(dir.resolve("debs"));
    HermitException e = assertThrows(HermitException.class,
        () -> new Fetcher(base).toFile("cut.deb", debs.resolve("cut.deb"), null, 100_000));
    assertEquals(base + "cut.deb has 1000 bytes, the signed index says 100000 (download cut short or changed); "
        + "deleted it", e.getMessage());
    assertEquals(0, filesIn(debs));
  }

  /**
   * A mirror whose file is shorter than its index says, sent whole (trixie's Contents-amd64.gz, mid-update): the
   * download was kept "to resume", and every build fetched it again and stopped at the same byte.
   */
  @Test
  void aFileTheMirrorHasShorterThanItsIndexSaysIsNotKeptToResume() throws Exception {
    Path debs = Files.createDirectories(dir.resolve("debs"));
    String sha = sha(BIG);
    HermitException e = assertThrows(HermitException.class,
        () -> new Fetcher(base).toFile("short.deb", debs.resolve("short.deb"), sha, BIG.length));
    assertEquals(base + "short.deb is 1000 bytes on the mirror, the signed index says 200000: the mirror's files and "
        + "its index disagree (it may be mid-update); deleted it. Try again later, or another --mirror", e.getMessage());
    assertEquals(List.of(), names(debs));
  }

  private static String sha(byte[] b) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aMissingFileIsNamed() throws IOException {
    Path debs = Files.createDirectories(dir.resolve("debs"));
    HermitException e = assertThrows(HermitException.class,
        () -> new Fetcher(base).toFile("pool/x.deb", debs.resolve("x.deb"), null, -1));
    assertEquals(base + "pool/x.deb: HTTP 404 (not on this mirror)", e.getMessage());
    assertEquals(0, filesIn(debs));
  }
}
