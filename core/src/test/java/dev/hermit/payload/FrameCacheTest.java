package dev.hermit.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's frame from an earlier build: the output is the same bytes whether it was compressed or taken from
 * the cache, and the cache is believed only when the frame decodes to the runtime's exact bytes.
 */
class FrameCacheTest {
  @TempDir Path dir;

  @Test
  void aCachedRuntimeFrameGivesTheSameBytesAndIsVerifiedBeforeUse() throws IOException {
    List<TreeEntry> tree = tree("the runtime's class library\n");
    Written fresh = write(tree, null);
    FrameCache cache = new FrameCache(dir.resolve("frames"));

    Written stored = write(tree, cache);
    assertArrayEquals(fresh.bytes, stored.bytes, "storing the frames changes nothing");
    assertEquals(0, cache.hits);
    Path zst = largestFrame();

    Written reused = write(tree, cache);
    assertArrayEquals(fresh.bytes, reused.bytes, "cached frames give the same executable");
    assertEquals(2, cache.hits, "the second build took both of the runtime's frames from the cache");
    assertEquals(fresh.packed.parts(), reused.packed.parts(), "and the same sizes by part");

    // a damaged entry: refused, replaced by a good one
    byte[] good = Files.readAllBytes(zst);
    byte[] bad = good.clone();
    bad[bad.length / 2] ^= 0x40;
    Files.write(zst, bad);
    assertArrayEquals(fresh.bytes, write(tree, cache).bytes);
    assertEquals(3, cache.hits, "a damaged frame is not used (the other one is)");
    assertArrayEquals(good, Files.readAllBytes(zst), "and is stored again");

    // a sound frame of other bytes (as many) planted under this runtime's name: it decodes, but not to this runtime
    write(tree("the runtime's class librarY\n"), new FrameCache(dir.resolve("other")));
    Path otherZst;
    try (Stream<Path> s = Files.list(dir.resolve("other"))) {
      otherZst = s.filter(p -> p.toString().endsWith(".zst")).findFirst().orElseThrow();
    }
    Files.copy(otherZst, zst, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(Path.of(otherZst.toString().replace(".zst", ".parts")), Path.of(zst.toString().replace(".zst", ".parts")),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertArrayEquals(fresh.bytes, write(tree, cache).bytes);
    assertEquals(4, cache.hits, "a frame of other bytes is not used (the other one is)");
  }

  @Test
  void theTreeIsFourFramesEachAfterTheFirstStartingAtAnEntry() throws IOException {
    List<TreeEntry> tree = tree("x\n");
    Written w = write(tree, null);
    Trailer t = w.packed.trailer();
    assertEquals(t.treeSize(), w.packed.parts().stream().mapToLong(PartSize::bytes).sum());
    assertEquals(t.treeLength(), w.packed.parts().stream().mapToLong(PartSize::compressed).sum());
    Path file = Files.write(dir.resolve("payload"), w.bytes);
    try (PayloadReader r = PayloadReader.open(file)) {
      assertTrue(r.verify());
      assertEquals(tree.stream().map(TreeEntry::path).sorted().toList(),
          r.entries().stream().map(PayloadReader.Entry::path).toList());
    }
    // The launcher may decode from any frame start in a second process (docs/FORMAT.md, codec 2): each frame after
    // the first must decode on its own to whole entries, the last to entries and the end header.
    byte[] b = w.bytes;
    int at = (int) (b.length - 72 - t.treeLength());
    List<String> frames = new ArrayList<>();
    while (at < b.length - 72) {
      int len = (int) com.github.luben.zstd.Zstd.findFrameCompressedSize(b, at);
      byte[] raw = decompress(java.util.Arrays.copyOfRange(b, at, at + len));
      frames.add(entriesIn(raw, frames.isEmpty()));
      at += len;
    }
    assertEquals(List.of("app app/app.jar", "rt rt/bin rt/bin/java rt/lib rt/lib/link", "rt/lib/modules", "(end)"),
        frames, "the app, the runtime in two halves, the end");
  }

  /**
   * The JVM is a frame of its own, cut before and after: two runtimes of other modules (another lib/modules, another
   * release file) share its frame in the cache, and the output is what a build without the cache writes.
   */
  @Test
  void theJvmIsAFrameOfItsOwnThatRuntimesOfOtherModulesShare() throws IOException {
    List<TreeEntry> one = withJvm("java.base");
    List<TreeEntry> two = withJvm("java.base,java.sql");
    List<TreeEntry> sorted = one.stream().sorted(java.util.Comparator.comparing(TreeEntry::path)).toList();
    List<List<TreeEntry>> runs = PayloadWriter.runtimeRuns(sorted.subList(2, sorted.size()));
    assertEquals(List.of(List.of("rt", "rt/bin", "rt/bin/java", "rt/lib", "rt/lib/link", "rt/lib/modules",
        "rt/lib/server"), List.of("rt/lib/server/libjvm.so"), List.of("rt/lib/sys", "rt/lib/sys/libc.so.6",
        "rt/release")), runs.stream().map(l -> l.stream().map(TreeEntry::path).toList()).toList());

    FrameCache cache = new FrameCache(dir.resolve("frames"));
    write(one, cache);
    assertEquals(0, cache.hits);
    Written second = write(two, cache);
    assertEquals(1, cache.hits, "the second runtime found the JVM's frame");
    assertArrayEquals(write(two, null).bytes, second.bytes, "and wrote the bytes a build without the cache writes");
    Path file = Files.write(dir.resolve("payload"), second.bytes);
    try (PayloadReader r = PayloadReader.open(file)) {
      assertTrue(r.verify());
      assertEquals(two.stream().map(TreeEntry::path).sorted().toList(),
          r.entries().stream().map(PayloadReader.Entry::path).toList());
    }
  }

  private static List<TreeEntry> withJvm(String modules) {
    List<TreeEntry> t = new ArrayList<>(tree(modules + " classes\n"));
    Random r = new Random(12);
    byte[] jvm = new byte[300_000];
    for (int i = 0; i < jvm.length; i += 2) { // compressible, not trivially
      jvm[i] = (byte) r.nextInt(16);
    }
    t.add(TreeEntry.directory("rt/lib/server"));
    t.add(TreeEntry.file("rt/lib/server/libjvm.so", 0755, jvm));
    t.add(TreeEntry.directory("rt/lib/sys"));
    t.add(TreeEntry.file("rt/lib/sys/libc.so.6", 0755, "libc".repeat(1000).getBytes(StandardCharsets.UTF_8)));
    t.add(TreeEntry.file("rt/release", 0644, ("MODULES=\"" + modules + "\"\n").getBytes(StandardCharsets.UTF_8)));
    return t;
  }

  @Test
  void theRuntimeSplitsWhereItsRawBytesAreHalf() throws IOException {
    byte[] k = new byte[1000];
    List<TreeEntry> rt = List.of(TreeEntry.directory("rt"), TreeEntry.file("rt/a", 0644, k),
        TreeEntry.file("rt/b", 0644, new byte[400]), TreeEntry.file("rt/c", 0644, new byte[700]));
    List<List<TreeEntry>> h = PayloadWriter.halves(rt);
    assertEquals(List.of(List.of("rt", "rt/a"), List.of("rt/b", "rt/c")),
        h.stream().map(l -> l.stream().map(TreeEntry::path).toList()).toList());
    assertEquals(1, PayloadWriter.halves(List.of(TreeEntry.directory("rt"))).size(), "one entry: one frame");
  }

  private static byte[] decompress(byte[] frame) throws IOException {
    try (var in = new com.github.luben.zstd.ZstdInputStream(new java.io.ByteArrayInputStream(frame))) {
      return in.readAllBytes();
    }
  }

  /** The entry paths a frame's raw bytes hold, "(end)" for the end header; fails unless they are whole entries. */
  private static String entriesIn(byte[] raw, boolean first) {
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    if (first) {
      assertEquals("HTR1", new String(raw, 0, 4, StandardCharsets.US_ASCII));
      bb.position(4);
    }
    List<String> paths = new ArrayList<>();
    while (bb.remaining() > 0) {
      assertTrue(bb.remaining() >= 16, "a header cut at a frame's end");
      int type = bb.get();
      assertEquals(0, bb.get(), "reserved byte: not at an entry");
      int plen = bb.getShort() & 0xffff;
      bb.getInt();
      long size = bb.getLong();
      if (type == 0) {
        paths.add("(end)");
        continue;
      }
      byte[] path = new byte[plen];
      bb.get(path);
      bb.position(bb.position() + (int) size);
      paths.add(new String(path, StandardCharsets.UTF_8));
    }
    return String.join(" ", paths);
  }

  @Test
  void anUnwritableCacheOnlyCostsTheCompression() throws IOException {
    List<TreeEntry> tree = tree("y\n");
    Path notADirectory = Files.writeString(dir.resolve("file"), "in the way");
    FrameCache cache = new FrameCache(notADirectory.resolve("frames"));
    assertArrayEquals(write(tree, null).bytes, write(tree, cache).bytes);
    assertArrayEquals(write(tree, null).bytes, write(tree, cache).bytes);
    assertEquals(0, cache.hits);
  }

  /** A frame compressed hard is not a fast build's, nor the other way round: each writes its own bytes. */
  @Test
  void eachPackingHasItsOwnFrames() throws IOException {
    List<TreeEntry> tree = tree("the runtime's class library\n");
    FrameCache cache = new FrameCache(dir.resolve("frames"));
    Written small = write(tree, cache, Packing.SMALL);
    long frames = frames();
    Written fast = write(tree, cache, Packing.FAST);
    assertEquals(0, cache.hits, "the fast build found no frame of its own");
    assertEquals(2 * frames, frames(), "and stored its own");
    assertArrayEquals(write(tree, null, Packing.FAST).bytes, fast.bytes);
    assertArrayEquals(write(tree, null, Packing.SMALL).bytes, small.bytes);
    assertArrayEquals(small.bytes, write(tree, cache, Packing.SMALL).bytes);
    assertArrayEquals(fast.bytes, write(tree, cache, Packing.FAST).bytes);
    assertEquals(2 * frames, cache.hits, "then each found its own");
  }

  /** A JVM that builds again (the Maven plugin, the API, the tests) knows the frames it verified by their hash. */
  @Test
  void framesThisJvmVerifiedAreKnownByTheirBytesHash() throws IOException {
    List<TreeEntry> tree = tree("a runtime only this test builds\n");
    Written fresh = write(tree, null);
    write(tree, new FrameCache(dir.resolve("frames"))); // compressed and stored
    FrameCache first = new FrameCache(dir.resolve("frames"));
    write(tree, first);
    assertEquals(2, first.hits);
    // the class library's frame is this test's own; the JVM's frame is other tests' too, and may be known already
    assertTrue(first.decoded >= 1, "verified by decoding the first time: " + first.decoded);

    FrameCache again = new FrameCache(dir.resolve("frames"));
    assertArrayEquals(fresh.bytes, write(tree, again).bytes);
    assertEquals(2, again.hits);
    assertEquals(0, again.decoded, "the same bytes again: known by their hash");

    // other bytes under the same name: not the ones verified, so decoded, refused and compressed again
    Path zst = largestFrame();
    byte[] bad = Files.readAllBytes(zst);
    bad[bad.length / 2] ^= 0x40;
    Files.write(zst, bad);
    FrameCache damaged = new FrameCache(dir.resolve("frames"));
    assertArrayEquals(fresh.bytes, write(tree, damaged).bytes);
    assertEquals(1, damaged.hits, "only the untouched frame is used");
    assertEquals(0, damaged.decoded);
  }

  private long frames() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("frames"))) {
      return s.filter(p -> p.toString().endsWith(".zst")).count();
    }
  }

  private record Written(byte[] bytes, PayloadWriter.Packed packed) {}

  private static Written write(List<TreeEntry> tree, FrameCache cache) throws IOException {
    return write(tree, cache, Packing.SMALL);
  }

  private static Written write(List<TreeEntry> tree, FrameCache cache, Packing packing) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PayloadWriter.Packed p = PayloadWriter.write(out, GoldenPayloadTest.sampleManifest(), tree, Codec.ZSTD,
        e -> e.path().startsWith("rt/lib") ? "class library" : e.path().startsWith("rt/") ? "JVM" : "app", cache,
        packing);
    return new Written(out.toByteArray(), p);
  }

  private Path largestFrame() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("frames"))) {
      List<Path> frames = s.filter(p -> p.toString().endsWith(".zst")).toList();
      assertEquals(2, frames.size(), "the runtime's two halves: " + frames);
      return frames.stream().max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }
  }

  private static List<TreeEntry> tree(String library) {
    List<TreeEntry> t = new ArrayList<>();
    Random r = new Random(11);
    byte[] app = new byte[5000];
    r.nextBytes(app);
    t.add(TreeEntry.directory("app"));
    t.add(TreeEntry.file("app/app.jar", 0644, app));
    t.add(TreeEntry.directory("rt"));
    t.add(TreeEntry.directory("rt/bin"));
    t.add(TreeEntry.file("rt/bin/java", 0755, "#!/bin/sh\necho java\n".getBytes(StandardCharsets.UTF_8)));
    t.add(TreeEntry.directory("rt/lib"));
    t.add(TreeEntry.file("rt/lib/modules", 0644, library.repeat(20000).getBytes(StandardCharsets.UTF_8)));
    t.add(TreeEntry.symlink("rt/lib/link", "modules"));
    return t;
  }
}
