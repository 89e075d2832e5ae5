package dev.hermit.binary;

import dev.hermit.binary.elf.ElfReader;
import dev.hermit.binary.macho.MachOReader;
import dev.hermit.binary.pe.PeReader;
import java.io.IOException;

/** Reads bytes with whichever reader their magic selects (as inspect does), for the malformed-input tests. */
final class AnyReader {
  private AnyReader() {}

  static Object read(byte[] bytes) throws IOException {
    return read(bytes, null);
  }

  /** Reads, recording the {offset, length} of every read the reader made into {@code reads} (when not null). */
  static Object read(byte[] bytes, java.util.List<long[]> reads) throws IOException {
    return read(bytes, reads, null);
  }

  /** Reads within a work budget (when not null): past it the read ends with RecordingChannel.WorkExceeded. */
  static Object read(byte[] bytes, java.util.List<long[]> reads, RecordingChannel.Work work) throws IOException {
    byte[] head = java.util.Arrays.copyOf(bytes, Math.min(8, bytes.length));
    switch (BinaryFormat.detect(head)) {
      case ELF:
        return ElfReader.read(new RecordingChannel(bytes, reads, work));
      case PE:
        return PeReader.read(new RecordingChannel(bytes, reads, work));
      case MACHO:
      case MACHO_UNIVERSAL:
        return MachOReader.read(new RecordingChannel(bytes, reads, work));
      default:
        throw new BinaryFormatException("not an ELF, PE or Mach-O file", 0);
    }
  }
}
