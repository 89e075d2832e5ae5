package dev.hermit.provision;

import dev.hermit.HermitException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads from the mirror into a file, hashing as it goes. A download lands under a temporary name and is renamed
 * only once complete and, when a hash is expected, verified: an interrupted or bad download leaves nothing behind.
 */
final class Fetcher {
  private final URI mirror;
  private final HttpClient http;

  Fetcher(URI mirror) {
    this.mirror = mirror;
    this.http = mirror.getScheme().equals("file") ? null : HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  URI mirror() {
    return mirror;
  }

  byte[] bytes(String path) {
    try (InputStream in = open(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw failure(path, e);
    }
  }

  /**
   * Downloads {@code path} to {@code dest}; with an expected SHA-256 (and size, when not negative) the file is
   * refused and deleted unless it matches.
   */
  void toFile(String path, Path dest, String sha256, long size) {
    Path tmp = null;
    try {
      Files.createDirectories(dest.getParent());
      tmp = Files.createTempFile(dest.getParent(), "." + dest.getFileName(), ".part");
      MessageDigest md = sha256();
      long n = 0;
      try (InputStream in = open(path); OutputStream out = Files.newOutputStream(tmp)) {
        byte[] buf = new byte[1 << 16];
        for (int r; (r = in.read(buf)) > 0; ) {
          md.update(buf, 0, r);
          out.write(buf, 0, r);
          n += r;
        }
      }
      String got = HexFormat.of().formatHex(md.digest());
      if (size >= 0 && n != size) {
        throw new HermitException(url(path) + " has " + n + " bytes, the signed index says " + size
            + " (download cut short or changed); deleted it");
      }
      if (sha256 != null && !got.equals(sha256)) {
        throw new HermitException(url(path) + " has SHA-256 " + got + ", the signed index says " + sha256
            + "; refusing it (deleted)");
      }
      Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException e) {
      throw failure(path, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover .part file is ignored by every reader and replaced next time
        }
      }
    }
  }

  URI url(String path) {
    return mirror.resolve(path);
  }

  private InputStream open(String path) throws IOException {
    URI uri = url(path);
    if (http == null) {
      return Files.newInputStream(Path.of(uri));
    }
    HttpResponse<InputStream> r;
    try {
      r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    if (r.statusCode() != 200) {
      r.body().close();
      throw new HermitException(uri + ": HTTP " + r.statusCode()
          + (r.statusCode() == 404 ? " (not on this mirror)" : ""));
    }
    return r.body();
  }

  private HermitException failure(String path, IOException e) {
    String why = e instanceof ConnectException ? "cannot connect to the mirror"
        : e instanceof HttpTimeoutException ? "the mirror timed out"
        : e instanceof java.nio.file.NoSuchFileException ? "no such file"
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new HermitException("downloading " + url(path) + " failed: " + why, e);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int r; (r = in.read(buf)) > 0; ) {
        md.update(buf, 0, r);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
