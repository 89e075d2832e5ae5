package dev.hermit.binary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked positional reads over any seekable source. Every read that would go past the end of the
 * source, or past an explicit limit, fails with a {@link BinaryFormatException} naming what was being read and
 * where. A window ({@link #slice}) restricts reads to a part of the source, as for the members of a universal
 * Mach-O file; offsets in errors are then absolute.
 */
public final class BinaryInput {
  /** The largest single structure read into memory (string tables, dynamic segments, header tables). */
  public static final int MAX_BLOCK = 64 << 20;

  private final SeekableByteChannel channel;
  private final long base;
  private final long size;
  /** The window's name for messages (e.g. "architecture 1 (arm64) of the universal file"); null for the whole. */
  private final String window;

  public BinaryInput(SeekableByteChannel channel) throws IOException {
    this(channel, 0, channel.size(), null);
  }

  private BinaryInput(SeekableByteChannel channel, long base, long size, String window) {
    this.channel = channel;
    this.base = base;
    this.size = size;
    this.window = window;
  }

  /** A window of this input named {@code what} in messages: offsets in the window start at 0. */
  public BinaryInput slice(long offset, long length, String what) throws BinaryFormatException {
    check(offset, length, what);
    return new BinaryInput(channel, base + offset, length, what);
  }

  public long size() {
    return size;
  }

  /** The absolute offset in the underlying source of an offset in this window. */
  public long absolute(long offset) {
    return base + offset;
  }

  /** Reads exactly {@code length} bytes at {@code offset}, or fails naming {@code what}. */
  public ByteBuffer read(long offset, long length, ByteOrder order, String what) throws IOException {
    check(offset, length, what);
    if (length > MAX_BLOCK) {
      throw new BinaryFormatException(what + " is implausibly large (" + length + " bytes)", absolute(offset));
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) length);
    long position = base + offset;
    while (buffer.hasRemaining()) {
      channel.position(position + buffer.position());
      if (channel.read(buffer) < 0) {
        throw new BinaryFormatException(what + " is truncated: the file ended early", position + buffer.position());
      }
    }
    return buffer.flip().order(order);
  }

  /** Reads up to {@code length} bytes at {@code offset}: fewer when the input ends first. */
  public ByteBuffer readUpTo(long offset, int length, ByteOrder order) throws IOException {
    long available = Math.max(0, Math.min(length, size - offset));
    return read(offset, available, order, "header");
  }

  private void check(long offset, long length, String what) throws BinaryFormatException {
    if (offset < 0 || length < 0 || offset > size || length > size - offset) {
      long at = absolute(Math.max(0, Math.min(offset, size)));
      if (window == null) {
        throw new BinaryFormatException(what + " lies outside the file (offset " + Long.toUnsignedString(offset)
            + ", length " + Long.toUnsignedString(length) + ", file size " + size + ")", at);
      }
      // the window's size is not the file's: name the slice, where it lies and how big it says it is
      throw new BinaryFormatException(what + " lies outside " + window + " (offset " + Long.toUnsignedString(offset)
          + ", length " + Long.toUnsignedString(length) + "; the slice is " + size + " bytes at byte " + base + ")",
          at);
    }
  }

  /**
   * The error for {@code what}, {@code length} bytes at {@code offset}, which does not fit in this input: a file
   * cut short (a copy or download that stopped early) when it ends past the end; an offset no file reaches
   * (2^64-1, whose end would wrap) is said to be beyond the end, as bytes "18446744073709551615 to 1791" say
   * nothing. {@code at} is where the offending header lies.
   */
  public BinaryFormatException pastTheEnd(String what, long offset, long length, long at) {
    if (offset < 0 || length < 0 || offset + length < 0) {
      return new BinaryFormatException("the " + what + " starts at byte " + Long.toUnsignedString(offset) + ", beyond the end"
          + " of " + (window == null ? "the file" : window) + " (" + size + " bytes)", at);
    }
    if (window != null) {
      return new BinaryFormatException(what + " takes bytes " + offset + " to " + (offset + length) + " of " + window
          + ", which has only " + size + " bytes (at byte " + base + " of the file)", at);
    }
    return new BinaryFormatException("the file is cut short: it has " + size + " bytes, but its " + what + " takes"
        + " bytes " + offset + " to " + (offset + length) + " (a copy or download that did not finish?)", at);
  }

  /** A name field's bytes for messages: up to the first NUL, each byte but printable ASCII as {@code \xNN}. */
  public static String printable(byte[] name) {
    StringBuilder b = new StringBuilder();
    for (byte c : name) {
      if (c == 0) {
        break;
      }
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        b.append((char) c);
      } else {
        b.append(String.format("\\x%02x", c & 0xff));
      }
    }
    return b.toString();
  }

  /**
   * A NUL-terminated string at {@code offset} inside a table of {@code table.limit()} bytes that starts at
   * {@code tableOffset} in the file (for error offsets).
   */
  public static String cstring(ByteBuffer table, long index, long tableOffset, String what)
      throws BinaryFormatException {
    if (index < 0 || index >= table.limit()) {
      throw new BinaryFormatException(
          what + ": string index " + Long.toUnsignedString(index) + " is outside its table of " + table.limit()
              + " bytes",
          tableOffset);
    }
    int start = (int) index;
    int end = start;
    while (end < table.limit() && table.get(end) != 0) {
      end++;
    }
    if (end == table.limit()) {
      throw new BinaryFormatException(what + ": string is not NUL-terminated", tableOffset + start);
    }
    byte[] bytes = new byte[end - start];
    table.get(start, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
