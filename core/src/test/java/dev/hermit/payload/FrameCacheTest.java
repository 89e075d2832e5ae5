package dev.hermit.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
    assertArrayEquals(fresh.bytes, stored.bytes, "storing the frame changes nothing");
    assertEquals(0, cache.hits);
    Path zst = onlyFrame();

    Written reused = write(tree, cache);
    assertArrayEquals(fresh.bytes, reused.bytes, "a cached frame gives the same executable");
    assertEquals(1, cache.hits, "the second build took the runtime's frame from the cache");
    assertEquals(fresh.packed.parts(), reused.packed.parts(), "and the same sizes by part");

    // a damaged entry: refused, replaced by a good one
    byte[] good = Files.readAllBytes(zst);
    byte[] bad = good.clone();
    bad[bad.length / 2] ^= 0x40;
    Files.write(zst, bad);
    assertArrayEquals(fresh.bytes, write(tree, cache).bytes);
    assertEquals(1, cache.hits, "a damaged frame is not used");
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
    assertEquals(1, cache.hits, "a frame of other bytes is not used");
  }

  @Test
  void theTreeIsThreeFramesThatReadBackAsOne() throws IOException {
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
    int magics = 0;
    byte[] b = w.bytes;
    for (int i = 0; i + 4 <= b.length; i++) { // zstd frames start with 28 B5 2F FD
      if ((b[i] & 0xff) == 0x28 && (b[i + 1] & 0xff) == 0xb5 && (b[i + 2] & 0xff) == 0x2f && (b[i + 3] & 0xff) == 0xfd) {
        magics++;
      }
    }
    assertTrue(magics >= 3, "the app, the runtime and the end each in a frame: " + magics + " frame magics");
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

  private record Written(byte[] bytes, PayloadWriter.Packed packed) {}

  private static Written write(List<TreeEntry> tree, FrameCache cache) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PayloadWriter.Packed p = PayloadWriter.write(out, GoldenPayloadTest.sampleManifest(), tree, Codec.ZSTD,
        e -> e.path().startsWith("rt/lib") ? "class library" : e.path().startsWith("rt/") ? "JVM" : "app", cache);
    return new Written(out.toByteArray(), p);
  }

  private Path onlyFrame() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("frames"))) {
      List<Path> frames = s.filter(p -> p.toString().endsWith(".zst")).toList();
      assertEquals(1, frames.size(), frames.toString());
      return frames.get(0);
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
