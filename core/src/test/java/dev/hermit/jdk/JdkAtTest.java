package dev.hermit.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hermit.JdkException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What --jdk names that is no JDK: each says what it is (a device was "does not exist"). */
class JdkAtTest {
  @TempDir Path dir;

  @Test
  void whatIsNoJdkSaysWhatItIs() throws IOException {
    Path missing = dir.resolve("nowhere");
    assertEquals("JDK directory " + missing + " does not exist",
        assertThrows(JdkException.class, () -> Jdk.at(missing)).getMessage());
    assertEquals("/dev/null is neither a JDK's directory nor a JDK archive (.tar.gz, .tgz, .zip)",
        assertThrows(JdkException.class, () -> Jdk.at(Path.of("/dev/null"))).getMessage());
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertEquals(empty + " is not a JDK: it has no 'release' file",
        assertThrows(JdkException.class, () -> Jdk.at(empty)).getMessage());
  }
}
