package dev.hermit.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which C library an ELF library is built for, from libraries linked here with clang and lld the way real JNI
 * libraries are (the toolchain the launcher needs: scripts/install-deps).
 */
class LibcKindTest {
  @TempDir Path dir;

  /**
   * RocksDB's librocksdbjni-linux-aarch64-musl.so needs libc.musl-aarch64.so.1 and a GLIBC_2.0 version, which
   * aarch64's libgcc_s defines: taken for glibc, it was kept for a glibc target and the build failed on its musl
   * libc. This one is linked the same way, against stand-ins with those names and that version.
   */
  @Test
  void aMuslLibraryNeedingLibgccsGlibcVersionIsMusl() throws Exception {
    Path lib = link("libgcc_s.so.1", "void _Unwind_Resume(void) {}", "GLIBC_2.0 { global: _Unwind_Resume; local: *; };");
    Path musl = link("libc.musl-aarch64.so.1", "void *malloc(unsigned long n) { return 0; }", null);
    Path jni = link("libjni.so", "void _Unwind_Resume(void); void *malloc(unsigned long);\n"
        + "void *f(void) { _Unwind_Resume(); return malloc(1); }", null, "-L" + dir, "-l:" + lib.getFileName(),
        "-l:" + musl.getFileName());
    NativeBinary b = NativeBinary.identify(Files.readAllBytes(jni)).orElseThrow();
    assertEquals(List.of("libgcc_s.so.1", "libc.musl-aarch64.so.1"), b.needed());
    assertEquals("linux/arm64 musl", b.platform());

    // the same library against glibc's libc.so.6 is glibc
    Path glibc = link("libc.so.6", "void *malloc(unsigned long n) { return 0; }", null);
    Path jni2 = link("libjni2.so", "void _Unwind_Resume(void); void *malloc(unsigned long);\n"
        + "void *f(void) { _Unwind_Resume(); return malloc(1); }", null, "-L" + dir, "-l:" + lib.getFileName(),
        "-l:" + glibc.getFileName());
    assertEquals("linux/arm64 glibc", NativeBinary.identify(Files.readAllBytes(jni2)).orElseThrow().platform());
  }

  /**
   * jSerialComm's and jffi's OpenBSD libraries need no libc, so nothing but their OpenBSD note (what OpenBSD's
   * crtbegin puts in .note.openbsd.ident) tells them from Linux ones: they were kept for linux/amd64.
   */
  @Test
  void aLibraryWithOnlyAnOpenBsdNoteIsOpenBsd() throws Exception {
    String code = "int serial_ports(void) { return 0; }\n";
    String note = "__asm__(\".section .note.openbsd.ident,\\\"a\\\",@note\\n .p2align 2\\n .long 8, 4, 1\\n"
        + " .asciz \\\"OpenBSD\\\"\\n .long 0\\n .previous\");\n";
    Path bsd = linkFor("x86_64-linux-gnu", "libbsd-serial.so", note + code, null);
    assertEquals("openbsd/amd64", NativeBinary.identify(Files.readAllBytes(bsd)).orElseThrow().platform());
    Path linux = linkFor("x86_64-linux-gnu", "liblinux-serial.so", code, null);
    assertEquals("linux/amd64", NativeBinary.identify(Files.readAllBytes(linux)).orElseThrow().platform());
  }

  /**
   * Linux JDKs up to 8 defined SUNWprivate_1.1 in libjawt.so (and libjvm.so, libjava.so), so JOGL's
   * libnativewindow_awt.so and LWJGL 2's liblwjgl64.so need that version beside glibc's: taken for Solaris, they were
   * dropped as another platform's and JOGL's AWT bridge did not load. Solaris's own libraries need libc.so.1.
   */
  @Test
  void aLinuxLibraryNeedingTheOldJdksSunwVersionIsLinux() throws Exception {
    Path jawt = linkFor("x86_64-linux-gnu", "libjawt.so", "int JAWT_GetAWT(void *e, void *a) { return 0; }",
        "SUNWprivate_1.1 { global: JAWT_GetAWT; local: *; };");
    Path libc = linkFor("x86_64-linux-gnu", "libc.so.6", "unsigned long strlen(const char *s) { return 0; }",
        "GLIBC_2.2.5 { global: strlen; local: *; };");
    String code = "int JAWT_GetAWT(void *, void *); unsigned long strlen(const char *);\n"
        + "int (*awt)(void *, void *) = JAWT_GetAWT; unsigned long f(const char *s) { return strlen(s); }";
    Path awt = linkFor("x86_64-linux-gnu", "libnativewindow_awt.so", code, null, "-L" + dir,
        "-l:" + jawt.getFileName(), "-l:" + libc.getFileName());
    NativeBinary b = NativeBinary.identify(Files.readAllBytes(awt)).orElseThrow();
    assertEquals(List.of("libjawt.so", "libc.so.6"), b.needed());
    assertEquals("linux/amd64 glibc", b.platform());

    // Solaris's: libc.so.1, whose versions are SUNW_*
    Path solarisLibc = linkFor("x86_64-linux-gnu", "libc.so.1", "unsigned long strlen(const char *s) { return 0; }",
        "SUNW_0.7 { global: strlen; local: *; };");
    Path sol = linkFor("x86_64-linux-gnu", "libsolaris.so", "unsigned long strlen(const char *);\n"
        + "unsigned long f(const char *s) { return strlen(s); }", null, "-L" + dir, "-l:" + solarisLibc.getFileName());
    assertEquals("solaris/amd64", NativeBinary.identify(Files.readAllBytes(sol)).orElseThrow().platform());
  }

  /** Links C source into an aarch64 shared library named {@code soname}, with a version script when given. */
  private Path link(String soname, String source, String versionScript, String... more) throws Exception {
    return linkFor("aarch64-linux-gnu", soname, source, versionScript, more);
  }

  private Path linkFor(String triple, String soname, String source, String versionScript, String... more)
      throws Exception {
    Path c = Files.writeString(dir.resolve(soname + ".c"), source);
    List<String> cmd = new ArrayList<>(List.of("clang", "--target=" + triple, "-nostdlib", "-shared",
        "-fuse-ld=lld", "-fPIC", "-Wl,-soname," + soname, "-o", dir.resolve(soname).toString(), c.toString()));
    if (versionScript != null) {
      cmd.add("-Wl,--version-script=" + Files.writeString(dir.resolve(soname + ".map"), versionScript));
    }
    cmd.addAll(List.of(more));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "clang is not installed (scripts/install-deps build installs it)");
      throw e;
    }
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    return dir.resolve(soname);
  }
}
