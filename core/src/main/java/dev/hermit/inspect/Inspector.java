package dev.hermit.inspect;

import dev.hermit.binary.BinaryFormat;
import dev.hermit.binary.BinaryFormatException;
import dev.hermit.binary.BinaryInput;
import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.elf.ElfReader;
import dev.hermit.binary.macho.MachOReader;
import dev.hermit.binary.pe.PeReader;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The entry point of {@code hermit inspect}: reads a file of any supported format and, for ELF, resolves its
 * libraries inside a sysroot. Reads only; never executes the file or anything it names.
 */
public final class Inspector {
  private final LibraryResolver resolver;

  private Inspector(LibraryResolver resolver) {
    this.resolver = resolver;
  }

  /** An inspector that resolves libraries against {@code sysroot} ({@code /} for the host). */
  public static Inspector withSysroot(Path sysroot) {
    return new Inspector(new LibraryResolver(sysroot));
  }

  /** As {@link #withSysroot(Path)}, also searching {@code libraryPath} as the loader searches LD_LIBRARY_PATH. */
  public static Inspector withSysroot(Path sysroot, List<String> libraryPath) {
    return new Inspector(new LibraryResolver(sysroot, libraryPath));
  }

  /** An inspector that reports what the file says and does not look for its libraries. */
  public static Inspector withoutResolution() {
    return new Inspector(null);
  }

  public InspectReport inspect(Path file) throws IOException {
    InspectReport report = inspectBinary(file);
    Optional<HermitPayload> hermit = HermitPayloads.read(file);
    if (hermit.isEmpty()) {
      HermitPayloads.requireNotCutShort(file);
      return report;
    }
    return new InspectReport(report.path(), report.size(), report.format(), report.elf(), report.dependencies(),
        report.pe(), report.macho(), hermit);
  }

  private InspectReport inspectBinary(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException("is a directory");
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new IOException("not a regular file"); // a FIFO or device would block or never end
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      BinaryInput in = new BinaryInput(channel);
      byte[] head = new byte[(int) Math.min(8, in.size())];
      in.read(0, head.length, ByteOrder.BIG_ENDIAN, "file header").get(head);
      BinaryFormat format = BinaryFormat.detect(head);
      switch (format) {
        case ELF: {
          ElfFile elf = ElfReader.read(in);
          Optional<DependencyGraph> graph = resolver == null || elf.dynamic().isEmpty() && elf.interpreter().isEmpty()
              ? Optional.empty() : Optional.of(resolver.resolve(file, elf));
          return new InspectReport(file, in.size(), format, Optional.of(elf), graph, Optional.empty(), List.of(), Optional.empty());
        }
        case PE:
          return new InspectReport(file, in.size(), format, Optional.empty(), Optional.empty(),
              Optional.of(PeReader.read(in)), List.of(), Optional.empty());
        case MACHO:
        case MACHO_UNIVERSAL:
          return new InspectReport(file, in.size(), format, Optional.empty(), Optional.empty(), Optional.empty(),
              MachOReader.read(in), Optional.empty());
        default:
          throw new BinaryFormatException("not an ELF, PE or Mach-O file", 0);
      }
    }
  }
}
