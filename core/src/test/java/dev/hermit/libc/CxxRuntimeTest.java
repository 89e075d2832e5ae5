package dev.hermit.libc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.binary.elf.DynamicNames;
import dev.hermit.launcher.Launchers;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDK's own libraries moved from libstdc++ to hermit's C++ runtime: the running JDK's, as Debian built them. */
class CxxRuntimeTest {
  private static final Path LIB = Path.of(System.getProperty("java.home"), "lib");
  private static final byte[] RUNTIME = Launchers.cxxRuntime(Target.host().orElseThrow());

  private static Set<String> provided(boolean withVersions) {
    Set<String> out = new HashSet<>();
    for (DynamicNames.Symbol s : DynamicNames.read(RUNTIME).symbols()) {
      if (s.defined() && s.version() != null) {
        out.add(withVersions ? s.name() + "@" + s.version() : s.version());
      }
    }
    return out;
  }

  @Test
  void everyTargetHasOneOfEachBuild() {
    for (Target t : Target.ALL) {
      assertNotNull(Launchers.cxxRuntime(t), t.id());
      assertTrue(DynamicNames.read(Launchers.cxxRuntime(t, true)).needed().contains("libstdc++.so.6"), t.id());
      assertFalse(DynamicNames.read(Launchers.cxxRuntime(t)).needed().contains("libstdc++.so.6"), t.id());
    }
  }

  @Test
  void libjvmIsRetargetedInPlaceAndNothingElseChanges() throws IOException {
    byte[] original = Files.readAllBytes(LIB.resolve("server/libjvm.so"));
    DynamicNames before = DynamicNames.read(original);
    assertTrue(before.needed().contains("libstdc++.so.6"), "the JDK's libjvm.so needs libstdc++ (Debian's does)");
    byte[] moved = CxxRuntime.retarget(original, provided(true), provided(false));
    assertNotNull(moved);
    assertEquals(original.length, moved.length);

    DynamicNames after = DynamicNames.read(moved);
    assertFalse(after.needed().contains("libstdc++.so.6"));
    assertTrue(after.needed().contains(CxxRuntime.SONAME));
    List<DynamicNames.Symbol> was = before.symbols();
    List<DynamicNames.Symbol> now = after.symbols();
    assertEquals(was.size(), now.size());
    int renamed = 0;
    int changedBytes = 0;
    for (int i = 0; i < was.size(); i++) {
      DynamicNames.Symbol a = was.get(i);
      DynamicNames.Symbol b = now.get(i);
      assertEquals(a.version(), b.version(), a.name());
      if ("libstdc++.so.6".equals(a.from())) {
        assertEquals(CxxRuntime.privateName(a.name()), b.name());
        assertEquals(CxxRuntime.SONAME, b.from());
        assertTrue(provided(true).contains(b.name() + "@" + b.version()), b.name());
        renamed++;
        changedBytes++;
      } else {
        assertEquals(a.name(), b.name()); // every other symbol (libc's, its own exports) as it was
      }
    }
    assertTrue(renamed >= 4, "libjvm takes guards, nothrow and the demangler from libstdc++: " + renamed);
    // the names' second characters, and the library's name (the same bytes for DT_NEEDED and .gnu.version_r)
    int diff = 0;
    for (int i = 0; i < original.length; i++) {
      diff += original[i] != moved[i] ? 1 : 0;
    }
    assertTrue(diff <= changedBytes + 2 * "libstdc++.so.6".length() && diff > changedBytes, "bytes changed: " + diff);
  }

  @Test
  void aLibraryNeedingWhatTheRuntimeLacksKeepsLibstdcxx() throws IOException {
    byte[] libjvm = Files.readAllBytes(LIB.resolve("server/libjvm.so"));
    Set<String> lacking = provided(true);
    assertTrue(lacking.remove("_Hcxa_guard_acquire@CXXABI_1.3"));
    assertNull(CxxRuntime.retarget(libjvm, lacking, provided(false)));
    Set<String> versions = provided(false);
    versions.remove("CXXABI_1.3");
    assertNull(CxxRuntime.retarget(libjvm, provided(true), versions), "a needed version the runtime lacks");
    // the same symbol at another version is another symbol
    Set<String> otherVersion = provided(true);
    otherVersion.remove("_Hcxa_guard_acquire@CXXABI_1.3");
    otherVersion.add("_Hcxa_guard_acquire@CXXABI_1.3.9");
    assertNull(CxxRuntime.retarget(libjvm, otherVersion, provided(false)));
  }

  @Test
  void aLibraryWithoutLibstdcxxIsLeftAlone() throws IOException {
    assertNull(CxxRuntime.retarget(Files.readAllBytes(LIB.resolve("libjava.so")), provided(true), provided(false)));
    assertNull(CxxRuntime.retarget(new byte[] {0x7f, 'E', 'L', 'F', 2, 1}, provided(true), provided(false)));
  }

  @Test
  void theImageGetsTheRuntimeBesideTheLibrariesItServes(@TempDir Path image) throws IOException {
    Files.createDirectories(image.resolve("lib/server"));
    Files.copy(LIB.resolve("server/libjvm.so"), image.resolve("lib/server/libjvm.so"));
    Files.copy(LIB.resolve("libjimage.so"), image.resolve("lib/libjimage.so"));
    Files.copy(LIB.resolve("libjava.so"), image.resolve("lib/libjava.so"));
    byte[] java = Files.readAllBytes(LIB.resolve("libjava.so"));
    assertEquals(List.of("lib/libjimage.so", "lib/server/libjvm.so"), CxxRuntime.inImage(image, RUNTIME));
    assertArrayEquals(RUNTIME, Files.readAllBytes(image.resolve(CxxRuntime.IN_IMAGE)));
    assertArrayEquals(java, Files.readAllBytes(image.resolve("lib/libjava.so")));
    // nothing left to move: the runtime's libraries were all moved (or need no libstdc++)
    assertEquals(List.of(), CxxRuntime.inImage(image, RUNTIME));
  }

  /** What binds to a C++ runtime by name: a library that needs libstdc++, or has C++ or C++-ABI dynamic symbols. */
  @Test
  void cxxLibrariesAreToldFromCOnes() throws IOException {
    assertTrue(CxxRuntime.isCxx(Files.readAllBytes(LIB.resolve("libjimage.so"))), "needs libstdc++");
    assertTrue(CxxRuntime.isCxx(Files.readAllBytes(Path.of("/usr/lib/x86_64-linux-gnu/libstdc++.so.6")
        .toRealPath())), "defines C++ names (and needs no libstdc++)");
    assertFalse(CxxRuntime.isCxx(Files.readAllBytes(LIB.resolve("libjava.so"))), "C");
    assertFalse(CxxRuntime.isCxx(Files.readAllBytes(LIB.resolve("libzip.so"))), "C");
    assertFalse(CxxRuntime.isCxx(new byte[] {0x7f, 'E', 'L', 'F'}), "not readable: nothing binds by name");
  }

  @Test
  void anImageWithNothingToMoveGetsNoRuntime(@TempDir Path image) throws IOException {
    Files.createDirectories(image.resolve("lib"));
    Files.copy(LIB.resolve("libjava.so"), image.resolve("lib/libjava.so"));
    assertEquals(List.of(), CxxRuntime.inImage(image, RUNTIME));
    assertFalse(Files.exists(image.resolve(CxxRuntime.IN_IMAGE)));
  }
}
