package dev.hermit.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The sizes by part that PayloadWriter reports add up to what the trailer says, and stay reproducible. */
class PayloadPartsTest {
  @ParameterizedTest
  @EnumSource(Codec.class)
  void partsAddUpToTheTree(Codec codec) throws IOException {
    List<TreeEntry> tree = tree();
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    PayloadWriter.Packed packed = PayloadWriter.write(a, GoldenPayloadTest.sampleManifest(), tree, codec,
        e -> e.path().split("/")[0]);
    Trailer t = packed.trailer();
    assertEquals(List.of("a", "b", "c"), packed.parts().stream().map(PartSize::part).toList());
    assertEquals(List.of(3, 2, 1), packed.parts().stream().map(PartSize::files).toList());
    assertEquals(t.treeSize(), packed.parts().stream().mapToLong(PartSize::bytes).sum());
    assertEquals(t.treeLength(), packed.parts().stream().mapToLong(PartSize::compressed).sum());
    PartSize big = packed.parts().get(1);
    assertTrue(big.bytes() > 400_000, "part b holds the two large files: " + big);
    if (codec == Codec.STORED) {
      // headers (16 bytes) and paths count too; the archive's magic goes with the first part, its end with the
      // last, and the directory entry "b" with the part before it
      assertEquals(4 + (16 + 1) + 3 * 16 + "a/x".length() + "a/y".length() + "a/z".length() + 3 * 1000 + (16 + 1),
          packed.parts().get(0).bytes());
    } else if (codec == Codec.ZSTD) {
      assertTrue(big.compressed() < big.bytes() / 2, "random-free content compresses: " + big);
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    PayloadWriter.write(b, GoldenPayloadTest.sampleManifest(), tree, codec, e -> e.path().split("/")[0]);
    assertArrayEquals(a.toByteArray(), b.toByteArray(), "the flushes between parts are reproducible");
  }

  private static List<TreeEntry> tree() {
    List<TreeEntry> t = new ArrayList<>();
    Random r = new Random(7);
    t.add(TreeEntry.directory("a"));
    for (String f : List.of("x", "y", "z")) {
      byte[] c = new byte[1000];
      r.nextBytes(c);
      t.add(TreeEntry.file("a/" + f, 0644, c));
    }
    t.add(TreeEntry.directory("b"));
    for (String f : List.of("big1", "big2")) {
      t.add(TreeEntry.file("b/" + f, 0644, "a line of text that repeats\n".repeat(8000).getBytes(StandardCharsets.UTF_8)));
    }
    t.add(TreeEntry.directory("c"));
    t.add(TreeEntry.file("c/last", 0755, new byte[] {1, 2, 3}));
    return t;
  }
}
