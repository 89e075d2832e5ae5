package dev.hermit.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * The Java half of the golden test over testdata/payload (the launcher's test.sh is the C half). Run with
 * -Dhermit.regenerateGolden=true to rewrite the files after a deliberate format change. Either way the files are then
 * checked against bytes this test lays out field by field from docs/FORMAT.md, without PayloadWriter: a regenerated
 * file that the writer got wrong still fails. The writer writes format version 2; testdata/payload/v1 keeps the
 * version-1 files of the same inputs, which must stay readable (and are checked against the spec's version 1).
 */
class GoldenPayloadTest {
  static final Path DIR = Path.of(System.getProperty("hermit.repo", "..")).resolve("testdata/payload");
  static final Path V1 = DIR.resolve("v1");

  static Manifest sampleManifest() {
    return new Manifest(
        Manifest.ROOT + "/bin/hello",
        List.of(Manifest.ROOT + "/bin/hello", "--from-manifest", "two words"),
        List.of("HERMIT_SAMPLE=root=" + Manifest.ROOT, "HERMIT_SAMPLE_EXE=" + Manifest.EXE),
        "{\"sample\":true}");
  }

  static final String SCRIPT = """
      #!/bin/sh
      echo "hello from hermit sample"
      for a in "$@"; do echo "arg:$a"; done
      echo "env:$HERMIT_SAMPLE"
      echo "exe:$HERMIT_SAMPLE_EXE"
      """;

  static List<TreeEntry> sampleTree() {
    return List.of(
        TreeEntry.directory("bin"),
        TreeEntry.file("bin/hello", 0755, SCRIPT.getBytes(StandardCharsets.UTF_8)),
        TreeEntry.directory("data"),
        TreeEntry.file("data/greeting.txt", 0644, "héllo wörld\n".getBytes(StandardCharsets.UTF_8)),
        TreeEntry.symlink("data/link.txt", "greeting.txt"),
        TreeEntry.file("data/empty", 0600, new byte[0]),
        TreeEntry.directory("data/sub"),
        TreeEntry.file("data/sub/big.bin", 0644, bigContent()),
        TreeEntry.file("data/sub/calls.elf", 0644, callsContent()));
  }

  /**
   * 100 KB (more than the launcher's 64 KiB buffer for the filter) that the writer takes for an x86-64 ELF file (the first 20 bytes of its header) and sends through the
   * call filter: LCG-chosen near and far CALL/JMP displacements among other bytes, and an opcode in the last four.
   */
  static byte[] callsContent() {
    byte[] b = new byte[100_000];
    byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1};
    System.arraycopy(elf, 0, b, 0, elf.length);
    b[18] = 62;
    long x = 7;
    for (int i = 20; i < b.length - 4; ) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      int r = (int) (x >>> 32);
      if ((r & 3) == 3) {
        b[i++] = (byte) (r >>> 8);
        continue;
      }
      b[i] = (byte) ((r & 4) == 0 ? 0xe8 : 0xe9);
      int d = (r & 3) == 2 ? r : (r >> 12); // far (rarely 00 or FF on top) or near, of either sign
      for (int k = 0; k < 4 && i + 1 + k < b.length; k++) {
        b[i + 1 + k] = (byte) (d >>> (8 * k));
      }
      i += 5;
    }
    b[b.length - 3] = (byte) 0xe8;
    return b;
  }

  /** 300 KB of patterned bytes: enough for several deflate blocks and back-references. */
  static byte[] bigContent() {
    byte[] b = new byte[300_000];
    long x = 42;
    for (int i = 0; i < b.length; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      b[i] = (byte) ((i % 251) ^ ((x >>> 60) & 3));
    }
    return b;
  }

  /** A trampoline: no tree; the root is the parent of the executable's directory. */
  static Manifest inPlaceManifest() {
    return new Manifest(Manifest.ROOT + "/bin/hello",
        List.of(Manifest.ROOT + "/bin/hello", "--in-place", "tmp=" + Manifest.TMP),
        List.of("HERMIT_SAMPLE=root=" + Manifest.ROOT, "HERMIT_SAMPLE_EXE=" + Manifest.EXE), null, "..");
  }

  static byte[] writeInPlace() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PayloadWriter.write(out, inPlaceManifest(), List.of(), Codec.STORED);
    return out.toByteArray();
  }

  static byte[] write(Codec codec) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PayloadWriter.write(out, sampleManifest(), sampleTree(), codec);
    return out.toByteArray();
  }

  @Test
  void writerReproducesTheStoredGoldenByteForByte() throws IOException {
    byte[] written = write(Codec.STORED);
    Path golden = DIR.resolve("sample-stored.payload");
    if (Boolean.getBoolean("hermit.regenerateGolden")) {
      Files.write(golden, written);
      Files.write(DIR.resolve("sample-deflate.payload"), write(Codec.DEFLATE));
      Files.write(DIR.resolve("sample-zstd.payload"), write(Codec.ZSTD));
      Files.write(DIR.resolve("inplace-stored.payload"), writeInPlace());
    }
    assertArrayEquals(Files.readAllBytes(DIR.resolve("inplace-stored.payload")), writeInPlace(),
        "PayloadWriter output differs from inplace-stored.payload");
    assertArrayEquals(Files.readAllBytes(golden), written, "PayloadWriter output differs from " + golden);
  }

  /** zstd-jni's output is a function of its version and level (both pinned), so the bytes are fixed too. */
  @Test
  void writerReproducesTheZstdGoldenByteForByte() throws IOException {
    assertArrayEquals(Files.readAllBytes(DIR.resolve("sample-zstd.payload")), write(Codec.ZSTD),
        "PayloadWriter output differs from sample-zstd.payload (a new zstd-jni version or level? regenerate it)");
  }

  @Test
  void theGoldensAreWhatTheFormatSpecSays() throws Exception {
    byte[] manifest = Spec.sampleManifest();
    byte[] inPlace = Spec.manifest(1, "${HERMIT_ROOT}/bin/hello", 2, "${HERMIT_ROOT}/bin/hello", 2, "--in-place",
        2, "tmp=${HERMIT_TMP}", 3, "HERMIT_SAMPLE=root=${HERMIT_ROOT}", 3, "HERMIT_SAMPLE_EXE=${HERMIT_EXE}", 4, "..");
    byte[] emptyTree = Spec.tree();
    assertEquals(20, emptyTree.length);
    for (int version : new int[] {2, 1}) {
      Path dir = version == 1 ? V1 : DIR;
      byte[] tree = Spec.sampleTree(version);
      assertArrayEquals(Spec.payload(version, 0, manifest, tree, tree.length),
          Files.readAllBytes(dir.resolve("sample-stored.payload")), "v" + version + " sample-stored.payload differs from docs/FORMAT.md's layout of sample.md");
      assertArrayEquals(Spec.payload(version, 0, inPlace, emptyTree, emptyTree.length),
          Files.readAllBytes(dir.resolve("inplace-stored.payload")), "v" + version + " inplace-stored.payload differs from the spec");
      deflateGoldenIsTheSpecsTree(version, Files.readAllBytes(dir.resolve("sample-deflate.payload")), manifest, tree);
    }
  }

  /** The same manifest, and a raw RFC 1951 stream that java.util.zip inflates to the same tree. */
  private static void deflateGoldenIsTheSpecsTree(int version, byte[] file, byte[] manifest, byte[] tree) throws Exception {
    ByteBuffer t = ByteBuffer.wrap(file, file.length - 72, 72).slice().order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(version, t.getInt(0), "format_version");
    assertEquals(1, t.getInt(4), "codec deflate");
    assertEquals(manifest.length, t.getLong(8), "manifest_length");
    long compressed = t.getLong(16);
    assertEquals(tree.length, t.getLong(24), "tree_size");
    assertEquals(file.length, 72 + manifest.length + compressed, "nothing before the payload, nothing between");
    assertArrayEquals(manifest, Arrays.copyOfRange(file, 0, manifest.length));
    byte[] stream = Arrays.copyOfRange(file, manifest.length, (int) (manifest.length + compressed));
    Inflater inflater = new Inflater(true);
    inflater.setInput(stream);
    byte[] inflated = new byte[tree.length + 1];
    int n = inflater.inflate(inflated);
    assertTrue(inflater.finished() && n == tree.length, "inflated " + n + " bytes, finished " + inflater.finished());
    assertArrayEquals(tree, Arrays.copyOf(inflated, n), "the deflated tree differs from the spec's");
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(manifest);
    sha.update(stream);
    if (version == 2) {
      sha.update(file, file.length - 72, 32); // version 2 hashes the trailer's fields too
    }
    assertArrayEquals(sha.digest(), Arrays.copyOfRange(file, file.length - 40, file.length - 8), "sha256");
    assertEquals("HERMITPL", new String(file, file.length - 8, 8, StandardCharsets.US_ASCII));
  }

  /** docs/FORMAT.md's layout, written out by hand: the independent expectation for the golden files. */
  static final class Spec {
    static byte[] sampleManifest() {
      return manifest(1, "${HERMIT_ROOT}/bin/hello", 2, "${HERMIT_ROOT}/bin/hello", 2, "--from-manifest",
          2, "two words", 3, "HERMIT_SAMPLE=root=${HERMIT_ROOT}", 3, "HERMIT_SAMPLE_EXE=${HERMIT_EXE}",
          16, "{\"sample\":true}");
    }

    /** sample.md's tree, entries in path order, the end entry last. */
    /** sample.md's tree, entries in path order, the end entry last; calls.elf (type 4) came in format version 2. */
    static byte[] sampleTree(int version) {
      List<Object[]> entries = new java.util.ArrayList<>(List.of(
          new Object[] {1, 0755, "bin", new byte[0]},
          new Object[] {2, 0755, "bin/hello", SCRIPT.getBytes(StandardCharsets.UTF_8)},
          new Object[] {1, 0755, "data", new byte[0]},
          new Object[] {2, 0600, "data/empty", new byte[0]},
          new Object[] {2, 0644, "data/greeting.txt", "héllo wörld\n".getBytes(StandardCharsets.UTF_8)},
          new Object[] {3, 0777, "data/link.txt", "greeting.txt".getBytes(StandardCharsets.UTF_8)},
          new Object[] {1, 0755, "data/sub", new byte[0]},
          new Object[] {2, 0644, "data/sub/big.bin", bigContent()}));
      if (version >= 2) {
        entries.add(new Object[] {4, 0644, "data/sub/calls.elf", x86Calls(callsContent())});
      }
      return tree(entries.toArray(new Object[0][]));
    }

    /**
     * FORMAT.md's x86 call filter, written from its words: from the first byte, an E8 or E9 with four more bytes
     * after it whose fourth is 00 or FF gets the position after them added to those four bytes' low 25 bits (modulo
     * 2^25, bit 24 copied into the top seven); the four are skipped either way.
     */
    static byte[] x86Calls(byte[] file) {
      byte[] b = file.clone();
      int i = 0;
      while (i + 5 <= b.length) {
        if (b[i] != (byte) 0xe8 && b[i] != (byte) 0xe9) {
          i++;
          continue;
        }
        if (b[i + 4] == 0 || b[i + 4] == (byte) 0xff) {
          long v = ByteBuffer.wrap(b, i + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
          long sum = (v + i + 5) % (1L << 25);
          if (sum >= 1L << 24) {
            sum |= 0xfe000000L;
          }
          ByteBuffer.wrap(b, i + 1, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) sum);
        }
        i += 5;
      }
      return b;
    }

    /** HMF1, count, then each (tag, value) pair as tag u16, flags u16 0, length u32, value. */
    static byte[] manifest(Object... tagsAndValues) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes("HMF1".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(le(4, tagsAndValues.length / 2));
      for (int i = 0; i < tagsAndValues.length; i += 2) {
        byte[] v = ((String) tagsAndValues[i + 1]).getBytes(StandardCharsets.UTF_8);
        out.writeBytes(le(2, (Integer) tagsAndValues[i]));
        out.writeBytes(le(2, 0));
        out.writeBytes(le(4, v.length));
        out.writeBytes(v);
      }
      return out.toByteArray();
    }

    /** HTR1, then each {type, mode, path, data} as type u8, 0 u8, path_length u16, mode u32, size u64, path, data. */
    static byte[] tree(Object[]... entries) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes("HTR1".getBytes(StandardCharsets.US_ASCII));
      for (Object[] e : entries) {
        byte[] path = ((String) e[2]).getBytes(StandardCharsets.UTF_8);
        byte[] data = (byte[]) e[3];
        out.writeBytes(le(1, (Integer) e[0]));
        out.writeBytes(le(1, 0));
        out.writeBytes(le(2, path.length));
        out.writeBytes(le(4, (Integer) e[1]));
        out.writeBytes(le(8, data.length));
        out.writeBytes(path);
        out.writeBytes(data);
      }
      out.writeBytes(new byte[16]); // the end entry: type 0, every field 0
      return out.toByteArray();
    }

    /**
     * Manifest, tree as stored, and the 72-byte trailer: 32 bytes of fields, the SHA-256 of manifest, tree and (in
     * version 2) those 32 bytes, then the magic.
     */
    static byte[] payload(int version, int codec, byte[] manifest, byte[] storedTree, long treeSize) throws Exception {
      ByteArrayOutputStream fields = new ByteArrayOutputStream();
      fields.writeBytes(le(4, version));
      fields.writeBytes(le(4, codec));
      fields.writeBytes(le(8, manifest.length));
      fields.writeBytes(le(8, storedTree.length));
      fields.writeBytes(le(8, treeSize));
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(manifest);
      sha.update(storedTree);
      if (version == 2) {
        sha.update(fields.toByteArray());
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(manifest);
      out.writeBytes(storedTree);
      out.writeBytes(fields.toByteArray());
      out.writeBytes(sha.digest());
      out.writeBytes("HERMITPL".getBytes(StandardCharsets.US_ASCII));
      return out.toByteArray();
    }

    static byte[] le(int bytes, long value) {
      byte[] b = new byte[bytes];
      for (int i = 0; i < bytes; i++) {
        b[i] = (byte) (value >>> (8 * i));
      }
      return b;
    }
  }

  @Test
  void readerReadsTheInPlaceGolden() throws IOException {
    for (Path dir : List.of(DIR, V1)) {
      try (PayloadReader r = PayloadReader.open(dir.resolve("inplace-stored.payload"))) {
        assertTrue(r.verify());
        assertEquals(dir == V1 ? 1 : 2, r.trailer().version());
        assertEquals(inPlaceManifest(), r.manifest());
        assertEquals(List.of(), r.entries());
      }
    }
  }

  /** Version 2 hashes the trailer's fields: a changed tree_size (which version 1 left unchecked) fails verify. */
  @Test
  void aChangedTreeSizeFailsTheHashInVersion2() throws IOException {
    for (Path dir : List.of(DIR, V1)) {
      Path copy = Files.createTempFile("hermit-golden", ".payload");
      try {
        byte[] file = Files.readAllBytes(dir.resolve("sample-zstd.payload"));
        file[file.length - 72 + 24] ^= 1; // tree_size's low byte
        Files.write(copy, file);
        try (PayloadReader r = PayloadReader.open(copy)) {
          assertEquals(dir == V1, r.verify(), dir + ": verify() after a flipped tree_size");
        }
      } finally {
        Files.delete(copy);
      }
    }
  }

  @Test
  void readerReadsEveryCodecsGolden() throws IOException {
    for (String name : List.of("sample-stored.payload", "sample-deflate.payload", "sample-zstd.payload",
        "v1/sample-stored.payload", "v1/sample-deflate.payload", "v1/sample-zstd.payload")) {
      try (PayloadReader r = PayloadReader.open(DIR.resolve(name))) {
        assertTrue(r.verify(), name + " hash");
        assertEquals(name.startsWith("v1/") ? 1 : 2, r.trailer().version(), name);
        assertEquals(0, r.payloadStart(), name);
        assertEquals(sampleManifest(), r.manifest(), name);
        List<PayloadReader.Entry> entries = r.entries();
        List<String> paths = new java.util.ArrayList<>(List.of("bin", "bin/hello", "data", "data/empty",
            "data/greeting.txt", "data/link.txt", "data/sub", "data/sub/big.bin"));
        if (!name.startsWith("v1/")) {
          paths.add("data/sub/calls.elf");
        }
        assertEquals(paths, entries.stream().map(PayloadReader.Entry::path).toList(), name);
        assertEquals(300_000, entries.get(7).size());
        assertEquals("greeting.txt", entries.get(5).linkTarget());
        assertEquals(0600, entries.get(3).mode());
        // a file the call filter went through is read as its own bytes
        java.util.Map<String, byte[]> files = new java.util.HashMap<>();
        r.walk((e, content) -> files.put(e.path(), content.readAllBytes()));
        assertArrayEquals(bigContent(), files.get("data/sub/big.bin"), name);
        if (!name.startsWith("v1/")) {
          assertEquals(TreeEntry.Type.FILE, entries.get(8).type());
          assertArrayEquals(callsContent(), files.get("data/sub/calls.elf"), name);
        }
      }
    }
  }
}
