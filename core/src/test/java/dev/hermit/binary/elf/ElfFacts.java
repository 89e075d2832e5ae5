package dev.hermit.binary.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The facts compared between hermit's reader and readelf, in one comparable value. */
record ElfFacts(
    String elfClass,
    String endian,
    String type,
    long flags,
    String interpreter,
    List<String> needed,
    String soname,
    List<String> rpath,
    List<String> runpath,
    List<String> versionNeeds,
    boolean isStatic,
    Map<String, String> minimumVersions) {

  static ElfFacts of(ElfFile elf) {
    List<String> versions = new ArrayList<>();
    for (VersionNeed need : elf.versionNeeds()) {
      for (VersionNeed.Version v : need.versions()) {
        versions.add(need.file() + ":" + v.name() + (v.weak() ? "(weak)" : ""));
      }
    }
    String type = switch (elf.type().value()) {
      case ElfType.ET_EXEC -> "EXEC";
      case ElfType.ET_DYN -> "DYN";
      case ElfType.ET_REL -> "REL";
      case ElfType.ET_CORE -> "CORE";
      default -> elf.type().name();
    };
    Linkage linkage = elf.linkage();
    return new ElfFacts(elf.is64() ? "ELF64" : "ELF32",
        elf.order() == java.nio.ByteOrder.LITTLE_ENDIAN ? "little" : "big", type, elf.flags(),
        elf.interpreter().orElse(null), elf.needed(), elf.dynamic().flatMap(DynamicInfo::soname).orElse(null),
        elf.dynamic().map(DynamicInfo::rpath).orElse(List.of()),
        elf.dynamic().map(DynamicInfo::runpath).orElse(List.of()), versions,
        linkage == Linkage.STATIC || linkage == Linkage.STATIC_PIE, elf.minimumVersions());
  }
}
