package dev.hermit.app;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A zip's entries with their data as stored (compressed), read from its central directory, and a writer that
 * copies such entries without inflating and deflating them again: taking a few natives out of a 30 MB jar then
 * costs a copy, not a recompression of every class (JRuby's jar: 3.3 s of a 9.5 s build).
 *
 * <p>Only what jars use: no encryption, no ZIP64 (more than 65,535 entries or 4 GB). {@link #read} returns null for
 * a zip it does not take, and the caller falls back to {@link java.util.zip.ZipFile}, which reads every zip Java can
 * load. Data before the first entry (a launch script prepended to the jar) is left out, as ZipFile's copy leaves it.
 */
final class RawZip {
  private RawZip() {}

  private static final int LOCAL = 0x04034b50;
  private static final int CENTRAL = 0x02014b50;
  private static final int END = 0x06054b50;
  private static final int FLAG_ENCRYPTED = 1;
  private static final int FLAG_UTF8 = 0x800;
  /** 1980-02-01 00:00 in MS-DOS date and time fields: the time of every entry hermit writes (see JavaSources). */
  private static final int DOS_DATE = (2 << 5) | 1;

  /**
   * One entry: its name as the jar spells it (bytes) and decoded, and its data as stored.
   *
   * @param flags the general-purpose flags; only the UTF-8 bit is kept when written
   */
  record Entry(String name, byte[] rawName, int flags, int method, int crc, long size, ByteBuffer data) {}

  /** The entries in central-directory order, or null when this zip has a shape {@link RawZip} does not copy. */
  static List<Entry> read(ByteBuffer zip) {
    ByteBuffer z = zip.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int end = findEnd(z);
    if (end < 0) {
      return null;
    }
    int count = Short.toUnsignedInt(z.getShort(end + 10));
    long cenSize = Integer.toUnsignedLong(z.getInt(end + 12));
    long cenOffset = Integer.toUnsignedLong(z.getInt(end + 16));
    if (count == 0xffff || cenSize == 0xffffffffL || cenOffset == 0xffffffffL || cenSize > end) {
      return null; // ZIP64, or a directory that does not fit
    }
    long base = end - cenSize - cenOffset; // bytes prepended to the zip, which its offsets do not count
    if (base < 0) {
      return null;
    }
    List<Entry> entries = new ArrayList<>(count);
    int p = (int) (end - cenSize);
    for (int i = 0; i < count; i++) {
      if (p + 46 > end || z.getInt(p) != CENTRAL) {
        return null;
      }
      int flags = Short.toUnsignedInt(z.getShort(p + 8));
      int method = Short.toUnsignedInt(z.getShort(p + 10));
      int crc = z.getInt(p + 16);
      long compressed = Integer.toUnsignedLong(z.getInt(p + 20));
      long size = Integer.toUnsignedLong(z.getInt(p + 24));
      int nameLength = Short.toUnsignedInt(z.getShort(p + 28));
      int extraLength = Short.toUnsignedInt(z.getShort(p + 30));
      int commentLength = Short.toUnsignedInt(z.getShort(p + 32));
      long local = base + Integer.toUnsignedLong(z.getInt(p + 42));
      if ((flags & FLAG_ENCRYPTED) != 0 || compressed == 0xffffffffL || size == 0xffffffffL
          || p + 46L + nameLength > end || local + 30 > end || z.getInt((int) local) != LOCAL) {
        return null;
      }
      byte[] rawName = new byte[nameLength];
      z.get(p + 46, rawName);
      long data = local + 30 + Short.toUnsignedInt(z.getShort((int) local + 26))
          + Short.toUnsignedInt(z.getShort((int) local + 28));
      if (data + compressed > end) {
        return null;
      }
      ByteBuffer bytes = z.slice((int) data, (int) compressed);
      entries.add(new Entry(new String(rawName, StandardCharsets.UTF_8), rawName, flags, method, crc, size, bytes));
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  }

  /** The end-of-central-directory record: the last one, searched back over a comment of up to 64 KB. */
  private static int findEnd(ByteBuffer z) {
    int limit = z.limit();
    for (int p = limit - 22; p >= 0 && p >= limit - 22 - 0xffff; p--) {
      if (z.getInt(p) == END && p + 22 + Short.toUnsignedInt(z.getShort(p + 20)) == limit) {
        return p;
      }
    }
    return -1;
  }

  /**
   * Writes entries whose data is already in its stored form, each with the fixed time and no extra fields, then
   * the central directory. The caller buffers {@code out}.
   */
  static final class Writer {
    private final OutputStream out;
    private final ByteBuffer header = ByteBuffer.allocate(46 + 0xffff).order(ByteOrder.LITTLE_ENDIAN);
    private final java.io.ByteArrayOutputStream central = new java.io.ByteArrayOutputStream();
    private long offset;
    private int count;

    Writer(OutputStream out) {
      this.out = out;
    }

    /** False when a zip of these entries would need ZIP64: the caller writes it another way. */
    static boolean fits(List<Entry> entries) {
      long bytes = 22;
      for (Entry e : entries) {
        bytes += 76 + 2L * e.rawName().length + e.data().remaining();
      }
      return entries.size() < 0xffff && bytes < 0xffffffffL;
    }

    void add(Entry e) throws IOException {
      add(e.rawName(), e.flags(), e.method(), e.crc(), e.size(), e.data());
    }

    void add(byte[] rawName, int flags, int method, int crc, long size, ByteBuffer data) throws IOException {
      int keep = flags & FLAG_UTF8;
      long compressed = data.remaining();
      header.clear();
      header.putInt(LOCAL).putShort((short) 20).putShort((short) keep).putShort((short) method).putShort((short) 0)
          .putShort((short) DOS_DATE).putInt(crc).putInt((int) compressed).putInt((int) size)
          .putShort((short) rawName.length).putShort((short) 0).put(rawName);
      out.write(header.array(), 0, header.position());
      writeData(data);
      header.clear();
      header.putInt(CENTRAL).putShort((short) 20).putShort((short) 20).putShort((short) keep).putShort((short) method)
          .putShort((short) 0).putShort((short) DOS_DATE).putInt(crc).putInt((int) compressed).putInt((int) size)
          .putShort((short) rawName.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
          .putShort((short) 0).putInt(0).putInt((int) offset).put(rawName);
      central.write(header.array(), 0, header.position());
      offset += 30 + rawName.length + compressed;
      count++;
    }

    private void writeData(ByteBuffer data) throws IOException {
      ByteBuffer d = data.duplicate();
      if (d.hasArray()) {
        out.write(d.array(), d.arrayOffset() + d.position(), d.remaining());
        return;
      }
      byte[] chunk = new byte[64 * 1024];
      while (d.hasRemaining()) {
        int n = Math.min(chunk.length, d.remaining());
        d.get(chunk, 0, n);
        out.write(chunk, 0, n);
      }
    }

    void finish() throws IOException {
      central.writeTo(out);
      header.clear();
      header.putInt(END).putShort((short) 0).putShort((short) 0).putShort((short) count).putShort((short) count)
          .putInt(central.size()).putInt((int) offset).putShort((short) 0);
      out.write(header.array(), 0, header.position());
      out.flush();
    }
  }
}
