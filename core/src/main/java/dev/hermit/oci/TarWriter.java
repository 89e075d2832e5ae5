package dev.hermit.oci;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.hermit.HermitException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a POSIX ustar archive with nothing taken from the machine: owner 0:0 with no user or group names, one fixed
 * mtime, modes as given. The caller adds entries in the order they must appear (sorted, for reproducible layers);
 * directory names end in '/'.
 */
final class TarWriter implements AutoCloseable {
  private static final int BLOCK = 512;
  private static final int NAME_MAX = 100;

  private final OutputStream out;
  private final long mtime;
  private String previous = "";

  TarWriter(OutputStream out, long mtimeSeconds) {
    this.out = out;
    this.mtime = mtimeSeconds;
  }

  void directory(String name, int mode) throws IOException {
    if (!name.endsWith("/")) {
      throw new IllegalArgumentException("a directory entry ends in '/': " + name);
    }
    header(name, mode, 0, '5');
  }

  void file(String name, int mode, Path content) throws IOException {
    long size = Files.size(content);
    header(name, mode, size, '0');
    try (InputStream in = Files.newInputStream(content)) {
      if (in.transferTo(out) != size) {
        throw new HermitException(content + " changed while it was written into an image layer");
      }
    }
    pad(size);
  }

  void file(String name, int mode, byte[] content) throws IOException {
    header(name, mode, content.length, '0');
    out.write(content);
    pad(content.length);
  }

  /** The end-of-archive marker: two zero blocks. Does not close the underlying stream. */
  @Override
  public void close() throws IOException {
    out.write(new byte[2 * BLOCK]);
    out.flush();
  }

  private void header(String name, int mode, long size, char type) throws IOException {
    byte[] nameBytes = name.getBytes(UTF_8);
    if (nameBytes.length > NAME_MAX || name.startsWith("/") || name.isEmpty()) {
      throw new IllegalArgumentException("not a ustar entry name: " + name);
    }
    if (name.compareTo(previous) <= 0) {
      throw new IllegalArgumentException("tar entries out of order: " + name + " after " + previous);
    }
    previous = name;
    byte[] h = new byte[BLOCK];
    System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
    octal(h, 100, 8, mode);
    octal(h, 108, 8, 0); // uid
    octal(h, 116, 8, 0); // gid
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    java.util.Arrays.fill(h, 148, 156, (byte) ' '); // the checksum counts its own field as spaces
    h[156] = (byte) type;
    System.arraycopy("ustar\0".getBytes(US_ASCII), 0, h, 257, 6);
    h[263] = '0';
    h[264] = '0';
    octal(h, 329, 8, 0); // devmajor
    octal(h, 337, 8, 0); // devminor
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    byte[] checksum = String.format("%06o\0 ", sum).getBytes(US_ASCII);
    System.arraycopy(checksum, 0, h, 148, 8);
    out.write(h);
  }

  /** A zero-padded octal number filling the field but its last byte, which is NUL. */
  private static void octal(byte[] h, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    if (digits.length() > length - 1) {
      throw new HermitException("a value of " + value + " does not fit a tar header (files of 8 GiB or more)");
    }
    String field = "0".repeat(length - 1 - digits.length()) + digits;
    System.arraycopy(field.getBytes(US_ASCII), 0, h, offset, length - 1);
  }

  private void pad(long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(new byte[BLOCK - rest]);
    }
  }
}
