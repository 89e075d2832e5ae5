package dev.hermit.oci;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream (RFC 1952) with a fixed header: no file name, mtime 0, OS "unknown". {@code GZIPOutputStream} writes
 * an OS byte that changed between JDK releases, so the same layer would get another digest on another JDK.
 */
final class Gzip extends FilterOutputStream {
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 255};

  private final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
  private final CRC32 crc = new CRC32();
  private final byte[] buffer = new byte[64 * 1024];
  private long length;
  private boolean closed;

  Gzip(OutputStream out) throws IOException {
    super(out);
    out.write(HEADER); // XFL 2: the slowest, best compression, which level 9 is
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    crc.update(b, off, len);
    length += len;
    deflater.setInput(b, off, len);
    while (!deflater.needsInput()) {
      drain();
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    deflater.finish();
    while (!deflater.finished()) {
      drain();
    }
    deflater.end();
    int c = (int) crc.getValue();
    int n = (int) length; // ISIZE is the length modulo 2^32
    out.write(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
        (byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >> 24)});
    out.close();
  }

  private void drain() throws IOException {
    int n = deflater.deflate(buffer);
    if (n > 0) {
      out.write(buffer, 0, n);
    }
  }
}
