package dev.hermit.payload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * How the tree is compressed. Deflate was chosen for version 1 because its decoder is small enough to write in
 * freestanding C and decodes fast; docs/CODEC.md records the measurements against xz and zstd.
 */
public enum Codec {
  STORED(0),
  DEFLATE(1);

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
    OutputStream shield = new FilterNoClose(out);
    if (this == STORED) {
      return shield;
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
