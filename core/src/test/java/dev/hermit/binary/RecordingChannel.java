package dev.hermit.binary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/**
 * A channel over bytes that notes {offset, length} of every read (which bytes a reader looks at), and charges every
 * read to a {@link Work} budget: a reader that loops or reads without end is stopped by the work it did, not by a
 * clock that a loaded machine can trip.
 */
final class RecordingChannel implements SeekableByteChannel {
  private final ByteArrayChannel bytes;
  private final List<long[]> reads;
  private final Work work;

  /** The reads one reader run may make; past either limit the run ends with {@link WorkExceeded}. */
  static final class Work {
    final long maxReads;
    final long maxBytes;
    long reads;
    long bytes;

    Work(long maxReads, long maxBytes) {
      this.maxReads = maxReads;
      this.maxBytes = maxBytes;
    }

    void charge(int n) {
      reads++;
      bytes += Math.max(n, 0);
      if (reads > maxReads || bytes > maxBytes) {
        throw new WorkExceeded("more than " + maxReads + " reads or " + maxBytes + " bytes read (" + reads
            + " reads, " + bytes + " bytes so far)");
      }
    }
  }

  /** An Error, so that no catch in a reader can swallow it. */
  static final class WorkExceeded extends Error {
    WorkExceeded(String message) {
      super(message);
    }
  }

  RecordingChannel(byte[] bytes, List<long[]> reads) {
    this(bytes, reads, null);
  }

  RecordingChannel(byte[] bytes, List<long[]> reads, Work work) {
    this.bytes = new ByteArrayChannel(bytes);
    this.reads = reads;
    this.work = work;
  }

  @Override
  public int read(ByteBuffer dst) {
    long at = bytes.position();
    int n = bytes.read(dst);
    if (work != null) {
      work.charge(n);
    }
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
