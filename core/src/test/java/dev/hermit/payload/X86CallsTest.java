package dev.hermit.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class X86CallsTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  /** docs/FORMAT.md's rule on bytes worked out by hand. */
  @Test
  void encodesDisplacementsAsTheFormatSays() {
    byte[] b = hex("e8 00000000" // at 0, +0 -> the position after it, 5
        + "90" // not an opcode
        + "e9 fbffffff" // at 6, -5 -> 6
        + "e8 78563412" // at 11, top byte 12: left alone, and skipped
        + "e8 ffffff00" // at 16, 0x00ffffff + 21 wraps modulo 2^25 to 0x01000014 -> sign-extended 0xff000014
        + "e8 0000"); // an opcode whose displacement is cut by the end: left alone
    X86Calls.encode(b);
    assertArrayEquals(hex("e8 05000000 90 e9 06000000 e8 78563412 e8 140000ff e8 0000"), b);
    X86Calls.decode(b);
    assertArrayEquals(hex("e8 00000000 90 e9 fbffffff e8 78563412 e8 ffffff00 e8 0000"), b);
  }

  @Test
  void anyBytesComeBackWhateverTheReadSizes() throws IOException {
    Random r = new Random(5);
    for (int round = 0; round < 40; round++) {
      byte[] original = new byte[r.nextInt(300_000)];
      r.nextBytes(original);
      for (int i = 0; i < original.length; i += 1 + r.nextInt(12)) {
        original[i] = (byte) (r.nextBoolean() ? 0xe8 : 0xe9); // dense opcodes, so cuts fall inside displacements
        if (i + 4 < original.length && r.nextBoolean()) {
          original[i + 4] = (byte) (r.nextBoolean() ? 0 : 0xff);
        }
      }
      byte[] encoded = original.clone();
      X86Calls.encode(encoded);
      assertFalse(original.length > 1000 && java.util.Arrays.equals(original, encoded), "the filter changed bytes");
      assertArrayEquals(original, readInPieces(new X86Calls.Decoding(new Trickle(encoded, r)), r), "round " + round);
      if (round < 3) { // byte by byte too
        InputStream one = new X86Calls.Decoding(new Trickle(encoded, r));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b; (b = one.read()) >= 0; ) {
          out.write(b);
        }
        assertArrayEquals(original, out.toByteArray(), "round " + round + ", a byte at a time");
      }
    }
  }

  @Test
  void suitsLittleEndianX86ElfFilesOnly() {
    byte[] head = new byte[20];
    head[0] = 0x7f;
    head[1] = 'E';
    head[2] = 'L';
    head[3] = 'F';
    head[5] = 1;
    head[18] = 62;
    assertTrue(X86Calls.suits(head, 20, 1 << 20));
    head[18] = 3;
    assertTrue(X86Calls.suits(head, 20, 1 << 20));
    assertFalse(X86Calls.suits(head, 20, 100), "too small to be worth it");
    head[18] = (byte) 183; // aarch64
    assertFalse(X86Calls.suits(head, 20, 1 << 20));
    head[18] = 62;
    head[5] = 2; // big-endian
    assertFalse(X86Calls.suits(head, 20, 1 << 20));
    head[5] = 1;
    head[0] = 'P';
    assertFalse(X86Calls.suits(head, 20, 1 << 20));
  }

  private static byte[] readInPieces(InputStream in, Random r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[70_000];
    for (int n; (n = in.read(buf, 0, 1 + r.nextInt(buf.length))) >= 0; ) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** Hands out its bytes a few at a time, as a decompressor may. */
  private static final class Trickle extends ByteArrayInputStream {
    private final Random r;

    Trickle(byte[] b, Random r) {
      super(b);
      this.r = r;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, 1 + r.nextInt(r.nextBoolean() ? 7 : 100_000)));
    }
  }
}
