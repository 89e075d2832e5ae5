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

  /** Debian's libpcap0.8: a soname of two numbers, beside its file of three. It said "install it here". */
  @Test
  void aSonameOfTwoNumbersIsFoundToo() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("usr/lib/x86_64-linux-gnu"));
    Files.writeString(lib.resolve("libpcap.so.0.8"), "");
    Files.writeString(lib.resolve("libpcap.so.1.10.3"), "");
    Optional<String> h = LoadHints.forOutput(List.of("java.lang.UnsatisfiedLinkError: Unable to load library 'pcap':"),
        List.of(dir.resolve("usr/lib")));
    assertTrue(h.orElseThrow().endsWith("this machine has " + lib.resolve("libpcap.so.0.8")
        + "; build with --bundle-library libpcap.so.0.8 to carry it (with what it needs)"), h.toString());
  }

  @Test
  void aLibraryNotHereIsToBeInstalledAndOtherOutputHasNoHint() {
    Optional<String> h = LoadHints.forOutput(List.of("java.lang.UnsatisfiedLinkError: Unable to load library "
        + "'nosuchlib':"), List.of(dir));
    assertTrue(h.orElseThrow().endsWith("install it here and build with --bundle-library libnosuchlib.so.N to carry it"),
        h.toString());
    assertEquals(Optional.empty(), LoadHints.forOutput(List.of("Exception: something else"), List.of(dir)));
  }

  /**
   * A JNI library that opens another by name (commons-crypto's opens "libcrypto.so"): the loader's words name it, and
   * the hint names this machine's soname; a name with its version is looked for as it is.
   */
  @Test
  void aLibraryANativeOpensByNameIsNamedWithTheOptionToo() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("usr/lib/x86_64-linux-gnu"));
    Files.writeString(lib.resolve("libcrypto.so.3"), "");
    Files.writeString(lib.resolve("libz.so.1"), "");
    List<String> out = List.of("Exception in thread \"main\" java.lang.UnsatisfiedLinkError: Cannot load libcrypto.so "
        + "(libcrypto.so: cannot open shared object file: No such file or directory)!");
    assertEquals(Optional.of("the run could not open libcrypto.so, which the app's code opens by name at run time (no "
        + "native of its jars needs it, so the build did not carry it): this machine has " + lib.resolve("libcrypto.so.3")
        + "; build with --bundle-library libcrypto.so.3 to carry it (with what it needs)"),
        LoadHints.forOutput(out, List.of(dir.resolve("usr/lib"))));
    assertTrue(LoadHints.forOutput(List.of("libz.so.1: cannot open shared object file"), List.of(dir.resolve("usr/lib")))
        .orElseThrow().endsWith("this machine has " + lib.resolve("libz.so.1") + "; build with --bundle-library "
            + "libz.so.1 to carry it (with what it needs)"));
    assertTrue(LoadHints.forOutput(List.of("libpigpio.so.1: cannot open shared object file"), List.of(dir))
        .orElseThrow().endsWith("install it here and build with --bundle-library libpigpio.so.1 to carry it"));
  }

  /** SunPKCS11 loads its module by the configuration's path: the hint names the path option and where it lands. */
  @Test
  void aPkcs11ModuleMissingFromTheRootIsNamedWithItsPath() throws IOException {
    Path module = Files.writeString(dir.resolve("libsofthsm2.so"), "");
    Optional<String> h = LoadHints.forOutput(List.of("Exception in thread \"main\" java.security.ProviderException: "
        + "Library " + module + " does not exist"), List.of(dir));
    assertEquals("the PKCS#11 module " + module + " that the provider's configuration names is not where the output "
        + "runs: build with --bundle-library " + module + " and name ${java.home}/lib/sys/libsofthsm2.so as the "
        + "library in the configuration", h.orElseThrow());
    Optional<String> absent = LoadHints.forOutput(List.of("java.security.ProviderException: Library /opt/hsm/libx.so "
        + "does not exist"), List.of(dir));
    assertTrue(absent.orElseThrow().contains("output runs: install it here, then build with --bundle-library "
        + "/opt/hsm/libx.so"), absent.toString());
  }

  /**
   * A program an app starts in an empty root: one it names (chmod, sh) is not there at all; one it carries or unpacks
   * (embedded Postgres's initdb) lacks its loader and C library. Only "No such file or directory" gets the hint, and
   * not for the runtime's own tools.
   */
  @Test
  void aProgramTheEmptyRootCannotStartIsNamedWithWhatItLacks() {
    Optional<String> named = LoadHints.forProgram(List.of("java.io.IOException: Cannot run program \"chmod\": error=2,"
        + " No such file or directory"));
    assertEquals(Optional.of("the app starts the program 'chmod', and an empty root has none (no shell, no commands);"
        + " give the image a base that has it (busybox has the usual commands), as docs/HERMETIC.md says (\"No "
        + "/bin/sh\")"), named);
    Optional<String> carried = LoadHints.forProgram(List.of("Caused by: java.io.IOException: Cannot run program "
        + "\"/tmp/embedded-pg/PG-1/bin/initdb\" (in directory \"/work\"): error=2, No such file or directory"));
    assertTrue(carried.orElseThrow().startsWith("the app starts /tmp/embedded-pg/PG-1/bin/initdb, a program that an "
        + "empty root does not have, or whose loader and C library it does not have"), carried.toString());
    assertEquals(Optional.empty(), LoadHints.forProgram(List.of("Cannot run program \"/x/rt/bin/javac\": error=2, "
        + "No such file or directory")), "the runtime's own tool");
    assertEquals(Optional.empty(), LoadHints.forProgram(List.of("Cannot run program \"/opt/x\": error=13, "
        + "Permission denied")), "another errno");
    assertEquals(Optional.empty(), LoadHints.forProgram(List.of("Exception in thread \"main\" java.lang.Error")));
  }
}
