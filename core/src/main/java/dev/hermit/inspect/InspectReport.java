package dev.hermit.inspect;

import dev.hermit.binary.BinaryFormat;
import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.macho.MachOSlice;
import dev.hermit.binary.pe.PeFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@code hermit inspect} found out about one file. Exactly one of elf, pe, macho is present; hermit is
 * present for a hermit executable (its launcher is the elf/pe/macho part).
 */
public record InspectReport(
    Path path,
    long size,
    BinaryFormat format,
    Optional<ElfFile> elf,
    Optional<DependencyGraph> dependencies,
    Optional<PeFile> pe,
    List<MachOSlice> macho,
    Optional<HermitPayload> hermit) {
  public InspectReport {
    macho = List.copyOf(macho);
  }
}
