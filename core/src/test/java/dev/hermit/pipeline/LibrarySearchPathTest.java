package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hermit.app.AppInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's own library directories on java.library.path: those the natives step left empty are not searched. */
class LibrarySearchPathTest {
  @TempDir Path dir;

  @Test
  void aDirectoryWhoseNativesWereAllDroppedIsNotOnThePath() throws IOException {
    // a distribution's lib/ as the natives step leaves it for linux/amd64: Windows' DLLs taken out (their
    // directory not copied), the Linux library kept, and a directory that only held other platforms' files
    Path lib = dir.resolve("lib");
    Files.createDirectories(lib.resolve("native/Linux/x86_64"));
    Files.write(lib.resolve("native/Linux/x86_64/libfoo.so"), new byte[] {0x7f, 'E', 'L', 'F'});
    Files.createDirectories(lib.resolve("native/FreeBSD/x86_64"));
    List<String> path = List.of("app/home/lib/native/Linux/x86_64", "app/home/lib/native/Windows/x86",
        "app/home/lib/native/FreeBSD/x86_64", "app/elsewhere");
    AppInput app = new AppInput("a", "a.Main", null, List.of(), Map.of(lib, "app/home/lib"), List.of(), Map.of(), path,
        List.of(), null);
    assertEquals(List.of("app/home/lib/native/Linux/x86_64", "app/elsewhere"), LibrarySearchPath.directories(app));
  }
}
