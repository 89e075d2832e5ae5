package dev.hermit.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.HermitException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding Debian's archive in apt's configuration (names under .invalid, reserved for examples). */
class DebianMirrorTest {
  @TempDir Path root;

  private void write(String path, String text) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void takesTheFirstDebianMainSourceSkippingSecurityAndThirdParties() throws IOException {
    write("etc/apt/sources.list", "# deb http://old.invalid/debian bookworm main\n"
        + "deb http://vendor.invalid/apt cloud-sdk-bookworm main\n");
    write("etc/apt/sources.list.d/debian.sources", "Types: deb\n# a comment\nURIs: http://security.invalid/debian-security\n"
        + "Suites: bookworm-security\nComponents: main\n\n"
        + "Types: deb deb-src\nURIs: http://mirror.invalid/debian\nSuites: bookworm bookworm-updates\n"
        + "Components: main contrib\n");
    assertEquals(Optional.of(URI.create("http://mirror.invalid/debian/")), DebianMirror.fromApt(root));
  }

  @Test
  void readsOneLineSourcesWithOptions() throws IOException {
    write("etc/apt/sources.list", "deb [arch=amd64 signed-by=/k.gpg] https://mirror.invalid/debian/ trixie main\n");
    assertEquals(Optional.of(URI.create("https://mirror.invalid/debian/")), DebianMirror.fromApt(root));
  }

  @Test
  void theUsersMirrorWins() throws IOException {
    write("etc/apt/sources.list", "deb http://mirror.invalid/debian bookworm main\n");
    assertEquals(URI.create("http://other.invalid/d/"), DebianMirror.choose("http://other.invalid/d", root));
  }

  @Test
  void noSourcesAndNoMirrorAsksForOne() {
    HermitException e = assertThrows(HermitException.class, () -> DebianMirror.choose(null, root));
    assertTrue(e.getMessage().contains("give the URL of one"), e.getMessage());
    assertEquals(java.util.Optional.of(dev.hermit.Setting.MIRROR), e.setting(), "names the setting to change");
    assertFalse(e.getMessage().contains("--"), "no CLI wording in core: " + e.getMessage());
  }

  @Test
  void refusesWhatIsNotAUrl() {
    HermitException e = assertThrows(HermitException.class, () -> DebianMirror.choose("ftp://x.invalid/", root));
    assertTrue(e.getMessage().contains("not an http, https or file URL"), e.getMessage());
  }
}
