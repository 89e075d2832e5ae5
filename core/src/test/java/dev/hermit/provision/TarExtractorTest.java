package dev.hermit.provision;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tar reader over archives written here byte by byte: what lands where, and what is refused. */
class TarExtractorTest {
  @TempDir Path dir;

  /** Writes tar entries: a 512-byte ustar header, the data, padding. */
  static final class Tar {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Tar entry(String name, char type, int mode, String link, byte[] data) {
      byte[] h = new byte[512];
      put(h, 0, name);
      put(h, 100, String.format("%07o", mode));
      put(h, 108, "0000000");
      put(h, 116, "0000000");
      put(h, 124, String.format("%011o", data.length));
      put(h, 136, "00000000000");
      h[156] = (byte) type;
      put(h, 157, link);
      put(h, 257, "ustar");
      put(h, 263, "00");
      for (int i = 148; i < 156; i++) {
        h[i] = ' ';
      }
      int sum = 0;
      for (byte b : h) {
        sum += b & 0xff;
      }
      put(h, 148, String.format("%06o", sum));
      out.writeBytes(h);
      out.writeBytes(data);
      out.writeBytes(new byte[(512 - data.length % 512) % 512]);
      return this;
    }

    Tar file(String name, int mode, String content) {
      return entry(name, '0', mode, "", content.getBytes(UTF_8));
    }

    byte[] bytes() {
      out.writeBytes(new byte[1024]);
      return out.toByteArray();
    }

    private static void put(byte[] h, int off, String s) {
      byte[] b = s.getBytes(UTF_8);
      System.arraycopy(b, 0, h, off, b.length);
    }
  }

  private void extract(byte[] tar) throws IOException {
    new TarExtractor(dir).extract(new ByteArrayInputStream(tar));
  }

  @Test
  void unpacksFilesDirectoriesSymlinksLongNamesAndModes() throws IOException {
    String longName = "./usr/lib/" + "x".repeat(120) + "/libthing.so.1";
    extract(new Tar()
        .entry("./", '5', 0755, "", new byte[0])
        .entry("./usr/bin/", '5', 0755, "", new byte[0])
        .file("./usr/bin/tool", 0755, "#!tool")
        .file("./usr/share/doc", 0644, "doc")
        .entry("././@LongLink", 'L', 0, "", (longName + "\0").getBytes(UTF_8))
        .file("ignored-short-name", 0600, "long")
        .entry("./usr/lib/jvm/conf/java.security", '2', 0777, "/etc/java-17-openjdk/security/java.security",
            new byte[0])
        .entry("./usr/lib/libz.so.1", '2', 0777, "libz.so.1.2.13", new byte[0])
        .bytes());
    assertEquals("#!tool", Files.readString(dir.resolve("usr/bin/tool")));
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("usr/bin/tool"))));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("usr/share/doc"))));
    assertEquals("long", Files.readString(dir.resolve(longName.substring(2))));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(longName.substring(2)))));
    // an absolute link target is taken inside the tree, as in a sysroot
    assertEquals(Path.of("../../../../etc/java-17-openjdk/security/java.security"),
        Files.readSymbolicLink(dir.resolve("usr/lib/jvm/conf/java.security")));
    assertEquals(Path.of("libz.so.1.2.13"), Files.readSymbolicLink(dir.resolve("usr/lib/libz.so.1")));
  }

  @Test
  void refusesDotDot() {
    IOException e = assertThrows(IOException.class, () -> extract(new Tar().file("./usr/../../evil", 0644, "x").bytes()));
    assertTrue(e.getMessage().contains("'..'"), e.getMessage());
    assertFalse(Files.exists(dir.resolveSibling("evil")));
  }

  @Test
  void refusesAbsoluteNames() {
    IOException e = assertThrows(IOException.class, () -> extract(new Tar().file("/tmp/evil", 0644, "x").bytes()));
    assertTrue(e.getMessage().contains("absolute"), e.getMessage());
  }

  @Test
  void refusesASymlinkPointingOutside() {
    IOException e = assertThrows(IOException.class,
        () -> extract(new Tar().entry("./usr/escape", '2', 0777, "../../outside", new byte[0]).bytes()));
    assertTrue(e.getMessage().contains("points outside"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("usr/escape"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void neverWritesThroughASymlink() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path root = Files.createDirectories(dir.resolve("root"));
    // a link that stays inside, then a file under it: writing it would follow the link
    byte[] tar = new Tar().entry("./lib", '2', 0777, "usr/lib", new byte[0]).file("./lib/x", 0644, "x").bytes();
    IOException e = assertThrows(IOException.class,
        () -> new TarExtractor(root).extract(new ByteArrayInputStream(tar)));
    assertTrue(e.getMessage().contains("under a symlink"), e.getMessage());
    try (var s = Files.list(outside)) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void refusesATruncatedArchive() {
    byte[] tar = new Tar().file("./a", 0644, "x".repeat(2000)).bytes();
    byte[] cut = java.util.Arrays.copyOf(tar, 1024);
    assertThrows(IOException.class, () -> extract(cut));
  }
}
