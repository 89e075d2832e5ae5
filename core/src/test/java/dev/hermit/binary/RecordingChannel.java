package dev.hermit.binary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/** A channel over bytes that notes {offset, length} of every read: which bytes a reader looks at. */
final class RecordingChannel implements SeekableByteChannel {
  private final ByteArrayChannel bytes;
  private final List<long[]> reads;

  RecordingChannel(byte[] bytes, List<long[]> reads) {
    this.bytes = new ByteArrayChannel(bytes);
    this.reads = reads;
  }

  @Override
  public int read(ByteBuffer dst) {
    long at = bytes.position();
    int n = bytes.read(dst);
    if (n > 0 && reads != null) {
      reads.add(new long[] {at, n});
    }
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    return bytes.write(src);
  }

  @Override
  public long position() {
    return bytes.position();
  }

  @Override
  public SeekableByteChannel position(long p) {
    bytes.position(p);
    return this;
  }

  @Override
  public long size() {
    return bytes.size();
  }

  @Override
  public SeekableByteChannel truncate(long size) throws IOException {
    return bytes.truncate(size);
  }

  @Override
  public boolean isOpen() {
    return bytes.isOpen();
  }

  @Override
  public void close() {
    bytes.close();
  }
}
