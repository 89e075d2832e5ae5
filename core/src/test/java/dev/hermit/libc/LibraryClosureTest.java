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

  /**
   * A library whose need lies where only its DT_RUNPATH points (libpulse's libpulsecommon-16.1.so in
   * /usr/lib/x86_64-linux-gnu/pulseaudio): found, as the loader finds it, both for an absolute RUNPATH and for
   * $ORIGIN; without knowing where the library lies, only the loader's other directories are searched.
   */
  @Test
  void aLibrarysOwnRunpathIsSearchedForItsNeeds() throws Exception {
    assumeTrue(java.util.stream.Stream.of(System.getenv("PATH").split(":"))
        .anyMatch(d -> Files.isExecutable(Path.of(d, "clang"))), "needs clang (apt-get install clang lld)");
    Path lib = Files.createDirectories(dir.resolve("usr/lib/x86_64-linux-gnu"));
    Path sub = Files.createDirectories(lib.resolve("pulse"));
    Path inner = Files.writeString(dir.resolve("inner.c"), "int inner(void) { return 42; }\n");
    Path outer = Files.writeString(dir.resolve("outer.c"), "int inner(void); int outer(void) { return inner(); }\n");
    clang("-o", sub.resolve("libinner.so").toString(), "-Wl,-soname,libinner.so", inner.toString());
    for (String runpath : List.of("/usr/lib/x86_64-linux-gnu/pulse", "$ORIGIN/pulse")) {
      Path so = lib.resolve("libouter.so");
      clang("-o", so.toString(), outer.toString(), "-L" + sub, "-linner", "-Wl,--enable-new-dtags,-rpath," + runpath);
      ElfFile elf = ElfReader.read(so);
      assertEquals(List.of(runpath), elf.dynamic().orElseThrow().runpath(), "the fixture has a RUNPATH");
      LibraryClosure c = LibraryClosure.of(dir, List.of(elf), java.util.Arrays.asList(so), List.of("libouter.so"),
          Set.of());
      assertEquals(Map.of(), c.missing(), runpath);
      assertEquals(sub.resolve("libinner.so"), c.found().get("libinner.so"), runpath);
      LibraryClosure unplaced = LibraryClosure.of(dir, List.of(elf), List.of("libouter.so"), Set.of());
      assertEquals(Map.of("libinner.so", "libouter.so"), unplaced.missing(), "a root of unknown place: " + runpath);
    }
  }

  private void clang(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("clang", "-shared", "-fPIC", "-nostdlib"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + out);
  }
}
