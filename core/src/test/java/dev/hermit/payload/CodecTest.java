package dev.hermit.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class CodecTest {
  /**
   * A build must not depend on the building machine's cores: the hard level's frames, cut into jobs of 4 MiB, are
   * the same bytes whether one worker or three compress them. 5 MB (two jobs): random bytes, then the same again
   * with every 1000th byte changed, so the second job matches into the first one's data.
   */
  @Test
  void theHardLevelWritesTheSameBytesForAnyNumberOfWorkers() throws IOException {
    byte[] raw = new byte[5_000_000];
    byte[] half = new byte[raw.length / 2];
    new java.util.Random(8).nextBytes(half);
    System.arraycopy(half, 0, raw, 0, half.length);
    System.arraycopy(half, 0, raw, half.length, half.length);
    for (int i = half.length; i < raw.length; i += 1000) {
      raw[i] ^= 0x55;
    }
    byte[] one = compress(raw, 1);
    assertArrayEquals(one, compress(raw, 3));
    assertTrue(one.length < raw.length * 6 / 10, "the second half matched the first: " + one.length);
    try (var in = Codec.ZSTD.decompress(new ByteArrayInputStream(one))) {
      assertArrayEquals(raw, in.readAllBytes());
    }
  }

  private static byte[] compress(byte[] raw, int workers) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = Codec.zstdOut(out, true, workers)) {
      z.write(raw);
    }
    return out.toByteArray();
  }
}
