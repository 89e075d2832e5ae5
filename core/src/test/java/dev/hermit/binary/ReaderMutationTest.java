package dev.hermit.binary;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation loop over the ELF, PE and Mach-O readers, in the manner of a fuzzer's mutators (issue 12):
 * small real files of every format and byte order are mutated by bit flips, boundary integers written over
 * fields (both byte orders, every width), deleted, inserted and duplicated ranges, truncation, and splices of two
 * files. Every input must end in an answer or a {@link BinaryFormatException} whose offset lies in the file,
 * within 2 s. Bounded by steps, not time, so a run is the same on every machine: {@code hermit.fuzz.steps}
 * (default 20,000, about 3 s in CI; docs/RELIABILITY.md records a long run) and {@code hermit.fuzz.seed}. A failing
 * input is saved under {@code target/mutation-failures/}: make it a fixture of MalformedInputTest and fix the
 * reader.
 */
class ReaderMutationTest {
  private static final long SEED = Long.getLong("hermit.fuzz.seed", 20261202L);
  private static final int STEPS = Integer.getInteger("hermit.fuzz.steps", 20000);
  private static final int MAX_SEED_SIZE = 256 << 10;
  private static final long[] BOUNDARIES = {0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
      0x7fffffffL, 0x80000000L, 0xffffffffL, 0x100000000L, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2};

  @Test
  void everyMutatedInputEndsInAnAnswerOrAFormatError() throws IOException {
    List<Path> seedFiles = seeds();
    List<byte[]> seeds = new ArrayList<>();
    for (Path p : seedFiles) {
      seeds.add(Files.readAllBytes(p));
    }
    Random random = new Random(SEED);
    int answered = 0;
    int refused = 0;
    long start = System.nanoTime();
    for (int step = 0; step < STEPS; step++) {
      int from = random.nextInt(seeds.size());
      byte[] input = seeds.get(from);
      int ops = 1 + random.nextInt(4);
      StringBuilder what = new StringBuilder(seedFiles.get(from).getFileName() + " step " + step + ":");
      for (int o = 0; o < ops; o++) {
        input = mutate(input, random, seeds, what);
      }
      if (check(input, what.toString())) {
        answered++;
      } else {
        refused++;
      }
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("reader mutation loop: %d inputs from %d seed files (seed %d) in %d ms: %d read, %d refused "
        + "with a BinaryFormatException, crashes: 0%n", STEPS, seeds.size(), SEED, ms, answered, refused);
    assertTrue(refused > 0 && answered > 0, "the mutations should produce both outcomes: " + answered + "/" + refused);
  }

  /** Small files of every format the readers take: ELF 32/64-bit, both byte orders; PE; Mach-O thin and fat. */
  private static List<Path> seeds() throws IOException {
    List<Path> files = new ArrayList<>(List.of(Path.of("/usr/bin/true")));
    Path corpus = TestCorpus.requireCorpus("");
    for (String arch : List.of("armhf", "s390x", "i386", "arm64", "ppc64el")) {
      Path f = corpus.resolve("elf/" + arch + "/coreutils/bin/true");
      if (Files.exists(f)) {
        files.add(f);
      }
    }
    for (String dir : List.of("pe", "macho")) {
      try (Stream<Path> s = Files.list(corpus.resolve(dir))) {
        s.sorted().filter(p -> size(p) <= MAX_SEED_SIZE).forEach(files::add);
      }
    }
    files.removeIf(p -> !Files.isRegularFile(p) || size(p) > MAX_SEED_SIZE);
    return files;
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  private static byte[] mutate(byte[] in, Random r, List<byte[]> seeds, StringBuilder what) {
    int n = in.length;
    int at = n == 0 ? 0 : r.nextInt(n);
    switch (r.nextInt(8)) {
      case 0 -> { // flip a bit
        byte[] out = in.clone();
        if (n > 0) {
          out[at] ^= (byte) (1 << r.nextInt(8));
        }
        what.append(" flip@").append(at);
        return out;
      }
      case 1 -> { // a random byte
        byte[] out = in.clone();
        if (n > 0) {
          out[at] = (byte) r.nextInt(256);
        }
        what.append(" byte@").append(at);
        return out;
      }
      case 2, 3 -> { // a boundary integer over a field: width 2, 4 or 8, either byte order, near the start mostly
        byte[] out = in.clone();
        int width = 2 << r.nextInt(3);
        int pos = r.nextBoolean() ? r.nextInt(Math.max(1, Math.min(n, 4096))) : at;
        pos -= pos % width;
        long v = r.nextInt(4) == 0 ? n + r.nextInt(3) - 1 : BOUNDARIES[r.nextInt(BOUNDARIES.length)];
        if (pos + width <= n) {
          ByteBuffer b = ByteBuffer.wrap(out).order(r.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
          switch (width) {
            case 2 -> b.putShort(pos, (short) v);
            case 4 -> b.putInt(pos, (int) v);
            default -> b.putLong(pos, v);
          }
        }
        what.append(" int").append(width * 8).append('@').append(pos).append('=').append(v);
        return out;
      }
      case 4 -> { // delete a range
        int len = Math.min(n - at, 1 + r.nextInt(64));
        byte[] out = new byte[n - len];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, at + len, out, at, n - at - len);
        what.append(" delete@").append(at).append('+').append(len);
        return out;
      }
      case 5 -> { // insert random bytes or a copy of a range of the input
        int len = 1 + r.nextInt(64);
        byte[] piece = new byte[len];
        if (r.nextBoolean() && n > len) {
          System.arraycopy(in, r.nextInt(n - len), piece, 0, len);
        } else {
          r.nextBytes(piece);
        }
        byte[] out = new byte[n + len];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, len);
        System.arraycopy(in, at, out, at + len, n - at);
        what.append(" insert@").append(at).append('+').append(len);
        return out;
      }
      case 6 -> { // truncate
        what.append(" truncate@").append(at);
        return Arrays.copyOf(in, at);
      }
      default -> { // splice: this input's head, another seed's tail
        byte[] other = seeds.get(r.nextInt(seeds.size()));
        int cut = other.length == 0 ? 0 : r.nextInt(other.length);
        byte[] out = Arrays.copyOf(in, at + other.length - cut);
        System.arraycopy(other, cut, out, at, other.length - cut);
        what.append(" splice@").append(at).append('/').append(cut);
        return out;
      }
    }
  }

  /** True when the reader answered, false when it refused the input properly; fails the test otherwise. */
  private static boolean check(byte[] bytes, String what) throws IOException {
    long start = System.nanoTime();
    boolean answered = false;
    try {
      AnyReader.read(bytes);
      answered = true;
    } catch (BinaryFormatException expected) {
      if (expected.offset() < 0 || expected.offset() > bytes.length) {
        fail(what + ": offset outside the file in " + expected.getMessage() + " (saved to " + save(bytes, what) + ")");
      }
    } catch (RuntimeException | Error | IOException e) {
      fail(what + ": ended with " + e + " instead of a BinaryFormatException (saved to " + save(bytes, what) + ")", e);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (ms > 2000) {
      fail(what + ": took " + ms + " ms (saved to " + save(bytes, what) + ")");
    }
    return answered;
  }

  private static Path save(byte[] bytes, String what) throws IOException {
    Path dir = Path.of("target/mutation-failures");
    Files.createDirectories(dir);
    Path out = dir.resolve(Integer.toHexString(what.hashCode()) + ".bin");
    Files.write(out, bytes);
    return out;
  }
}
