package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same inputs give the same executable, byte for byte, whatever the build machine's time zone. */
class ReproducibleIT {
  @TempDir Path dir;

  Path build(String zone, String name) throws IOException {
    Path out = Files.createDirectories(dir.resolve(name)).resolve("hello");
    Proc p = Hermit.runJar(Map.of("TZ", zone, "PATH", "/usr/bin:/bin"), dir, "build",
        Hermit.REPO.resolve("examples/hello").toString(), "-o", out.toString(), "-q");
    assertEquals(0, p.code(), p.toString());
    return out;
  }

  @Test
  void twoBuildsInDifferentTimeZonesAreIdentical() throws IOException {
    byte[] a = Files.readAllBytes(build("UTC", "a"));
    byte[] b = Files.readAllBytes(build("America/Los_Angeles", "b"));
    assertArrayEquals(a, b, "the hello example built twice differs");
  }
}
