package dev.hermit.binary.elf;

import dev.hermit.binary.BinaryFormatException;
import dev.hermit.binary.BinaryInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an ELF file as the kernel and the dynamic loader see it: the ELF header, the program headers, PT_INTERP
 * and the PT_DYNAMIC segment with its string table and version needs. Never executes anything; every offset and
 * count is checked against the file, and a structure that cannot be read is an error, never an empty answer.
 */
public final class ElfReader {
  private static final long DT_NULL = 0;
  private static final long DT_NEEDED = 1;
  private static final long DT_STRTAB = 5;
  private static final long DT_STRSZ = 10;
  private static final long DT_SONAME = 14;
  private static final long DT_RPATH = 15;
  private static final long DT_FLAGS = 30;
  private static final long DT_RUNPATH = 29;
  private static final long DT_FLAGS_1 = 0x6ffffffbL;
  private static final long DT_VERNEED = 0x6ffffffeL;
  private static final long DT_VERNEEDNUM = 0x6fffffffL;
  private static final long DT_VERDEF = 0x6ffffffcL;
  private static final long DT_VERDEFNUM = 0x6ffffffdL;
  private static final int PN_XNUM = 0xffff;
  /** More version-need records than this is not a real file (glibc's own libraries need a handful). */
  private static final int MAX_VERSION_RECORDS = 1 << 16;

  private ElfReader() {}

  /** Opens and reads an ELF file. */
  public static ElfFile read(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return read(channel);
    }
  }

  /** Reads an ELF file from any seekable source (a file, an in-memory channel, a slice of an archive). */
  public static ElfFile read(SeekableByteChannel channel) throws IOException {
    return read(new BinaryInput(channel));
  }

  public static ElfFile read(BinaryInput in) throws IOException {
    ByteBuffer ident = in.read(0, 16, ByteOrder.LITTLE_ENDIAN, "ELF identification");
    if (ident.getInt(0) != 0x464c457f) {
      throw new BinaryFormatException("not an ELF file (no \\x7fELF magic)", 0);
    }
    int elfClass = ident.get(4) & 0xff;
    if (elfClass != ElfFile.ELFCLASS32 && elfClass != ElfFile.ELFCLASS64) {
      throw new BinaryFormatException("unknown ELF class " + elfClass + " (expected 1 or 2)", 4);
    }
    int data = ident.get(5) & 0xff;
    if (data != 1 && data != 2) {
      throw new BinaryFormatException("unknown ELF data encoding " + data + " (expected 1 or 2)", 5);
    }
    ByteOrder order = data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    boolean is64 = elfClass == ElfFile.ELFCLASS64;
    ByteBuffer h = in.read(0, is64 ? 64 : 52, order, "ELF header");
    int type = h.getShort(16) & 0xffff;
    int machine = h.getShort(18) & 0xffff;
    long entry = is64 ? h.getLong(24) : u32(h, 24);
    long phoff = is64 ? h.getLong(32) : u32(h, 28);
    long shoff = is64 ? h.getLong(40) : u32(h, 32);
    long flags = u32(h, is64 ? 48 : 36);
    int phentsize = h.getShort(is64 ? 54 : 42) & 0xffff;
    int phnum = h.getShort(is64 ? 56 : 44) & 0xffff;
    int shentsize = h.getShort(is64 ? 58 : 46) & 0xffff;
    if (phnum == PN_XNUM) {
      phnum = extendedPhnum(in, order, is64, shoff, shentsize);
    }
    // A table that cannot be read must not read as "no program headers", which would make the file static.
    if (phnum > 0 && phoff == 0) {
      throw new BinaryFormatException("e_phoff is 0 but e_phnum says " + phnum + " program headers: the program"
          + " header table cannot be read", is64 ? 32 : 28);
    }
    if (phnum == 0 && (type == ElfType.ET_EXEC || type == ElfType.ET_DYN)) {
      throw new BinaryFormatException((type == ElfType.ET_EXEC ? "an executable" : "a shared object")
          + " with no program headers (e_phnum 0): no loader can map it", is64 ? 56 : 44);
    }
    List<ProgramHeader> phdrs = programHeaders(in, order, is64, phoff, phentsize, phnum);
    requireWhole(in, phdrs, shoff, is64 ? 40 : 32, shentsize, h.getShort(is64 ? 60 : 48) & 0xffff);
    Optional<String> interpreter = interpreter(in, order, phdrs);
    Optional<DynamicInfo> dynamic = dynamic(in, order, is64, phdrs);
    return new ElfFile(elfClass, order, ident.get(7) & 0xff, ident.get(8) & 0xff, new ElfType(type),
        new ElfMachine(machine), flags, entry, phdrs, interpreter, dynamic, noteOwners(in, order, phdrs));
  }

  /**
   * The owners of the notes in PT_NOTE segments ("GNU", "OpenBSD", "FreeBSD", "Android"...): what tells an
   * OpenBSD library that needs no libc from a Linux one. Notes only inform, so a malformed one ends the list rather
   * than failing the read; at most 4 KB of each segment is looked at.
   */
  private static List<String> noteOwners(BinaryInput in, ByteOrder order, List<ProgramHeader> phdrs) {
    List<String> owners = new ArrayList<>();
    for (ProgramHeader ph : phdrs) {
      if (ph.type() != ProgramHeader.PT_NOTE || ph.fileSize() < 12) {
        continue;
      }
      try {
        ByteBuffer b = in.read(ph.offset(), Math.min(ph.fileSize(), 4096), order, "PT_NOTE");
        for (int at = 0; at + 12 <= b.limit(); ) {
          long namesz = u32(b, at);
          long descsz = u32(b, at + 4);
          if (namesz > 64 || descsz > 4096 || at + 12 + namesz > b.limit()) {
            break;
          }
          byte[] name = new byte[(int) Math.max(0, namesz - 1)]; // without its NUL
          b.get(at + 12, name);
          owners.add(new String(name, java.nio.charset.StandardCharsets.US_ASCII));
          at += 12 + (int) ((namesz + 3) & ~3L) + (int) ((descsz + 3) & ~3L);
        }
      } catch (IOException | RuntimeException e) {
        // not readable as notes: nothing to learn from it
      }
    }
    return owners;
  }

  private static int extendedPhnum(BinaryInput in, ByteOrder order, boolean is64, long shoff, int shentsize)
      throws IOException {
    if (shoff == 0 || shentsize < (is64 ? 64 : 40)) {
      throw new BinaryFormatException("e_phnum is PN_XNUM but there is no section header 0 to hold the count",
          is64 ? 56 : 44);
    }
    ByteBuffer sh0 = in.read(shoff, shentsize, order, "section header 0");
    long count = u32(sh0, is64 ? 44 : 28);
    if (count == 0) {
      throw new BinaryFormatException("e_phnum is PN_XNUM (0xffff) but section header 0's sh_info, which holds the"
          + " real count, is 0: the program headers cannot be read", in.absolute(shoff + (is64 ? 44 : 28)));
    }
    return (int) Math.min(Integer.MAX_VALUE, count);
  }

  private static List<ProgramHeader> programHeaders(
      BinaryInput in, ByteOrder order, boolean is64, long phoff, int phentsize, int phnum) throws IOException {
    List<ProgramHeader> result = new ArrayList<>();
    if (phnum == 0) {
      return result;
    }
    int minimum = is64 ? 56 : 32;
    if (phentsize < minimum) {
      throw new BinaryFormatException(
          "program header entry size " + phentsize + " is smaller than " + minimum, is64 ? 54 : 42);
    }
    ByteBuffer table = in.read(phoff, (long) phentsize * phnum, order, "program header table");
    for (int i = 0; i < phnum; i++) {
      int at = i * phentsize;
      if (is64) {
        result.add(new ProgramHeader(u32(table, at), u32(table, at + 4), table.getLong(at + 8),
            table.getLong(at + 16), table.getLong(at + 32), table.getLong(at + 40), in.absolute(phoff + at)));
      } else {
        result.add(new ProgramHeader(u32(table, at), u32(table, at + 24), u32(table, at + 4),
            u32(table, at + 8), u32(table, at + 16), u32(table, at + 20), in.absolute(phoff + at)));
      }
    }
    return result;
  }

  /**
   * A file cut short (a copy or download that did not finish) still has intact headers, and the facts read from
   * them would describe a program that cannot run: what the loader maps (PT_LOAD) and the section header table,
   * which linkers write last, must lie inside the file. Separate debug-info files pass: their segments keep no
   * file bytes.
   */
  private static void requireWhole(BinaryInput in, List<ProgramHeader> phdrs, long shoff, int shoffField,
      int shentsize, int shnum) throws BinaryFormatException {
    for (int i = 0; i < phdrs.size(); i++) {
      ProgramHeader ph = phdrs.get(i);
      if (ph.type() == ProgramHeader.PT_LOAD && ph.fileSize() != 0 && !within(ph.offset(), ph.fileSize(), in.size())) {
        throw in.pastTheEnd("program header " + i + " (PT_LOAD)", ph.offset(), ph.fileSize(), ph.at());
      }
    }
    long tableSize = (long) shentsize * Math.max(shnum, 1); // 0 sections with a table: the count is in section 0
    if (shoff != 0 && shentsize != 0 && !within(shoff, tableSize, in.size())) {
      throw in.pastTheEnd("section header table", shoff, tableSize, in.absolute(shoffField));
    }
  }

  private static boolean within(long offset, long length, long size) {
    return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
  }

  private static Optional<String> interpreter(BinaryInput in, ByteOrder order, List<ProgramHeader> phdrs)
      throws IOException {
    for (ProgramHeader ph : phdrs) {
      if (ph.type() == ProgramHeader.PT_INTERP) {
        if (ph.fileSize() == 0 && ph.memSize() > 0) {
          throw new BinaryFormatException("PT_INTERP has no bytes in the file, so the interpreter cannot be read"
              + " (a separate debug-info file?)", ph.at());
        }
        if (ph.fileSize() == 0 || ph.fileSize() > 4096) {
          throw new BinaryFormatException(
              "PT_INTERP has an implausible size " + Long.toUnsignedString(ph.fileSize()), ph.at());
        }
        ByteBuffer bytes = in.read(ph.offset(), ph.fileSize(), order, "PT_INTERP");
        return Optional.of(BinaryInput.cstring(bytes, 0, in.absolute(ph.offset()), "PT_INTERP"));
      }
    }
    return Optional.empty();
  }

  private static Optional<DynamicInfo> dynamic(BinaryInput in, ByteOrder order, boolean is64,
      List<ProgramHeader> phdrs) throws IOException {
    ProgramHeader dyn = null;
    for (ProgramHeader ph : phdrs) {
      if (ph.type() == ProgramHeader.PT_DYNAMIC) {
        dyn = ph;
        break;
      }
    }
    if (dyn == null) {
      return Optional.empty();
    }
    int entsize = is64 ? 16 : 8;
    if (dyn.fileSize() < entsize && dyn.memSize() > 0) {
      // Separate debug-info files keep the program headers but not the segments' bytes: the libraries this
      // file needs are unknowable from it, which must not read as "needs nothing".
      throw new BinaryFormatException("PT_DYNAMIC has no bytes in the file, so its needed libraries cannot be"
          + " read (a separate debug-info file?)", dyn.at());
    }
    // The loader reads the segment from memory; the file part is what we have. Entries past the file part
    // would be zero-filled (DT_NULL), so the file part is the table.
    ByteBuffer table = in.read(dyn.offset(), dyn.fileSize() - dyn.fileSize() % entsize, order, "PT_DYNAMIC segment");
    List<long[]> entries = new ArrayList<>();
    long strtab = -1;
    long strsz = -1;
    long verneed = -1;
    long verneednum = -1;
    long verdef = -1;
    long verdefnum = -1;
    long flags = 0;
    long flags1 = 0;
    for (int at = 0; at + entsize <= table.limit(); at += entsize) {
      long tag = is64 ? table.getLong(at) : table.getInt(at);
      long value = is64 ? table.getLong(at + 8) : u32(table, at + 4);
      if (tag == DT_NULL) {
        break;
      }
      if (tag == DT_STRTAB) {
        strtab = value;
      } else if (tag == DT_STRSZ) {
        strsz = value;
      } else if (tag == DT_VERNEED) {
        verneed = value;
      } else if (tag == DT_VERNEEDNUM) {
        verneednum = value;
      } else if (tag == DT_VERDEF) {
        verdef = value;
      } else if (tag == DT_VERDEFNUM) {
        verdefnum = value;
      } else if (tag == DT_FLAGS) {
        flags = value;
      } else if (tag == DT_FLAGS_1) {
        flags1 = value;
      } else if (tag == DT_NEEDED || tag == DT_SONAME || tag == DT_RPATH || tag == DT_RUNPATH) {
        entries.add(new long[] {tag, value, dyn.offset() + at});
      }
    }
    List<String> needed = new ArrayList<>();
    List<String> rpath = new ArrayList<>();
    List<String> runpath = new ArrayList<>();
    String soname = null;
    ByteBuffer strings = null;
    long stringsOffset = 0;
    if (!entries.isEmpty() || verneed != -1 || verdef != -1) {
      if (strtab == -1) {
        throw new BinaryFormatException("the dynamic section names libraries but has no DT_STRTAB",
            in.absolute(dyn.offset()));
      }
      if (strsz == -1) {
        throw new BinaryFormatException("the dynamic section has no DT_STRSZ", in.absolute(dyn.offset()));
      }
      stringsOffset = fileOffset(in, phdrs, strtab, "DT_STRTAB", dyn.offset());
      strings = in.read(stringsOffset, strsz, order, "dynamic string table (DT_STRTAB/DT_STRSZ)");
      stringsOffset = in.absolute(stringsOffset);
    }
    for (long[] e : entries) {
      String what = e[0] == DT_NEEDED ? "DT_NEEDED" : e[0] == DT_SONAME ? "DT_SONAME"
          : e[0] == DT_RPATH ? "DT_RPATH" : "DT_RUNPATH";
      String value = BinaryInput.cstring(strings, e[1], stringsOffset, what);
      if (e[0] == DT_NEEDED) {
        needed.add(value);
      } else if (e[0] == DT_SONAME) {
        soname = soname == null ? value : soname;
      } else if (e[0] == DT_RPATH) {
        rpath.add(value);
      } else {
        runpath.add(value);
      }
    }
    List<VersionNeed> needs = verneed == -1 ? List.of()
        : versionNeeds(in, order, phdrs, verneed, verneednum, strings, stringsOffset, dyn.offset());
    List<String> defs = verdef == -1 ? List.of()
        : versionDefs(in, order, phdrs, verdef, verdefnum, strings, stringsOffset, dyn.offset());
    return Optional.of(new DynamicInfo(needed, Optional.ofNullable(soname), rpath, runpath, flags, flags1, needs,
        defs));
  }

  /**
   * The version names {@code .gnu.version_d} defines (GLIBC_2.36 ...), the file's own base name included: each
   * Elf_Verdef record (20 bytes) names its version in its first Elf_Verdaux (8 bytes).
   */
  private static List<String> versionDefs(BinaryInput in, ByteOrder order, List<ProgramHeader> phdrs,
      long address, long count, ByteBuffer strings, long stringsOffset, long dynOffset) throws IOException {
    List<String> result = new ArrayList<>();
    long offset = fileOffset(in, phdrs, address, "DT_VERDEF", dynOffset);
    Set<Long> seen = new HashSet<>();
    for (long n = 0; count == -1 || n < count; n++) {
      if (!seen.add(offset) || seen.size() > MAX_VERSION_RECORDS) {
        throw new BinaryFormatException("loop in the version definitions (.gnu.version_d)", in.absolute(offset));
      }
      ByteBuffer vd = in.read(offset, 20, order, "version definition record");
      int version = vd.getShort(0) & 0xffff;
      if (version != 1) {
        throw new BinaryFormatException("unknown version definition revision " + version, in.absolute(offset));
      }
      if ((vd.getShort(6) & 0xffff) > 0) {
        ByteBuffer aux = in.read(offset + u32(vd, 12), 8, order, "version definition aux record");
        result.add(BinaryInput.cstring(strings, u32(aux, 0), stringsOffset, "version name"));
      }
      long next = u32(vd, 16);
      if (next == 0) {
        break;
      }
      offset += next;
    }
    return result;
  }

  private static List<VersionNeed> versionNeeds(BinaryInput in, ByteOrder order, List<ProgramHeader> phdrs,
      long address, long count, ByteBuffer strings, long stringsOffset, long dynOffset) throws IOException {
    List<VersionNeed> result = new ArrayList<>();
    long offset = fileOffset(in, phdrs, address, "DT_VERNEED", dynOffset);
    Set<Long> seen = new HashSet<>();
    int records = 0;
    for (long n = 0; count == -1 || n < count; n++) {
      if (!seen.add(offset) || ++records > MAX_VERSION_RECORDS) {
        throw new BinaryFormatException("loop in the version needs (.gnu.version_r)", in.absolute(offset));
      }
      ByteBuffer vn = in.read(offset, 16, order, "version need record");
      int version = vn.getShort(0) & 0xffff;
      if (version != 1) {
        throw new BinaryFormatException("unknown version need revision " + version, in.absolute(offset));
      }
      int auxCount = vn.getShort(2) & 0xffff;
      String file = BinaryInput.cstring(strings, u32(vn, 4), stringsOffset, "version need file");
      List<VersionNeed.Version> versions = new ArrayList<>();
      long aux = offset + u32(vn, 8);
      for (int i = 0; i < auxCount; i++) {
        if (!seen.add(aux) || ++records > MAX_VERSION_RECORDS) {
          throw new BinaryFormatException("loop in the version needs (.gnu.version_r)", in.absolute(aux));
        }
        ByteBuffer va = in.read(aux, 16, order, "version need aux record");
        String name = BinaryInput.cstring(strings, u32(va, 8), stringsOffset, "version name");
        versions.add(new VersionNeed.Version(name, va.getShort(4) & 0xffff));
        long next = u32(va, 12);
        if (next == 0) {
          break;
        }
        aux += next;
      }
      result.add(new VersionNeed(file, versions));
      long next = u32(vn, 12);
      if (next == 0) {
        break;
      }
      offset += next;
    }
    return result;
  }

  /** Maps a virtual address to a file offset through the PT_LOAD segments, as the loaded image would. */
  private static long fileOffset(BinaryInput in, List<ProgramHeader> phdrs, long address, String what,
      long dynOffset) throws BinaryFormatException {
    for (ProgramHeader ph : phdrs) {
      if (ph.mapsFileBytes(address)) {
        return ph.offset() + (address - ph.vaddr());
      }
    }
    throw new BinaryFormatException(
        what + " address 0x" + Long.toHexString(address) + " is not in any loadable segment",
        in.absolute(dynOffset));
  }

  private static long u32(ByteBuffer b, int at) {
    return b.getInt(at) & 0xffffffffL;
  }
}
