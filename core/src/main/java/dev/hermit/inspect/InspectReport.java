package dev.hermit.inspect;

import dev.hermit.binary.BinaryFormat;
import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.macho.MachOSlice;
import dev.hermit.binary.pe.PeFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Everything {@code hermit inspect} found out about one file. Exactly one of elf, pe, macho is present. */
public record InspectReport(
    Path path,
    long size,
    BinaryFormat format,
    Optional<ElfFile> elf,
    Optional<DependencyGraph> dependencies,
    Optional<PeFile> pe,
    List<MachOSlice> macho) {
  public InspectReport {
    macho = List.copyOf(macho);
  }
}
