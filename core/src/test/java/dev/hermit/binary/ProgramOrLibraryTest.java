package dev.hermit.binary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A program (what an app runs as a process: embedded Redis's redis-server) against a library (what it loads into
 * the JVM), told apart on the running JDK's own files: its launcher names a loader and has no soname.
 */
class ProgramOrLibraryTest {
  static final Path HOME = Path.of(System.getProperty("java.home"));

  static NativeBinary read(Path p) throws IOException {
    return NativeBinary.identify(Files.readAllBytes(p)).orElseThrow(() -> new AssertionError(p + " not identified"));
  }

  @Test
  void theJavaLauncherIsAProgramAndTheJvmsLibrariesAreNot() throws IOException {
    assertTrue(read(HOME.resolve("bin/java")).isProgram(), "bin/java");
    assertFalse(read(HOME.resolve("lib/libjava.so")).isProgram(), "lib/libjava.so");
    assertFalse(read(HOME.resolve("lib/server/libjvm.so")).isProgram(), "lib/server/libjvm.so");
  }
}
