package dev.hermit.provision;

import dev.hermit.HermitException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads from the mirror into a file, hashing as it goes. A download lands under a temporary name and is renamed
 * only once complete and, when a hash is expected, verified: an interrupted or bad download leaves nothing behind,
 * and the next build starts it again. A mirror that accepts no connection within the connect timeout, or sends
 * nothing for the read timeout ($HERMIT_FETCH_TIMEOUT seconds, 30 by default), fails the download with one line.
 */
final class Fetcher {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
  private static final int MAX_REDIRECTS = 5;

  /** Bytes received so far of a download of {@code total} bytes (-1 when not known). */
  interface Progress {
    void bytes(long done, long total);

    Progress NONE = (done, total) -> { };
  }

  /** A file the mirror does not have (HTTP 404, or no such file for a file: mirror). */
  static final class Missing extends HermitException {
    private static final long serialVersionUID = 1L;

    Missing(String message) {
      super(message);
    }
  }

  private final URI mirror;
  private final Duration readTimeout;

  Fetcher(URI mirror) {
    this(mirror, defaultReadTimeout());
  }

  Fetcher(URI mirror, Duration readTimeout) {
    this.mirror = mirror;
    this.readTimeout = readTimeout;
  }

  static Duration defaultReadTimeout() {
    String s = System.getenv("HERMIT_FETCH_TIMEOUT");
    if (s != null && s.matches("\\d{1,6}") && Integer.parseInt(s) > 0) {
      return Duration.ofSeconds(Integer.parseInt(s));
    }
    return Duration.ofSeconds(30);
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

  void toFile(String path, Path dest, String sha256, long size) {
    toFile(path, dest, sha256, size, "the signed index", Progress.NONE);
  }

  void toFile(String path, Path dest, String sha256, long size, String authority) {
    toFile(path, dest, sha256, size, authority, Progress.NONE);
  }

  /**
   * Downloads {@code path} to {@code dest}; with an expected SHA-256 (and size, when not negative) the file is
   * refused and deleted unless it matches what {@code authority} (the signed index, the SDK lock) says.
   */
  void toFile(String path, Path dest, String sha256, long size, String authority, Progress progress) {
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
          progress.bytes(n, size);
        }
      }
      String got = HexFormat.of().formatHex(md.digest());
      if (size >= 0 && n != size) {
        throw new HermitException(url(path) + " has " + n + " bytes, " + authority + " says " + size
            + " (download cut short or changed); deleted it");
      }
      if (sha256 != null && !got.equals(sha256)) {
        throw new HermitException(url(path) + " has SHA-256 " + got + ", " + authority + " says " + sha256
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
          // a leftover .part file is ignored by every reader; 'hermit sdk prune' removes it
        }
      }
    }
  }

  URI url(String path) {
    return mirror.resolve(path);
  }

  private InputStream open(String path) throws IOException {
    URI uri = url(path);
    if (uri.getScheme().equals("file")) {
      try {
        return Files.newInputStream(Path.of(uri));
      } catch (NoSuchFileException e) {
        throw new Missing(uri + ": no such file (not on this mirror)");
      }
    }
    for (int hops = 0; ; hops++) {
      HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
      c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      c.setReadTimeout((int) readTimeout.toMillis()); // also bounds the wait for the response's headers
      c.setInstanceFollowRedirects(false); // followed below, also from http to https
      int code = c.getResponseCode();
      if (code == 200) {
        return c.getInputStream();
      }
      String location = c.getHeaderField("Location");
      c.disconnect();
      if (code >= 300 && code < 400 && location != null && hops < MAX_REDIRECTS) {
        uri = uri.resolve(location);
        continue;
      }
      if (code == 404) {
        throw new Missing(uri + ": HTTP 404 (not on this mirror)");
      }
      throw new HermitException(uri + ": HTTP " + code);
    }
  }

  private HermitException failure(String path, IOException e) {
    String why = e instanceof ConnectException ? "cannot connect to the mirror"
        : e instanceof SocketTimeoutException && String.valueOf(e.getMessage()).contains("connect")
            ? "the mirror accepted no connection within " + CONNECT_TIMEOUT.toSeconds() + " s"
        : e instanceof SocketTimeoutException ? "the mirror sent nothing for " + readTimeout.toSeconds()
            + " s (stalled; HERMIT_FETCH_TIMEOUT=SECONDS waits longer)"
        : e instanceof UnknownHostException ? "unknown host " + e.getMessage()
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
