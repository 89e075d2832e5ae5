package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JNA's failure to load a system library by name, read from a checked run's output, becomes the option to give. */
class LoadHintsTest {
  @TempDir Path dir;

  @Test
  void aLibraryThisMachineHasIsNamedWithTheOptionThatCarriesIt() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("usr/lib/x86_64-linux-gnu"));
    Files.writeString(lib.resolve("libtesseract.so.5"), "");
    Files.writeString(lib.resolve("libtesseract.so.5.3.0"), "");
    List<String> out = List.of("Exception in thread \"main\" java.lang.UnsatisfiedLinkError: Unable to load library "
        + "'tesseract':", "libtesseract.so: cannot open shared object file: No such file or directory");
    Optional<String> h = LoadHints.forOutput(out, List.of(dir.resolve("usr/lib")));
    assertTrue(h.orElseThrow().endsWith("this machine has " + lib.resolve("libtesseract.so.5")
        + "; build with --bundle-library libtesseract.so.5 to carry it (with what it needs)"), h.toString());
  }

  @Test
  void aLibraryNotHereIsToBeInstalledAndOtherOutputHasNoHint() {
    Optional<String> h = LoadHints.forOutput(List.of("java.lang.UnsatisfiedLinkError: Unable to load library "
        + "'nosuchlib':"), List.of(dir));
    assertTrue(h.orElseThrow().endsWith("install it here and build with --bundle-library libnosuchlib.so.N to carry it"),
        h.toString());
    assertEquals(Optional.empty(), LoadHints.forOutput(List.of("Exception: something else"), List.of(dir)));
  }
}
