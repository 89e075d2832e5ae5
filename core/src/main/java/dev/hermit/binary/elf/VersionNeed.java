package dev.hermit.binary.elf;

import java.util.List;

/** One entry of {@code .gnu.version_r}: the versions this file needs from one library. */
public record VersionNeed(String file, List<Version> versions) {
  public static final int VER_FLG_WEAK = 0x2;

  public VersionNeed {
    versions = List.copyOf(versions);
  }

  /** A needed version, e.g. {@code GLIBC_2.34}; weak references do not stop the program from loading. */
  public record Version(String name, int flags) {
    public boolean weak() {
      return (flags & VER_FLG_WEAK) != 0;
    }
  }
}
