package dev.hermit.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java half of the golden test over testdata/payload (the launcher's test.sh is the C half). Run with
 * -Dhermit.regenerateGolden=true to rewrite the files after a deliberate format change.
 */
class GoldenPayloadTest {
  static final Path DIR = Path.of(System.getProperty("hermit.repo", "..")).resolve("testdata/payload");

  static Manifest sampleManifest() {
    return new Manifest(
        Manifest.ROOT + "/bin/hello",
        List.of(Manifest.ROOT + "/bin/hello", "--from-manifest", "two words"),
        List.of("HERMIT_SAMPLE=root=" + Manifest.ROOT, "HERMIT_SAMPLE_EXE=" + Manifest.EXE),
        "{\"sample\":true}");
  }

  static List<TreeEntry> sampleTree() {
    String script = """
        #!/bin/sh
        echo "hello from hermit sample"
        for a in "$@"; do echo "arg:$a"; done
        echo "env:$HERMIT_SAMPLE"
        echo "exe:$HERMIT_SAMPLE_EXE"
        """;
    return List.of(
        TreeEntry.directory("bin"),
        TreeEntry.file("bin/hello", 0755, script.getBytes(StandardCharsets.UTF_8)),
        TreeEntry.directory("data"),
        TreeEntry.file("data/greeting.txt", 0644, "héllo wörld\n".getBytes(StandardCharsets.UTF_8)),
        TreeEntry.symlink("data/link.txt", "greeting.txt"),
        TreeEntry.file("data/empty", 0600, new byte[0]),
        TreeEntry.directory("data/sub"),
        TreeEntry.file("data/sub/big.bin", 0644, bigContent()));
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
  void readerReadsTheInPlaceGolden() throws IOException {
    try (PayloadReader r = PayloadReader.open(DIR.resolve("inplace-stored.payload"))) {
      assertTrue(r.verify());
      assertEquals(inPlaceManifest(), r.manifest());
      assertEquals(List.of(), r.entries());
    }
  }

  @Test
  void readerReadsEveryCodecsGolden() throws IOException {
    for (String name : List.of("sample-stored.payload", "sample-deflate.payload", "sample-zstd.payload")) {
      try (PayloadReader r = PayloadReader.open(DIR.resolve(name))) {
        assertTrue(r.verify(), name + " hash");
        assertEquals(0, r.payloadStart(), name);
        assertEquals(sampleManifest(), r.manifest(), name);
        List<PayloadReader.Entry> entries = r.entries();
        assertEquals(List.of("bin", "bin/hello", "data", "data/empty", "data/greeting.txt", "data/link.txt", "data/sub",
            "data/sub/big.bin"), entries.stream().map(PayloadReader.Entry::path).toList(), name);
        assertEquals(300_000, entries.get(7).size());
        assertEquals("greeting.txt", entries.get(5).linkTarget());
        assertEquals(0600, entries.get(3).mode());
      }
    }
  }
}
