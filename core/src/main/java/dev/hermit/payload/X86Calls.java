package dev.hermit.payload;

/**
 * The tree's x86 call filter (docs/FORMAT.md, entry type 4): in an x86 program the target of a near CALL or JMP
 * (opcode E8 or E9, then a 32-bit displacement) is written relative to the instruction, so the many calls of one
 * function are all different bytes. Made absolute (the displacement plus the position after it), they repeat, and
 * zstd finds them: libjvm.so packs 8 % smaller (bench/RESULTS.md). The launcher undoes it while writing the file.
 *
 * <p>The rule, the same both ways: scan the file from its first byte; at an E8 or E9 whose four following bytes are
 * all in the file, look at the displacement (little-endian); when its top byte is 00 or FF (a target within 16 MiB,
 * as every call inside one library is), replace its low 25 bits by their sum with (resp. difference from) the
 * position after it, modulo 2^25, sign-extended; either way skip those four bytes; at any other byte, move on one.
 * Opcode bytes are never changed and a converted value keeps a top byte of 00 or FF, so the decoder meets the same
 * opcodes, makes the same choices and restores every byte. Arbitrary data is restored exactly too; it just does not
 * shrink.
 */
public final class X86Calls {
  private X86Calls() {}

  /** ELF machines whose code this filter suits: EM_386 and EM_X86_64. */
  private static final int EM_386 = 3;
  private static final int EM_X86_64 = 62;

  /** Smaller files are not worth a filter (and the test keeps tiny generated files plain). */
  static final int MIN_SIZE = 4096;

  private static final int MASK = (1 << 25) - 1;

  /** Whether a file that starts with {@code head} (at least 20 bytes) is a little-endian x86 ELF file. */
  static boolean suits(byte[] head, int length, long size) {
    if (size < MIN_SIZE || length < 20 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F'
        || head[5] != 1) {
      return false;
    }
    int machine = (head[18] & 0xff) | (head[19] & 0xff) << 8;
    return machine == EM_386 || machine == EM_X86_64;
  }

  /**
   * Applies the filter to {@code b[off, off + len)}, whose first byte is at {@code pos} in the file, {@code encode}
   * choosing the direction; returns how many bytes are done. When {@code last} is false, up to four bytes at the end
   * may be left (an opcode whose displacement has not all arrived): give them again, first, with the next bytes.
   */
  static int apply(byte[] b, int off, int len, long pos, boolean last, boolean encode) {
    int i = 0;
    while (i + 5 <= len) {
      int op = b[off + i] & 0xff;
      if (op != 0xE8 && op != 0xE9) {
        i++;
        continue;
      }
      int top = b[off + i + 4] & 0xff;
      if (top == 0 || top == 0xff) {
        int at = off + i + 1;
        int v = (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
        int after = (int) (pos + i + 5);
        v = (encode ? v + after : v - after) & MASK;
        v = v << 7 >> 7; // sign-extend from bit 24: the top byte is 00 or FF again
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
      }
      i += 5;
    }
    return last ? len : i;
  }

  /** Encodes a whole file in place. */
  static void encode(byte[] file) {
    apply(file, 0, file.length, 0, true, true);
  }

  /** Decodes a whole file in place (the reader streams instead: {@link Decoding}). */
  static void decode(byte[] file) {
    apply(file, 0, file.length, 0, true, false);
  }

  /** A file's filtered bytes in, its own bytes out, as the launcher does it: in chunks, holding back a cut operand. */
  static final class Decoding extends java.io.InputStream {
    private final java.io.InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int start;  // first byte decoded and not yet handed out
    private int ready;  // end of the decoded bytes
    private int end;    // end of the bytes read
    private long pos;   // file position of buf[ready]
    private boolean eof;

    Decoding(java.io.InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws java.io.IOException {
      return decoded() ? buf[start++] & 0xff : -1;
    }

    @Override
    public int read(byte[] out, int off, int len) throws java.io.IOException {
      if (len == 0) {
        return 0;
      }
      if (!decoded()) {
        return -1;
      }
      int n = Math.min(len, ready - start);
      System.arraycopy(buf, start, out, off, n);
      start += n;
      return n;
    }

    /** Whether decoded bytes are waiting (reading and decoding more when none are); false at the end. */
    private boolean decoded() throws java.io.IOException {
      while (start == ready) {
        if (eof && ready == end) {
          return false;
        }
        fill();
      }
      return true;
    }

    /** Moves the undecoded tail (at most four bytes) to the front, reads more, and decodes what it can. */
    private void fill() throws java.io.IOException {
      int tail = end - ready;
      System.arraycopy(buf, ready, buf, 0, tail);
      start = 0;
      ready = 0;
      end = tail;
      while (end < buf.length && !eof) {
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
          eof = true;
        } else {
          end += n;
          break;
        }
      }
      int done = apply(buf, 0, end, pos, eof, false);
      ready = done;
      pos += done;
    }
  }
}
