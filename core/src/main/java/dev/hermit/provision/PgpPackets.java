package dev.hermit.provision;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The OpenPGP packet framing (RFC 4880 §4.2): old and new format headers, definite lengths only. Partial body
 * lengths appear only in compressed or encrypted data, which nothing here reads.
 */
final class PgpPackets {
  private PgpPackets() {}

  record Packet(int tag, byte[] body) {}

  static List<Packet> read(byte[] data) {
    List<Packet> packets = new ArrayList<>();
    int p = 0;
    while (p < data.length) {
      int head = data[p] & 0xff;
      if ((head & 0x80) == 0) {
        throw new PgpException("not an OpenPGP packet at byte " + p);
      }
      int tag;
      long length;
      int start;
      if ((head & 0x40) != 0) {
        tag = head & 0x3f;
        int first = at(data, p + 1);
        if (first < 192) {
          length = first;
          start = p + 2;
        } else if (first < 224) {
          length = ((first - 192) << 8) + at(data, p + 2) + 192;
          start = p + 3;
        } else if (first == 255) {
          length = ((long) at(data, p + 2) << 24) | (at(data, p + 3) << 16) | (at(data, p + 4) << 8) | at(data, p + 5);
          start = p + 6;
        } else {
          throw new PgpException("partial body length at byte " + p + " (not used by keys or signatures)");
        }
      } else {
        tag = (head >> 2) & 0x0f;
        int lengthType = head & 3;
        if (lengthType == 3) {
          throw new PgpException("indeterminate packet length at byte " + p);
        }
        int n = 1 << lengthType;
        length = 0;
        for (int i = 0; i < n; i++) {
          length = (length << 8) | at(data, p + 1 + i);
        }
        start = p + 1 + n;
      }
      if (start + length > data.length) {
        throw new PgpException("packet at byte " + p + " runs past the end (" + length + " bytes)");
      }
      packets.add(new Packet(tag, Arrays.copyOfRange(data, start, (int) (start + length))));
      p = (int) (start + length);
    }
    return packets;
  }

  private static int at(byte[] data, int i) {
    if (i >= data.length) {
      throw new PgpException("truncated packet header at byte " + i);
    }
    return data[i] & 0xff;
  }

  /** A multiprecision integer (§3.2): a two-byte bit count, then the big-endian bytes. */
  static BigInteger mpi(ByteBuffer b) {
    int bits = b.getShort() & 0xffff;
    byte[] bytes = new byte[(bits + 7) / 8];
    b.get(bytes);
    return new BigInteger(1, bytes);
  }
}
