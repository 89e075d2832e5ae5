package dev.hermit.binary.elf;

import java.util.List;
import java.util.Optional;

/** What the dynamic section (PT_DYNAMIC) says about linking. Absent strings are empty, never null. */
public record DynamicInfo(
    List<String> needed,
    Optional<String> soname,
    List<String> rpath,
    List<String> runpath,
    long flags,
    long flags1,
    List<VersionNeed> versionNeeds,
    List<String> versionDefs) {
  public static final long DF_1_PIE = 0x08000000L;

  public DynamicInfo {
    needed = List.copyOf(needed);
    rpath = List.copyOf(rpath);
    runpath = List.copyOf(runpath);
    versionNeeds = List.copyOf(versionNeeds);
    versionDefs = List.copyOf(versionDefs);
  }

  public boolean pieFlag() {
    return (flags1 & DF_1_PIE) != 0;
  }
}
