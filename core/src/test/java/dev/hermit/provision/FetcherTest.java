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
    server.createContext("/debian/", x -> {
      x.sendResponseHeaders(404, -1);
      x.close();
    });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/debian/");
  }

  @AfterEach
  void stop() {
    server.stop(0);
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
    assertTrue(e.getMessage().startsWith("downloading " + base + "cut.deb failed: "), e.getMessage());
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
