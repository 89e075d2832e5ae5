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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads from the mirror into a file, hashing as it goes. A download lands under a temporary name and is renamed
 * only once complete and, when a hash is expected, verified: a bad download leaves nothing behind, and an
 * interrupted one whose hash is known leaves its bytes for the next build to resume from. A mirror that accepts no connection within the connect timeout, or sends
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
   *
   * <p>A download whose SHA-256 and size are known resumes: its bytes go to {@code .<name>.<sha256 prefix>.partial}
   * beside {@code dest}, which a cut connection or a stalled mirror leaves behind, and the next call asks the mirror
   * for the rest only (an HTTP range). The whole file is hashed before it is used, so a resumed download is trusted
   * exactly as much as one made in one go. Another process resuming the same file holds the partial file's lock;
   * this one then downloads to a private temporary file.
   */
  void toFile(String path, Path dest, String sha256, long size, String authority, Progress progress) {
    Path tmp = null;
    boolean keep = false;
    FileChannel out = null;
    long n = 0;
    try {
      Files.createDirectories(dest.getParent());
      if (sha256 != null && size > 0 && !url(path).getScheme().equals("file")) {
        Path part = dest.resolveSibling("." + dest.getFileName() + "." + sha256.substring(0, 16) + ".partial");
        out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
        if (tryLock(out)) {
          tmp = part;
        } else {
          out.close();
          out = null;
        }
      }
      if (out == null) {
        tmp = Files.createTempFile(dest.getParent(), "." + dest.getFileName(), ".part");
        out = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      }
      boolean resumable = tmp.getFileName().toString().endsWith(".partial");
      MessageDigest md = sha256();
      long have = resumable && out.size() <= size ? out.size() : 0;
      out.truncate(have);
      hashPrefix(out, have, md);
      InputStream body;
      long served = -1; // the bytes the mirror said it sends, when it said
      if (have == size) {
        body = InputStream.nullInputStream(); // a complete earlier download that a kill kept from being renamed
      } else {
        Ranged r = openFrom(path, have);
        if (r.from() != have) { // the mirror sent the whole file: start again
          out.truncate(0);
          md.reset();
          have = 0;
        }
        body = r.body();
        served = r.length();
      }
      long from = have;
      n = have;
      out.position(have);
      try (InputStream in = body) {
        byte[] buf = new byte[1 << 16];
        for (int r; (r = in.read(buf)) > 0; ) {
          md.update(buf, 0, r);
          out.write(ByteBuffer.wrap(buf, 0, r));
          n += r;
          progress.bytes(n, size);
        }
      }
      if (resumable && n < size && served >= 0 && n - from == served) {
        // all the mirror has: its file is shorter than its own signed index says, and asking again gets no more
        throw new HermitException(url(path) + " is " + n + " bytes on the mirror, " + authority + " says " + size
            + ": the mirror's files and its index disagree (it may be mid-update); deleted it. Try again later, or "
            + "another --mirror");
      }
      if (resumable && n < size) {
        keep = true;
        throw new HermitException(url(path) + " was cut short at " + n + " of " + size + " bytes; kept them, the "
            + "next build resumes there");
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
      out.force(true);
      out.close(); // before the rename: some systems cannot rename an open file
      out = null;
      Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException e) {
      boolean resumable = tmp != null && tmp.getFileName().toString().endsWith(".partial") && n > 0;
      keep = resumable;
      HermitException f = failure(path, e);
      throw resumable ? new HermitException(f.getMessage() + "; kept " + n + " of " + size + " bytes, the next "
          + "build resumes there", e) : f;
    } finally {
      if (out != null) {
        try {
          out.close();
        } catch (IOException ignored) {
          // closing a file we only wrote: what was written is checked by the next call's hash
        }
      }
      if (tmp != null && !keep) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover .part file is ignored by every reader; 'hermit sdk prune' removes it
        }
      }
    }
  }

  /** Whether this process now holds the file's lock: not when another process, or another thread here, does. */
  private static boolean tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock() != null;
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return false;
    }
  }

  /** Feeds the first {@code n} bytes of a partial download to the digest. */
  private static void hashPrefix(FileChannel ch, long n, MessageDigest md) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    for (long at = 0; at < n; ) {
      buf.clear().limit((int) Math.min(buf.capacity(), n - at));
      int r = ch.read(buf, at);
      if (r <= 0) {
        throw new IOException("the partial download shrank while it was read");
      }
      md.update(buf.array(), 0, r);
      at += r;
    }
  }

  /** A response body, the offset in the file its first byte is at, and its length when the mirror said (else -1). */
  private record Ranged(InputStream body, long from, long length) {}

  URI url(String path) {
    return mirror.resolve(path);
  }

  private InputStream open(String path) throws IOException {
    return openFrom(path, 0).body();
  }

  /**
   * The file from byte {@code from} on when the mirror honours the range (206 with a Content-Range that starts
   * there), else from its start.
   */
  private Ranged openFrom(String path, long from) throws IOException {
    URI uri = url(path);
    if (uri.getScheme().equals("file")) {
      try {
        return new Ranged(Files.newInputStream(Path.of(uri)), 0, Files.size(Path.of(uri)));
      } catch (NoSuchFileException e) {
        throw new Missing(uri + ": no such file (not on this mirror)");
      }
    }
    for (int hops = 0; ; hops++) {
      HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
      c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      c.setReadTimeout((int) readTimeout.toMillis()); // also bounds the wait for the response's headers
      c.setInstanceFollowRedirects(false); // followed below, also from http to https
      if (from > 0) {
        c.setRequestProperty("Range", "bytes=" + from + "-");
      }
      int code = c.getResponseCode();
      if (code == 200) {
        return new Ranged(c.getInputStream(), 0, c.getContentLengthLong());
      }
      if (code == 206 && from > 0 && String.valueOf(c.getHeaderField("Content-Range")).startsWith("bytes " + from + "-")) {
        return new Ranged(c.getInputStream(), from, c.getContentLengthLong());
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
      if (code == 416 && from > 0) { // the partial file is as long as the mirror's: fetch it whole again
        return openFrom(path, 0);
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
