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
 * mtime, modes as given. The caller adds entries in {@link #ORDER} (for reproducible layers); directory names end in
 * '/'. A name or link target longer than ustar's 100 bytes goes into a pax extended header before its entry.
 */
final class TarWriter implements AutoCloseable {
  private static final int BLOCK = 512;
  private static final int NAME_MAX = 100;
  /**
   * The order of entries: by name without a directory's '/', which is a payload tree's order too, so a directory
   * comes right before what it holds ({@code a}, {@code a-b}, {@code a/x}).
   */
  static final java.util.Comparator<String> ORDER = java.util.Comparator.comparing(TarWriter::bare);

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

  /** A file of {@code size} bytes read from {@code content}, which must hold exactly that many. */
  void file(String name, int mode, long size, InputStream content) throws IOException {
    header(name, mode, size, '0');
    if (content.transferTo(out) != size) {
      throw new HermitException(name + " is not " + size + " bytes long, as its entry says");
    }
    pad(size);
  }

  void symlink(String name, String target) throws IOException {
    header(name, 0777, 0, '2', target);
  }

  /** The end-of-archive marker: two zero blocks. Does not close the underlying stream. */
  @Override
  public void close() throws IOException {
    out.write(new byte[2 * BLOCK]);
    out.flush();
  }

  private void header(String name, int mode, long size, char type) throws IOException {
    header(name, mode, size, type, null);
  }

  private void header(String name, int mode, long size, char type, String link) throws IOException {
    if (name.startsWith("/") || name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a tar entry name: " + name);
    }
    if (!previous.isEmpty() && ORDER.compare(name, previous) <= 0) {
      throw new IllegalArgumentException("tar entries out of order: " + name + " after " + previous);
    }
    previous = name;
    byte[] nameBytes = name.getBytes(UTF_8);
    byte[] linkBytes = link == null ? new byte[0] : link.getBytes(UTF_8);
    if (nameBytes.length > NAME_MAX || linkBytes.length > NAME_MAX) {
      pax(nameBytes.length > NAME_MAX ? name : null, linkBytes.length > NAME_MAX ? link : null);
    }
    byte[] h = new byte[BLOCK];
    System.arraycopy(nameBytes, 0, h, 0, Math.min(nameBytes.length, NAME_MAX));
    System.arraycopy(linkBytes, 0, h, 157, Math.min(linkBytes.length, NAME_MAX));
    finishHeader(h, mode, size, type);
  }

  /** Fills a header's fields after the name and link (owner 0:0, the fixed mtime, ustar magic) and writes it. */
  private void finishHeader(byte[] h, int mode, long size, char type) throws IOException {
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

  /**
   * A pax extended header ('x') giving the entry's full path and link target: readers take them over the ustar
   * fields that follow, which hold the first 100 bytes. Its own name is fixed, so the archive stays reproducible.
   */
  private void pax(String path, String linkpath) throws IOException {
    java.io.ByteArrayOutputStream records = new java.io.ByteArrayOutputStream();
    for (String[] r : new String[][] {{"linkpath", linkpath}, {"path", path}}) {
      if (r[1] != null) {
        records.writeBytes(paxRecord(r[0], r[1]));
      }
    }
    byte[] body = records.toByteArray();
    byte[] h = new byte[BLOCK];
    byte[] paxName = "PaxHeader".getBytes(US_ASCII);
    System.arraycopy(paxName, 0, h, 0, paxName.length);
    finishHeader(h, 0644, body.length, 'x');
    out.write(body);
    pad(body.length);
  }

  /** "LENGTH KEY=VALUE\n", LENGTH counting the whole record, its own digits included. */
  static byte[] paxRecord(String key, String value) {
    int rest = (" " + key + "=" + value + "\n").getBytes(UTF_8).length;
    int length = rest + String.valueOf(rest).length();
    if (String.valueOf(length).length() != String.valueOf(rest).length()) {
      length++; // the length's digits pushed it past a power of ten
    }
    return (length + " " + key + "=" + value + "\n").getBytes(UTF_8);
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

  private static String bare(String name) {
    return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }

  private void pad(long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(new byte[BLOCK - rest]);
    }
  }
}
