package dev.hermit.binary;

import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/** A read-only seekable channel over a byte array: the readers' "any source" entry point in tests. */
public final class ByteArrayChannel implements SeekableByteChannel {
  private final byte[] bytes;
  private final java.util.List<long[]> reads;
  private long position;

  public ByteArrayChannel(byte[] bytes) {
    this(bytes, null);
  }

  /** A channel that appends {offset, length} of every read to {@code reads}: which bytes a reader looks at. */
  public ByteArrayChannel(byte[] bytes, java.util.List<long[]> reads) {
    this.bytes = bytes;
    this.reads = reads;
  }

  @Override
  public int read(ByteBuffer dst) {
    if (position >= bytes.length) {
      return -1;
    }
    int n = (int) Math.min(dst.remaining(), bytes.length - position);
    dst.put(bytes, (int) position, n);
    if (reads != null) {
      reads.add(new long[] {position, n});
    }
    position += n;
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) {
    position = newPosition;
    return this;
  }

  @Override
  public long size() {
    return bytes.length;
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public void close() {}
}
