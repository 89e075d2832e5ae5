package dev.hermit.payload;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.hermit.HermitException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * How the tree is compressed (the trailer's codec field). Deflate came first because its decoder is small enough
 * to write in freestanding C; zstd (level 9, content checksum on) is smaller and faster both to build and to
 * decode. docs/CODEC.md records the measurements.
 */
public enum Codec {
  STORED(0),
  DEFLATE(1),
  ZSTD(2);

  /** zstd level 9: 14 % smaller than deflate 6 and faster to write; -19 would be 24 % but 30x slower (CODEC.md). */
  static final int ZSTD_LEVEL = 9;

  /** Worker threads for zstd: any number from 1 gives the same output. */
  static final int ZSTD_WORKERS = 2;

  /**
   * The runtime's frames, compressed once per JDK, module set and target and then taken from the frame cache, are
   * worth zstd's slowest level: with the x86 call filter, hello goes from 13.8 to 12.0 MB (bench/RESULTS.md).
   */
  static final int ZSTD_HARD_LEVEL = 19;

  /**
   * zstd gives a worker a job of this many bytes (with a full window of overlap, so the output is within 0.01 % of
   * one job's): libjvm.so's 20 MB are five jobs, which take about a fifth of one job's time on five cores. Fixed,
   * so the output is the same on every machine; the number of workers does not change it.
   */
  static final int ZSTD_HARD_JOB = 4 << 20;

  /**
   * A 4 MiB window, level 9's, not level 19's 8 MiB: a first run of hello decodes as fast as at level 9 (with 8 MiB,
   * 45 ms slower: matches that far back miss the cache), for 0.1 MB more (bench/RESULTS.md).
   */
  static final int ZSTD_HARD_WINDOW_LOG = 22;

  /** Names the hard level's settings in the frame cache's keys: change it with any of them. */
  static final String ZSTD_HARD_KEY = "19w22j4";

  /** At most this many workers for the hard level: each holds about 85 MB of zstd's tables. */
  static final int ZSTD_HARD_WORKERS = 4;

  private final int id;

  Codec(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }

  public static Codec of(int id) {
    for (Codec c : values()) {
      if (c.id == id) {
        return c;
      }
    }
    throw new PayloadFormatException("unknown codec " + id + " in the trailer");
  }

  /** Wraps {@code out}; closing the result finishes the stream but does not close {@code out}. */
  OutputStream compress(OutputStream out) {
    return compress(out, false);
  }

  /** Like {@link #compress(OutputStream)}; {@code hard}: zstd's slowest level (other codecs ignore it). */
  OutputStream compress(OutputStream out, boolean hard) {
    OutputStream shield = new FilterNoClose(out);
    if (this == STORED) {
      return shield;
    }
    if (this == ZSTD) {
      return zstdOut(shield, hard);
    }
    // Level 6, not 9: 0.6% larger, 2.7x faster to build (docs/CODEC.md).
    Deflater deflater = new Deflater(6, true);
    return new DeflaterOutputStream(shield, deflater, 1 << 16) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          deflater.end();
        }
      }
    };
  }

  InputStream decompress(InputStream in) {
    if (this == STORED) {
      return in;
    }
    if (this == ZSTD) {
      return zstdIn(in);
    }
    Inflater inflater = new Inflater(true);
    return new InflaterInputStream(in, inflater, 1 << 16) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          inflater.end();
        }
      }
    };
  }

  /**
   * One zstd frame with the content checksum (the launcher verifies it) and no content size (unknown while
   * streaming), so the launcher's buffer is bounded by the window (4 MiB at both levels), never by the tree.
   */
  private static OutputStream zstdOut(OutputStream out, boolean hard) {
    return zstdOut(out, hard, hard ? Math.max(1, Math.min(ZSTD_HARD_WORKERS, Runtime.getRuntime().availableProcessors()))
        : ZSTD_WORKERS);
  }

  /** {@link #zstdOut(OutputStream, boolean)} with {@code workers} threads: any number from 1 writes the same bytes. */
  static OutputStream zstdOut(OutputStream out, boolean hard, int workers) {
    try {
      ZstdOutputStream z = new ZstdOutputStream(out, hard ? ZSTD_HARD_LEVEL : ZSTD_LEVEL);
      z.setChecksum(true);
      // zstd's multi-threaded mode writes the same bytes for any number of workers from 1 up (not for 0), so
      // the output does not depend on the machine; with 2 cores the compression takes half the time, and with one
      // it still overlaps with reading and hashing the files (docs/CODEC.md, bench/RESULTS.md).
      if (hard) {
        z.setJobSize(ZSTD_HARD_JOB);
        z.setWindowLog(ZSTD_HARD_WINDOW_LOG);
        z.setOverlapLog(9);
      }
      z.setWorkers(workers);
      return z;
    } catch (IOException | UnsatisfiedLinkError e) {
      throw new HermitException("cannot start the zstd compressor (its native library did not load: "
          + e.getMessage() + "); build with the deflate codec instead", e);
    }
  }

  private static InputStream zstdIn(InputStream in) {
    try {
      return new ZstdInputStream(in);
    } catch (IOException | UnsatisfiedLinkError e) {
      throw new HermitException("cannot start the zstd decompressor (its native library did not load: "
          + e.getMessage() + ")", e);
    }
  }

  private static final class FilterNoClose extends java.io.FilterOutputStream {
    FilterNoClose(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
