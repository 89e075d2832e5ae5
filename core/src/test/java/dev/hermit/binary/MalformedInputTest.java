package dev.hermit.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Truncated, mutated and absurd inputs: every one must end with a {@link BinaryFormatException} (which carries
 * the byte offset) or an answer, within a bounded amount of work. Anything else (a RuntimeException, an
 * OutOfMemoryError, a reader that reads without end) fails and the input is written to
 * {@code target/malformed-failures/} so it can become a fixture under
 * {@code src/test/resources/dev/hermit/binary/malformed/}. Work, not wall time, bounds each case (a loaded CI machine
 * is slow, not wrong); a generous timeout per test only guards against a hang that does no reads.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class MalformedInputTest {
  private static final long SEED = Long.getLong("hermit.mutation.seed", 20261126L);
  private static final int MUTATIONS = Integer.getInteger("hermit.mutation.count", 1500);
  /** Per case: reads, and bytes read as a multiple of the file's size (plus a floor for tiny files). */
  private static final long MAX_READS = 10_000; // the most any case needed: 862 (esbuild-win32-x64.exe)
  private static final long MAX_BYTES_PER_FILE_BYTE = 16;

  @Test
  void truncatedAndMutatedHostBinaries() throws Exception {
    List<Path> files = new ArrayList<>(List.of(Path.of("/usr/bin/true"), Path.of("/usr/bin/ls")));
    // ls's own libraries, whatever this host calls and keeps them (ldd, not a hard-coded multiarch path)
    Process ldd = new ProcessBuilder("ldd", "/usr/bin/ls").redirectErrorStream(true).start();
    String out = new String(ldd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(ldd.waitFor() == 0, "ldd /usr/bin/ls: " + out);
    java.util.regex.Matcher lib = java.util.regex.Pattern.compile("=> (/\\S+) \\(").matcher(out);
    while (lib.find()) {
      files.add(Path.of(lib.group(1)).toRealPath());
    }
    assertTrue(files.size() > 2, "ls links at least libc: " + out);
    for (Path file : files) {
      torture(file);
    }
  }

  @Test
  void truncatedAndMutatedCorpusBinaries() throws Exception {
    Path corpus = TestCorpus.requireCorpus("");
    List<Path> files = new ArrayList<>();
    for (String arch : List.of("armhf", "s390x", "i386")) { // 32-bit LE, 64-bit BE, 32-bit x86
      files.add(corpus.resolve("elf/" + arch + "/coreutils/bin/true"));
    }
    try (Stream<Path> pe = Files.list(corpus.resolve("pe")); Stream<Path> macho = Files.list(corpus.resolve("macho"))) {
      pe.sorted().forEach(files::add);
      macho.sorted().forEach(files::add);
    }
    for (Path file : files) {
      torture(file);
    }
  }

  @Test
  void fixturesThatOnceFailedNowEndCleanly() throws Exception {
    List<String> names = fixtureNames();
    assertTrue(!names.isEmpty(), "malformed/INDEX lists no fixture");
    for (String name : names) {
      byte[] bytes = fixture(name);
      try {
        AnyReader.read(bytes, null, budget(bytes));
      } catch (BinaryFormatException expected) {
        assertTrue(expected.offset() >= 0 && expected.offset() <= bytes.length,
            name + ": offset outside the file in " + expected.getMessage());
      }
    }
    System.out.println("malformed fixtures checked: " + names.size());
  }

  /**
   * A copy or download that stopped early keeps a file's headers whole: each format's reader must say the file is
   * cut short rather than describe a program that cannot run. Cut at a quarter, a half and three quarters, past
   * every header, of ELF files of four arches and both byte orders, and of the PE and Mach-O corpus.
   */
  @Test
  void aFileCutShortIsAnErrorNotAnAnswer() throws Exception {
    Path corpus = TestCorpus.requireCorpus("");
    List<Path> files = new ArrayList<>(List.of(Path.of("/usr/bin/ls")));
    for (String arch : List.of("armhf", "s390x", "i386")) {
      files.add(corpus.resolve("elf/" + arch + "/coreutils/bin/true"));
    }
    try (Stream<Path> pe = Files.list(corpus.resolve("pe")); Stream<Path> macho = Files.list(corpus.resolve("macho"))) {
      pe.sorted().forEach(files::add);
      macho.sorted().forEach(files::add);
    }
    for (Path file : files) {
      byte[] whole = Files.readAllBytes(file);
      AnyReader.read(whole); // the whole file reads
      for (int quarter = 1; quarter <= 3; quarter++) {
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 4 * quarter);
        BinaryFormatException e = assertThrows(BinaryFormatException.class, () -> AnyReader.read(cut),
            file + " cut to " + cut.length + " of " + whole.length + " bytes");
        assertTrue(e.offset() >= 0 && e.offset() <= cut.length, e.getMessage());
      }
    }
  }

  @Test
  void theWorkBudgetStopsAReaderThatReadsMore() throws Exception {
    byte[] bytes = Files.readAllBytes(Path.of("/usr/bin/true"));
    assertThrows(RecordingChannel.WorkExceeded.class, () -> AnyReader.read(bytes, null, new RecordingChannel.Work(2,
        Long.MAX_VALUE)), "reading an ELF takes more than 2 reads");
    assertThrows(RecordingChannel.WorkExceeded.class, () -> AnyReader.read(bytes, null, new RecordingChannel.Work(
        Long.MAX_VALUE, 64)), "and more than 64 bytes");
  }

  @Test
  void absurdElfHeaderValuesAreReportedWithTheirOffset() throws Exception {
    byte[] base = Files.readAllBytes(Path.of("/usr/bin/true"));
    byte[] bytes = base.clone();
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(32, Long.MAX_VALUE); // e_phoff
    BinaryFormatException e = assertThrows(BinaryFormatException.class, () -> AnyReader.read(bytes));
    assertTrue(e.getMessage().contains("program header table"), e.getMessage());

    byte[] count = base.clone();
    ByteBuffer.wrap(count).order(ByteOrder.LITTLE_ENDIAN).putShort(56, (short) 0xfffe); // e_phnum
    assertThrows(BinaryFormatException.class, () -> AnyReader.read(count));

    byte[] cls = base.clone();
    cls[4] = 9;
    BinaryFormatException c = assertThrows(BinaryFormatException.class, () -> AnyReader.read(cls));
    assertTrue(c.offset() == 4 && c.getMessage().contains("ELF class 9"), c.getMessage());
  }

  /**
   * Program headers that cannot be read refuse the file: read as none, a shared object with e_phnum PN_XNUM and no
   * count in section 0 passed {@code --require static} and {@code resolved} as "not a dynamic executable" (readelf:
   * "Too many program headers - 0xffff - the file is not that big").
   */
  @Test
  void programHeadersThatCannotBeReadAreAnErrorNotAStaticFile() throws Exception {
    refusesUnreadableProgramHeaders(Path.of("/usr/bin/true"));
  }

  @Test
  void programHeadersThatCannotBeReadAreAnErrorInBigEndianAnd32BitFilesToo() throws Exception {
    Path elf = TestCorpus.requireCorpus("elf");
    refusesUnreadableProgramHeaders(elf.resolve("s390x/coreutils/bin/true"));
    refusesUnreadableProgramHeaders(elf.resolve("armhf/coreutils/bin/true"));
  }

  private static void refusesUnreadableProgramHeaders(Path file) throws Exception {
    byte[] base = Files.readAllBytes(file);
    boolean is64 = base[4] == 2;
    ByteOrder order = base[5] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    int phoffAt = is64 ? 32 : 28;
    int phnumAt = is64 ? 56 : 44;
    ByteBuffer h = ByteBuffer.wrap(base).order(order);
    assertTrue(h.getShort(16) == 2 || h.getShort(16) == 3, file + " is an executable or shared object");
    long shoff = is64 ? h.getLong(40) : h.getInt(32) & 0xffffffffL;
    int shInfoAt = (int) shoff + (is64 ? 44 : 28);
    assertTrue(h.getInt(shInfoAt) == 0, file + ": section 0's sh_info is 0, as linkers leave it");

    byte[] xnum = base.clone();
    ByteBuffer.wrap(xnum).order(order).putShort(phnumAt, (short) 0xffff);
    assertRefused(xnum, "e_phnum is PN_XNUM (0xffff) but section header 0's sh_info", shInfoAt);

    byte[] atZero = base.clone();
    putWord(ByteBuffer.wrap(atZero).order(order), phoffAt, is64, 0);
    assertRefused(atZero, "e_phoff is 0 but e_phnum says", phoffAt);

    byte[] none = base.clone();
    ByteBuffer.wrap(none).order(order).putShort(phnumAt, (short) 0);
    assertRefused(none, "with no program headers (e_phnum 0)", phnumAt);

    byte[] past = base.clone();
    putWord(ByteBuffer.wrap(past).order(order), phoffAt, is64, base.length - 8);
    assertRefused(past, "program header table lies outside the file", base.length - 8);

    // PN_XNUM with the real count in section 0's sh_info reads as the file itself
    byte[] extended = base.clone();
    ByteBuffer e = ByteBuffer.wrap(extended).order(order);
    e.putInt(shInfoAt, h.getShort(phnumAt) & 0xffff).putShort(phnumAt, (short) 0xffff);
    assertEquals(AnyReader.read(base), AnyReader.read(extended), file + " with PN_XNUM and the count in section 0");
  }

  private static void putWord(ByteBuffer b, int at, boolean is64, long value) {
    if (is64) {
      b.putLong(at, value);
    } else {
      b.putInt(at, (int) value);
    }
  }

  private static void assertRefused(byte[] bytes, String message, long offset) {
    BinaryFormatException e = assertThrows(BinaryFormatException.class, () -> AnyReader.read(bytes), message);
    assertTrue(e.getMessage().contains(message) && e.offset() == offset, e.getMessage());
  }

  /** e_shoff 2^64-1 was "cut short ... takes bytes 18446744073709551615 to 1791": an end that wrapped around. */
  @Test
  void aSectionHeaderOffsetNoFileReachesIsBeyondTheEndNotCutShort() throws Exception {
    byte[] base = Files.readAllBytes(Path.of("/usr/bin/true"));
    byte[] wrapped = base.clone();
    ByteBuffer.wrap(wrapped).order(ByteOrder.LITTLE_ENDIAN).putLong(40, -1); // e_shoff
    assertRefused(wrapped, "the section header table starts at byte 18446744073709551615, beyond the end of the file ("
        + base.length + " bytes)", 40);
    byte[] cut = java.util.Arrays.copyOf(base, base.length - 1); // the table ends the file: still cut short
    assertRefused(cut, "the file is cut short: it has " + (base.length - 1) + " bytes, but its section header table"
        + " takes bytes ", 40);
  }

  /** A section name is 8 bytes of anything: printed raw, its escape sequences reached the user's terminal. */
  @Test
  void aPeSectionNameIsPrintedWithItsNonPrintableBytesEscaped() throws Exception {
    byte[] bytes = Files.readAllBytes(TestCorpus.requireCorpus("pe").resolve("hello-amd64.exe"));
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int pe = b.getInt(0x3c);
    int table = pe + 24 + (b.getShort(pe + 20) & 0xffff);
    b.put(table, new byte[] {'.', 't', 0x1b, '[', '3', '1', 'm', (byte) 0xe9});
    b.putInt(table + 16, bytes.length); // SizeOfRawData past the end
    BinaryFormatException e = assertThrows(BinaryFormatException.class, () -> AnyReader.read(bytes));
    assertTrue(e.getMessage().contains("its section .t\\x1b[31m\\xe9 takes bytes "), e.getMessage());
  }

  /** A universal file's architecture of size 0 said "file size 0": the slice's, which the message now names. */
  @Test
  void anEmptyArchitectureOfAUniversalFileIsNamedWithItsOffsetAndSize() throws Exception {
    byte[] bytes = Files.readAllBytes(TestCorpus.requireCorpus("macho").resolve("hello-universal"));
    ByteBuffer b = ByteBuffer.wrap(bytes); // fat headers are big-endian
    int offset = b.getInt(8 + 20 + 8);
    b.putInt(8 + 20 + 12, 0); // architecture 1's size
    String cpu = new dev.hermit.binary.macho.MachOCpu(b.getInt(8 + 20), b.getInt(8 + 20 + 4)).arch();
    BinaryFormatException e = assertThrows(BinaryFormatException.class, () -> AnyReader.read(bytes));
    assertTrue(e.getMessage().contains("lies outside architecture 1 (" + cpu + ") of the universal file")
        && e.getMessage().contains("the slice is 0 bytes at byte " + offset + ")")
        && !e.getMessage().contains("file size"), e.getMessage());
  }

  @Test
  void machOLoadCommandOfSizeZeroIsAnErrorNotALoop() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0xfeedfacf).putInt(0x0100000c).putInt(0).putInt(2).putInt(1).putInt(8).putInt(0).putInt(0);
    b.putInt(0x19).putInt(0); // LC_SEGMENT_64 with cmdsize 0
    BinaryFormatException e = assertThrows(BinaryFormatException.class, () -> AnyReader.read(b.array()));
    assertTrue(e.offset() == 32, "offset " + e.offset() + ": " + e.getMessage());
  }

  @Test
  void universalFileWithAbsurdCountIsRejected() {
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.BIG_ENDIAN);
    b.putInt(0xcafebabe).putInt(30).putInt(0x0100000c).putInt(0).putInt(0x7fffffff).putInt(0x7fffffff);
    assertThrows(BinaryFormatException.class, () -> AnyReader.read(b.array()));
  }

  @Test
  void peImportDirectoryPointingNowhereIsAnErrorNotNoImports() throws Exception {
    Path exe = TestCorpus.requireCorpus("pe").resolve("hello-amd64.exe");
    byte[] bytes = Files.readAllBytes(exe);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int pe = b.getInt(0x3c);
    b.putInt(pe + 24 + 112 + 8, 0x7ffff000); // import directory RVA outside every section
    BinaryFormatException e = assertThrows(BinaryFormatException.class, () -> AnyReader.read(bytes));
    assertTrue(e.getMessage().contains("import directory"), e.getMessage());
  }

  @Test
  void peSectionWithoutFileBytesIsNamed() throws Exception {
    // As in debug-info PE files (e.g. perf's tests/pe-file.exe.debug): the section holding the import
    // directory keeps its virtual size but has no raw data. objdump: "that section has no contents".
    Path exe = TestCorpus.requireCorpus("pe").resolve("hello-amd64.exe");
    byte[] bytes = Files.readAllBytes(exe);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int pe = b.getInt(0x3c);
    int sections = b.getShort(pe + 6);
    int table = pe + 24 + (b.getShort(pe + 20) & 0xffff);
    long importRva = b.getInt(pe + 24 + 112 + 8) & 0xffffffffL;
    for (int i = 0; i < sections; i++) {
      long va = b.getInt(table + 40 * i + 12) & 0xffffffffL;
      long vs = b.getInt(table + 40 * i + 8) & 0xffffffffL;
      if (importRva >= va && importRva < va + vs) {
        b.putInt(table + 40 * i + 16, 0); // SizeOfRawData
      }
    }
    BinaryFormatException e = assertThrows(BinaryFormatException.class, () -> AnyReader.read(bytes));
    assertTrue(e.getMessage().contains("which has no bytes for it in the file"), e.getMessage());
  }

  private static void torture(Path file) throws Exception {
    byte[] original = Files.readAllBytes(file);
    Random random = new Random(SEED ^ file.toString().hashCode());
    long start = System.nanoTime();
    int cases = 0;
    long[] most = new long[2]; // the most reads and bytes any case needed, for the log
    List<Integer> lengths = new ArrayList<>();
    for (int n = 0; n < Math.min(original.length, 4096); n += 1 + n / 64) {
      lengths.add(n);
    }
    for (int i = 1; i <= 64; i++) {
      lengths.add((int) ((long) original.length * i / 65));
    }
    for (int length : lengths) {
      check(file, java.util.Arrays.copyOf(original, length), "truncated to " + length, most);
      cases++;
    }
    // Half the edits land on bytes the reader actually looks at in the intact file (headers, tables, strings),
    // where a random edit anywhere in a 2 MB library would rarely reach.
    List<long[]> reads = new ArrayList<>();
    AnyReader.read(original, reads);
    long[] starts = new long[reads.size()];
    long[] cumulative = new long[reads.size()];
    long total = 0;
    for (int r = 0; r < reads.size(); r++) {
      starts[r] = reads.get(r)[0];
      total += reads.get(r)[1];
      cumulative[r] = total;
    }
    int mutations = original.length > (4 << 20) ? Math.min(MUTATIONS, 300) : MUTATIONS; // each one copies the file
    for (int m = 0; m < mutations; m++) {
      byte[] bytes = original.clone();
      int edits = 1 + random.nextInt(8);
      StringBuilder what = new StringBuilder("mutation " + m + ":");
      for (int e = 0; e < edits; e++) {
        int at;
        if (random.nextBoolean() && total > 0) {
          long pick = (long) (random.nextDouble() * total);
          int r = 0;
          while (cumulative[r] <= pick) {
            r++;
          }
          at = (int) (starts[r] + pick - (cumulative[r] - reads.get(r)[1]));
        } else {
          at = random.nextInt(bytes.length);
        }
        byte value = switch (random.nextInt(4)) {
          case 0 -> (byte) 0xff;
          case 1 -> 0;
          case 2 -> (byte) (bytes[at] ^ (1 << random.nextInt(8)));
          default -> (byte) random.nextInt(256);
        };
        bytes[at] = value;
        what.append(' ').append(at).append('=').append(value & 0xff);
      }
      check(file, bytes, what.toString(), most);
      cases++;
    }
    System.out.printf("malformed input: %s: %d cases in %d ms, all ended cleanly; the most work in one case: %d reads,"
        + " %d bytes%n", file, cases, (System.nanoTime() - start) / 1_000_000, most[0], most[1]);
  }

  private static void check(Path file, byte[] bytes, String what, long[] most) throws IOException {
    RecordingChannel.Work work = budget(bytes);
    try {
      AnyReader.read(bytes, null, work);
    } catch (RecordingChannel.WorkExceeded e) {
      Path saved = save(file, bytes, what);
      fail(file + " " + what + ": did too much work: " + e.getMessage() + " (input saved to " + saved + ")");
    } catch (BinaryFormatException expected) {
      if (expected.offset() < 0 || expected.offset() > bytes.length) {
        Path saved = save(file, bytes, what);
        fail(file + " " + what + ": offset outside the file in " + expected.getMessage() + " (input saved to "
            + saved + ")");
      }
    } catch (RuntimeException | Error | IOException e) {
      Path saved = save(file, bytes, what);
      fail(file + " " + what + ": ended with " + e + " instead of a BinaryFormatException (input saved to "
          + saved + ")", e);
    }
    most[0] = Math.max(most[0], work.reads);
    most[1] = Math.max(most[1], work.bytes);
  }

  private static RecordingChannel.Work budget(byte[] bytes) {
    return new RecordingChannel.Work(MAX_READS, MAX_BYTES_PER_FILE_BYTE * bytes.length + (1 << 20));
  }

  private static Path save(Path file, byte[] bytes, String what) throws IOException {
    Path dir = Path.of("target/malformed-failures");
    Files.createDirectories(dir);
    Path out = dir.resolve(file.getFileName() + "-" + Integer.toHexString(what.hashCode()) + ".bin");
    Files.write(out, bytes);
    return out;
  }

  private static List<String> fixtureNames() throws IOException {
    try (InputStream index = MalformedInputTest.class.getResourceAsStream("malformed/INDEX")) {
      if (index == null) {
        throw new AssertionError("the fixtures' index malformed/INDEX is missing from the test resources");
      }
      List<String> names = new ArrayList<>();
      for (String line : new String(index.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        String t = line.replaceFirst("#.*", "").trim();
        if (!t.isEmpty()) {
          names.add(t.split("\\s+")[0]);
        }
      }
      return names;
    }
  }

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = MalformedInputTest.class.getResourceAsStream("malformed/" + name)) {
      if (in == null) {
        throw new IOException("fixture listed in INDEX is missing: " + name);
      }
      return in.readAllBytes();
    }
  }
}
