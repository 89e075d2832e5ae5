package dev.hermit.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.elf.ElfReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The needs of a JNI library resolved in a sysroot: found in the host's, reported missing from a partial one. */
class LibraryClosureTest {
  static final Path SYS = Path.of("/lib/x86_64-linux-gnu");
  @TempDir Path dir;

  /** A real library that NEEDs libpthread.so.0 and libc.so.6: libzstd-jni's build for glibc before 2.34. */
  static ElfFile jni() throws Exception {
    dev.hermit.app.NativeJars.fetch();
    return dev.hermit.app.NativeScan.jar("zstd", dev.hermit.app.NativeJars.ZSTD, false).libraries().stream()
        .filter(l -> l.path().equals("linux/amd64/libzstd-jni-1.5.5-11.so")).findFirst().orElseThrow()
        .binary().elf();
  }

  @Test
  void findsGlibcsCompatibilityLibrariesInTheHostSysroot() throws Exception {
    assumeTrue(Files.exists(SYS.resolve("libpthread.so.0")), "SKIPPED LOUDLY: needs Debian amd64 glibc");
    LibraryClosure c = LibraryClosure.of(Path.of("/"), List.of(jni()), List.of("zstd.jar!/libzstd-jni.so"),
        Set.of("libc.so.6"));
    assertEquals(Map.of(), c.missing());
    assertEquals(Set.of("libpthread.so.0"), c.found().keySet());
  }

  @Test
  void namesWhatASysrootLacksAndWhoNeedsIt() throws Exception {
    assumeTrue(Files.exists(SYS.resolve("libc.so.6")), "SKIPPED LOUDLY: needs Debian amd64 glibc");
    // A sysroot made of extracted packages that holds glibc's libc but not its compatibility libpthread.
    Path lib = Files.createDirectories(dir.resolve("lib/x86_64-linux-gnu"));
    Files.copy(SYS.resolve("libc.so.6").toRealPath(), lib.resolve("libc.so.6"));
    // The loader is always bundled already (libc.so.6 NEEDs it): the build passes its name as had.
    LibraryClosure c = LibraryClosure.of(dir, List.of(jni()), List.of("zstd.jar!/libzstd-jni.so"),
        Set.of("ld-linux-x86-64.so.2"));
    assertEquals(Map.of("libpthread.so.0", "zstd.jar!/libzstd-jni.so"), c.missing());
    assertEquals(Set.of("libc.so.6"), c.found().keySet());
    ElfFile found = ElfReader.read(c.found().get("libc.so.6"));
    assertEquals("amd64", found.arch());
  }
}
