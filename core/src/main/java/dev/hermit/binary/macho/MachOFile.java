package dev.hermit.binary.macho;

import java.util.List;
import java.util.Optional;

/** The facts about one Mach-O image (a thin file, or one slice of a universal file) that matter for running it. */
public record MachOFile(
    MachOCpu cpu,
    boolean is64,
    int fileType,
    Optional<String> dylinker,
    Optional<String> installName,
    List<Dylib> dylibs,
    List<String> rpaths,
    Optional<MinimumOs> minimumOs,
    boolean codeSignature) {
  public MachOFile {
    dylibs = List.copyOf(dylibs);
    rpaths = List.copyOf(rpaths);
  }

  public String fileTypeName() {
    return switch (fileType) {
      case 1 -> "object";
      case 2 -> "executable";
      case 3 -> "fixed VM shared library";
      case 4 -> "core";
      case 5 -> "preloaded executable";
      case 6 -> "dylib";
      case 7 -> "dylinker";
      case 8 -> "bundle";
      case 9 -> "dylib stub";
      case 10 -> "dSYM companion";
      case 11 -> "kext bundle";
      case 12 -> "fileset";
      default -> "filetype-" + fileType;
    };
  }

  /** A library named by LC_LOAD_DYLIB and its relatives; {@code kind} says which command named it. */
  public record Dylib(String name, String kind, String currentVersion, String compatibilityVersion) {}

  /** LC_BUILD_VERSION or LC_VERSION_MIN_*: the oldest OS release the file runs on. */
  public record MinimumOs(String platform, String version, String sdk) {}
}
