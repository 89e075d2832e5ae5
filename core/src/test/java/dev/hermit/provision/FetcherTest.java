package dev.hermit.provision;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads over a real local HTTP server: a connection cut mid-file and a missing file leave nothing behind. */
class FetcherTest {
  @TempDir Path dir;
  HttpServer server;
  URI base;

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
    server.createContext("/debian/silent", x -> {
      sleep(4000); // accepts the request, answers nothing
      x.close();
    });
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
  void aStalledMirrorIsOneLineAndLeavesNothing() throws IOException {
    Path debs = Files.createDirectories(dir.resolve("debs"));
    Fetcher fetcher = new Fetcher(base, java.time.Duration.ofSeconds(1));
    long t0 = System.nanoTime();
    HermitException e = assertThrows(HermitException.class,
        () -> fetcher.toFile("stall.deb", debs.resolve("stall.deb"), "00".repeat(32), 100_000));
    assertEquals("downloading " + base + "stall.deb failed: the mirror sent nothing for 1 s (stalled; "
        + "HERMIT_FETCH_TIMEOUT=SECONDS waits longer)", e.getMessage());
    assertTrue(System.nanoTime() - t0 < 3_500_000_000L, "gave up after the read timeout, not the server's 4 s");
    assertEquals(0, filesIn(debs));
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
  void anInterruptedDownloadLeavesNothing() throws IOException {
    Path debs = Files.createDirectories(dir.resolve("debs"));
    HermitException e = assertThrows(HermitException.class,
        () -> new Fetcher(base).toFile("cut.deb", debs.resolve("cut.deb"), "00".repeat(32), 100_000));
    assertEquals(base + "cut.deb has 1000 bytes, the signed index says 100000 (download cut short or changed); "
        + "deleted it", e.getMessage());
    assertEquals(0, filesIn(debs));
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
