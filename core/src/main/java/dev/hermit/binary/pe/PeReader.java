package dev.hermit.binary.pe;

import dev.hermit.binary.BinaryFormatException;
import dev.hermit.binary.BinaryInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a PE32 or PE32+ image: COFF header, optional header, section table, and the names of the DLLs in the
 * import and delay-import tables. A table that is present but cannot be read is an error, never "no imports".
 */
public final class PeReader {
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  private static final int DIRECTORY_IMPORT = 1;
  private static final int DIRECTORY_DELAY_IMPORT = 13;
  private static final int MAX_DESCRIPTORS = 4096;
  private static final int MAX_NAME = 512;

  private PeReader() {}

  public static PeFile read(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return read(channel);
    }
  }

  public static PeFile read(SeekableByteChannel channel) throws IOException {
    return read(new BinaryInput(channel));
  }

  public static PeFile read(BinaryInput in) throws IOException {
    ByteBuffer dos = in.read(0, 64, LE, "MS-DOS header");
    if (dos.getShort(0) != 0x5a4d) {
      throw new BinaryFormatException("not a PE file (no MZ magic)", 0);
    }
    long peOffset = u32(dos, 0x3c);
    ByteBuffer coff = in.read(peOffset, 24, LE, "PE signature and COFF header");
    if (coff.getInt(0) != 0x00004550) {
      throw new BinaryFormatException("an MS-DOS program, not a PE image (no PE\\0\\0 signature)", peOffset);
    }
    int machine = u16(coff, 4);
    int sections = u16(coff, 6);
    int optionalSize = u16(coff, 20);
    int characteristics = u16(coff, 22);
    long optionalOffset = peOffset + 24;
    if (optionalSize < 2) {
      throw new BinaryFormatException("an object file, not a PE image (no optional header)", peOffset + 20);
    }
    ByteBuffer opt = in.read(optionalOffset, optionalSize, LE, "optional header");
    int magic = u16(opt, 0);
    boolean plus;
    if (magic == 0x10b) {
      plus = false;
    } else if (magic == 0x20b) {
      plus = true;
    } else {
      throw new BinaryFormatException(String.format("unknown optional header magic 0x%x", magic), optionalOffset);
    }
    int directoriesAt = plus ? 112 : 96;
    if (optionalSize < directoriesAt) {
      throw new BinaryFormatException("optional header of " + optionalSize + " bytes is too short",
          optionalOffset);
    }
    long imageBase = plus ? opt.getLong(24) : u32(opt, 28);
    int subsystem = u16(opt, 68);
    long directoryCount = Math.min(u32(opt, plus ? 108 : 92), (optionalSize - directoriesAt) / 8);
    long tableOffset = optionalOffset + optionalSize;
    Sections map = new Sections(in, in.read(tableOffset, 40L * sections, LE, "section table"), sections,
        u32(opt, 60), in.absolute(tableOffset));
    map.requireInFile();
    List<String> imports = new ArrayList<>();
    List<String> delayImports = new ArrayList<>();
    if (directoryCount > DIRECTORY_IMPORT) {
      long rva = u32(opt, directoriesAt + 8 * DIRECTORY_IMPORT);
      if (rva != 0) {
        imports = importNames(in, map, rva);
      }
    }
    if (directoryCount > DIRECTORY_DELAY_IMPORT) {
      long rva = u32(opt, directoriesAt + 8 * DIRECTORY_DELAY_IMPORT);
      if (rva != 0) {
        delayImports = delayImportNames(in, map, rva, imageBase);
      }
    }
    return new PeFile(new PeMachine(machine), plus, new PeSubsystem(subsystem), characteristics, imports,
        delayImports);
  }

  private static List<String> importNames(BinaryInput in, Sections map, long rva) throws IOException {
    List<String> names = new ArrayList<>();
    long offset = map.offset(rva, "import directory");
    for (int i = 0; ; i++, offset += 20) {
      if (i == MAX_DESCRIPTORS) {
        throw new BinaryFormatException("import directory has no terminator in " + MAX_DESCRIPTORS + " entries",
            in.absolute(offset));
      }
      ByteBuffer d = in.read(offset, 20, LE, "import descriptor");
      long nameRva = u32(d, 12);
      if (nameRva == 0 && u32(d, 16) == 0) {
        return names;
      }
      names.add(string(in, map, nameRva, "imported DLL name"));
    }
  }

  private static List<String> delayImportNames(BinaryInput in, Sections map, long rva, long imageBase)
      throws IOException {
    List<String> names = new ArrayList<>();
    long offset = map.offset(rva, "delay-import directory");
    for (int i = 0; ; i++, offset += 32) {
      if (i == MAX_DESCRIPTORS) {
        throw new BinaryFormatException(
            "delay-import directory has no terminator in " + MAX_DESCRIPTORS + " entries", in.absolute(offset));
      }
      ByteBuffer d = in.read(offset, 32, LE, "delay-import descriptor");
      long attributes = u32(d, 0);
      long nameRva = u32(d, 4);
      if (nameRva == 0) {
        return names;
      }
      if ((attributes & 1) == 0) { // pre-VC7 descriptors hold virtual addresses, not RVAs
        nameRva = (nameRva - imageBase) & 0xffffffffL;
      }
      names.add(string(in, map, nameRva, "delay-imported DLL name"));
    }
  }

  private static String string(BinaryInput in, Sections map, long rva, String what) throws IOException {
    long offset = map.offset(rva, what);
    ByteBuffer bytes = in.readUpTo(offset, MAX_NAME, LE);
    for (int i = 0; i < bytes.limit(); i++) {
      if (bytes.get(i) == 0) {
        byte[] name = new byte[i];
        bytes.get(0, name);
        return new String(name, StandardCharsets.UTF_8);
      }
    }
    throw new BinaryFormatException(what + " is not NUL-terminated within " + MAX_NAME + " bytes",
        in.absolute(offset));
  }

  /** Maps relative virtual addresses to file offsets through the section table. */
  private static final class Sections {
    private final BinaryInput in;
    private final ByteBuffer table;
    private final int count;
    private final long headerSize;
    private final long tableOffset;

    Sections(BinaryInput in, ByteBuffer table, int count, long headerSize, long tableOffset) {
      this.tableOffset = tableOffset;
      this.in = in;
      this.table = table;
      this.count = count;
      this.headerSize = headerSize;
    }

    /**
     * Each section's raw data must lie inside the file: headers intact over a file cut short (a copy or download
     * that did not finish) would otherwise read as a whole program.
     */
    void requireInFile() throws BinaryFormatException {
      for (int i = 0; i < count; i++) {
        long rawSize = u32(table, i * 40 + 16);
        long rawPointer = u32(table, i * 40 + 20);
        if (rawSize != 0 && rawPointer + rawSize > in.size()) {
          throw in.pastTheEnd("section " + name(i), rawPointer, rawSize, tableOffset + i * 40L);
        }
      }
    }

    /** Section {@code i}'s name, escaped: it is 8 bytes of anything, printed to a terminal. */
    private String name(int i) {
      byte[] name = new byte[8];
      table.get(i * 40, name);
      return BinaryInput.printable(name);
    }

    long offset(long rva, String what) throws BinaryFormatException {
      for (int i = 0; i < count; i++) {
        long virtualSize = u32(table, i * 40 + 8);
        long address = u32(table, i * 40 + 12);
        long rawSize = u32(table, i * 40 + 16);
        long rawPointer = u32(table, i * 40 + 20);
        long size = virtualSize == 0 ? rawSize : Math.min(virtualSize, rawSize);
        if (rva >= address && rva - address < size) {
          return rawPointer + (rva - address);
        }
      }
      if (rva < headerSize && rva < in.size()) {
        return rva;
      }
      for (int i = 0; i < count; i++) {
        long virtualSize = u32(table, i * 40 + 8);
        long address = u32(table, i * 40 + 12);
        if (rva >= address && rva - address < virtualSize) {
          throw new BinaryFormatException(what + " at RVA 0x" + Long.toHexString(rva) + " lies in section "
              + name(i) + ", which has no bytes for it in the file (a debug-info file?)", tableOffset + i * 40L);
        }
      }
      throw new BinaryFormatException(
          what + " at RVA 0x" + Long.toHexString(rva) + " is not in any section's file data (section table)", tableOffset);
    }
  }

  private static int u16(ByteBuffer b, int at) {
    return b.getShort(at) & 0xffff;
  }

  private static long u32(ByteBuffer b, int at) {
    return b.getInt(at) & 0xffffffffL;
  }
}
