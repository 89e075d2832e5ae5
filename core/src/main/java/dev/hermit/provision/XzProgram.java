package dev.hermit.provision;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's {@code xz} program as a decoder: liblzma decodes a JDK package about twice as fast as the pure-Java
 * decoder, and the multi-block streams dpkg writes on several cores at once. Used when {@code xz} is on the PATH
 * and {@code HERMIT_XZ} is not {@code java}; the .deb was checked against the signed index before, and xz checks
 * each block's CRC64, so the bytes are the same either way ({@code DebArchiveTest} compares the trees).
 */
final class XzProgram implements Closeable {
  private static volatile Boolean available;
  private final Process process;
  private final Thread feeder;
  private volatile IOException feedError;

  private XzProgram(Process process, InputStream compressed) {
    this.process = process;
    this.feeder = new Thread(() -> {
      try (OutputStream in = process.getOutputStream()) {
        compressed.transferTo(in);
      } catch (IOException e) {
        feedError = e; // reading the .deb failed, or xz stopped reading (its exit status says why)
      }
    }, "hermit-xz-feeder");
    feeder.setDaemon(true);
    feeder.start();
  }

  /** Whether to decode with the xz program: on the PATH, runnable, and not turned off. */
  static boolean available() {
    if (available == null) {
      boolean ok = false;
      if (!"java".equals(System.getenv("HERMIT_XZ"))) {
        try {
          Process p = new ProcessBuilder("xz", "--version").redirectErrorStream(true).start();
          p.getInputStream().transferTo(OutputStream.nullOutputStream());
          ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
          ok = false; // not installed
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      available = ok;
    }
    return available;
  }

  /** Starts {@code xz -dc} on {@code compressed}, read on a thread of its own. */
  static XzProgram decode(InputStream compressed) throws IOException {
    Process p = new ProcessBuilder(List.of("xz", "--decompress", "--stdout", "--threads=0")).start();
    return new XzProgram(p, compressed);
  }

  /** The decoded bytes. */
  InputStream output() {
    return process.getInputStream();
  }

  /** After the reader is done: the rest of the output read, xz's exit checked; an IOException naming the failure. */
  void finish() throws IOException {
    output().transferTo(OutputStream.nullOutputStream());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    process.getErrorStream().transferTo(err);
    int code;
    try {
      code = process.waitFor();
      feeder.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while xz was decoding");
    }
    if (feedError != null && code == 0) {
      throw feedError;
    }
    if (code != 0) {
      throw new IOException("xz failed (exit " + code + "): " + err.toString(StandardCharsets.UTF_8).strip());
    }
  }

  /** Stops xz if it still runs (the reader failed first). */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      feeder.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
