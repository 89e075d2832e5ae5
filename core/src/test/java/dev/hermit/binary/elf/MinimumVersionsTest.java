package dev.hermit.binary.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MinimumVersionsTest {
  @Test
  void highestVersionPerFamilyIgnoringWeakAndPrivate() {
    VersionNeed libc = new VersionNeed("libc.so.6", List.of(new VersionNeed.Version("GLIBC_2.9", 0),
        new VersionNeed.Version("GLIBC_2.10", 0), new VersionNeed.Version("GLIBC_2.99", VersionNeed.VER_FLG_WEAK),
        new VersionNeed.Version("GLIBC_PRIVATE", 0)));
    VersionNeed cxx = new VersionNeed("libstdc++.so.6", List.of(new VersionNeed.Version("GLIBCXX_3.4.29", 0),
        new VersionNeed.Version("CXXABI_1.3.13", 0)));
    assertEquals(Map.of("GLIBC", "2.10", "GLIBCXX", "3.4.29", "CXXABI", "1.3.13"),
        MinimumVersions.of(List.of(libc, cxx)));
  }

  @Test
  void comparesNumerically() {
    assertTrue(MinimumVersions.compare("2.10", "2.9") > 0);
    assertTrue(MinimumVersions.compare("2.2.5", "2.2") > 0);
    assertEquals(0, MinimumVersions.compare("2.0", "2"));
  }

  @Test
  void unknownMachineAndTypeValuesStillPrint() {
    assertEquals("EM_0x1234", new ElfMachine(0x1234).toString());
    assertEquals("EM_X86_64", new ElfMachine(62).toString());
    assertEquals("ET_0xfe00", new ElfType(0xfe00).toString());
  }
}
