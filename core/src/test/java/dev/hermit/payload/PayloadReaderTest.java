package dev.hermit.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadReaderTest {
  @TempDir Path tmp;

  @Test
  void findsThePayloadBehindAnyPrefix() throws IOException {
    byte[] payload = GoldenPayloadTest.write(Codec.DEFLATE);
    byte[] launcher = "not really a launcher, but 43 bytes of it..".getBytes();
    Path file = tmp.resolve("exe");
    Files.write(file, concat(launcher, payload));
    try (PayloadReader r = PayloadReader.open(file)) {
      assertEquals(launcher.length, r.payloadStart());
      assertTrue(r.verify());
      assertEquals(9, r.entries().size());
    }
  }

  @Test
  void aFlippedByteFailsVerification() throws IOException {
    byte[] payload = GoldenPayloadTest.write(Codec.DEFLATE);
    payload[payload.length / 2] ^= 1;
    Path file = tmp.resolve("exe");
    Files.write(file, payload);
    try (PayloadReader r = PayloadReader.open(file)) {
      assertFalse(r.verify());
    }
  }

  @Test
  void truncationIsNamed() throws IOException {
    byte[] payload = GoldenPayloadTest.write(Codec.DEFLATE);
    Path file = tmp.resolve("exe");
    // Cutting the front keeps the trailer but loses payload bytes the trailer counts.
    Files.write(file, Arrays.copyOfRange(payload, 100, payload.length));
    PayloadFormatException e = assertThrows(PayloadFormatException.class, () -> PayloadReader.open(file).close());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    // Cutting the end loses the trailer.
    Files.write(file, Arrays.copyOf(payload, payload.length - 10));
    e = assertThrows(PayloadFormatException.class, () -> PayloadReader.open(file).close());
    assertTrue(e.getMessage().contains("not a hermit executable"), e.getMessage());
  }

  @Test
  void theWriterRefusesTreesTheLauncherWouldRefuse() {
    assertThrows(IllegalArgumentException.class, () -> TreeEntry.directory("../x"));
    assertThrows(IllegalArgumentException.class, () -> TreeEntry.directory("/abs"));
    assertThrows(IllegalArgumentException.class, () -> TreeEntry.symlink("a", "../etc/passwd"));
    assertThrows(IllegalArgumentException.class, () -> TreeEntry.symlink("a", "/etc/passwd"));
    assertThrows(IllegalArgumentException.class,
        () -> PayloadWriter.write(Files.newOutputStream(tmp.resolve("o")), GoldenPayloadTest.sampleManifest(),
            List.of(TreeEntry.file("nodir/x", 0644, new byte[1])), Codec.STORED));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
