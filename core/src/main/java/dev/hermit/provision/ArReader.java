package dev.hermit.provision;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a Unix ar archive (the outer layer of a .deb: debian-binary, control.tar.*, data.tar.*) as a stream of
 * members. Common format only: 16-byte names, a '/' suffix tolerated; no symbol tables or long-name tables, which
 * .deb files never have.
 */
final class ArReader {
  private final InputStream in;
  private long remaining; // of the current member, plus its padding byte
  private boolean pad;

  ArReader(InputStream in) throws IOException {
    this.in = in;
    byte[] magic = in.readNBytes(8);
    if (!new String(magic, StandardCharsets.US_ASCII).equals("!<arch>\n")) {
      throw new IOException("not an ar archive (no !<arch> magic)");
    }
  }

  /** The next member's name, positioned at its data; null at the end. */
  String next() throws IOException {
    skipRest();
    byte[] h = in.readNBytes(60);
    if (h.length == 0) {
      return null;
    }
    if (h.length != 60 || h[58] != '`' || h[59] != '\n') {
      throw new IOException("truncated or bad ar member header");
    }
    String name = new String(h, 0, 16, StandardCharsets.US_ASCII).trim();
    if (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    try {
      remaining = Long.parseLong(new String(h, 48, 10, StandardCharsets.US_ASCII).trim());
    } catch (NumberFormatException e) {
      throw new IOException("bad ar member size for " + name);
    }
    pad = (remaining & 1) == 1;
    return name;
  }

  /** The current member's data; reading stops at its end. */
  InputStream member() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int r = in.read(b, off, (int) Math.min(len, remaining));
        if (r < 0) {
          throw new EOFException("ar member cut short");
        }
        remaining -= r;
        return r;
      }
    };
  }

  private void skipRest() throws IOException {
    long skip = remaining + (pad ? 1 : 0);
    in.skipNBytes(skip);
    remaining = 0;
    pad = false;
  }
}
