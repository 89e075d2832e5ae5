package dev.hermit.binary.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Takes the static symbol table ({@code .symtab}, and its {@code .strtab}) out of an ELF file, in pure Java, for
 * every class, byte order and machine: what {@code objcopy --remove-section=.symtab --remove-section=.strtab}
 * does. Nothing the loader or the kernel reads changes: every byte inside a program header's range stays where it
 * was, {@code .dynsym} stays (exported names still resolve), and so do {@code .gnu_debuglink} and the build id, so
 * a debugger can still find separate debug symbols. What is lost: names of internal functions in native crash
 * logs (HotSpot's hs_err files), unless the debug symbols are at hand.
 *
 * <p>Only the plain layout is rewritten: the dropped sections must lie after everything a program header covers
 * and after every allocated section, and nothing kept may link to them. Anything else is left as it is
 * ({@link #strip} returns null), never guessed at. The result is a pure function of the input bytes.
 */
public final class ElfStrip {
  private static final int SHT_SYMTAB = 2;
  private static final int SHT_STRTAB = 3;
  private static final int SHT_RELA = 4;
  private static final int SHT_NOBITS = 8;
  private static final int SHT_REL = 9;
  private static final long SHF_ALLOC = 0x2;
  private static final long SHF_INFO_LINK = 0x40;

  private ElfStrip() {}

  /** The file without its static symbol table, or null when it has none or its layout is not the plain one. */
  public static byte[] strip(byte[] elf) {
    try {
      return new Layout(elf).strip();
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      return null; // a header or table outside the file: not an ELF this method rewrites
    }
  }

  private static final class Section {
    final int index;
    final int type;
    final long flags;
    final long offset;
    final long size;
    final long align;
    int link;
    int info;

    Section(int index, int type, long flags, long offset, long size, long align, int link, int info) {
      this.index = index;
      this.type = type;
      this.flags = flags;
      this.offset = offset;
      this.size = size;
      this.align = align;
      this.link = link;
      this.info = info;
    }

    boolean alloc() {
      return (flags & SHF_ALLOC) != 0;
    }

    long fileEnd() {
      return type == SHT_NOBITS ? offset : offset + size;
    }
  }

  private static final class Layout {
    final byte[] elf;
    final ByteBuffer b;
    final boolean is64;

    Layout(byte[] elf) {
      this.elf = elf;
      if (elf.length < 52 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
        throw new IllegalArgumentException("not ELF");
      }
      is64 = elf[4] == 2;
      if (elf[4] != 1 && !is64 || elf[5] != 1 && elf[5] != 2) {
        throw new IllegalArgumentException("unknown class or byte order");
      }
      b = ByteBuffer.wrap(elf).order(elf[5] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    }

    long word(int at) {
      return is64 ? b.getLong(at) : b.getInt(at) & 0xffffffffL;
    }

    void putWord(ByteBuffer out, int at, long v) {
      if (is64) {
        out.putLong(at, v);
      } else {
        out.putInt(at, (int) v);
      }
    }

    byte[] strip() {
      long phoff = word(is64 ? 32 : 28);
      long shoff = word(is64 ? 40 : 32);
      int ehsize = is64 ? 64 : 52;
      int phentsize = b.getShort(is64 ? 54 : 42) & 0xffff;
      int phnum = b.getShort(is64 ? 56 : 44) & 0xffff;
      int shentsize = b.getShort(is64 ? 58 : 46) & 0xffff;
      int shnum = b.getShort(is64 ? 60 : 48) & 0xffff;
      int shstrndx = b.getShort(is64 ? 62 : 50) & 0xffff;
      int wantShent = is64 ? 64 : 40;
      if (shoff == 0 || shnum == 0 || shnum == 0xffff || shstrndx >= shnum || shentsize != wantShent
          || phnum == 0xffff || shoff + (long) shnum * shentsize > elf.length) {
        return null; // no section table, or extended numbering: left alone
      }
      List<Section> sections = new ArrayList<>();
      for (int i = 0; i < shnum; i++) {
        int at = Math.toIntExact(shoff + (long) i * shentsize);
        int type = b.getInt(at + 4);
        long flags = word(at + 8);
        long offset = word(at + (is64 ? 24 : 16));
        long size = word(at + (is64 ? 32 : 20));
        int link = b.getInt(at + (is64 ? 40 : 24));
        int info = b.getInt(at + (is64 ? 44 : 28));
        long align = word(at + (is64 ? 48 : 32));
        Section s = new Section(i, type, flags, offset, size, align, link, info);
        if (s.fileEnd() > elf.length || s.offset < 0) {
          return null;
        }
        sections.add(s);
      }
      boolean[] drop = new boolean[shnum];
      for (Section s : sections) {
        if (s.type == SHT_SYMTAB && !s.alloc()) {
          drop[s.index] = true;
          Section str = s.link > 0 && s.link < shnum ? sections.get(s.link) : null;
          if (str != null && str.type == SHT_STRTAB && !str.alloc() && str.index != shstrndx) {
            drop[str.index] = true;
          }
        }
      }
      if (!any(drop)) {
        return null;
      }
      // Everything the loader reads ends here; the dropped sections must all lie beyond it.
      long keepEnd = Math.max(ehsize, phoff + (long) phnum * phentsize);
      for (int i = 0; i < phnum; i++) {
        int at = Math.toIntExact(phoff + (long) i * phentsize);
        long off = word(at + (is64 ? 8 : 4));
        long filesz = word(at + (is64 ? 32 : 16));
        keepEnd = Math.max(keepEnd, off + filesz);
      }
      for (Section s : sections) {
        if (s.alloc()) {
          keepEnd = Math.max(keepEnd, s.fileEnd());
        }
      }
      if (keepEnd > elf.length) {
        return null;
      }
      for (Section s : sections) {
        if (drop[s.index] && s.type != SHT_NOBITS && s.offset < keepEnd && s.size > 0) {
          return null;
        }
        boolean infoIsIndex = s.type == SHT_REL || s.type == SHT_RELA || (s.flags & SHF_INFO_LINK) != 0;
        if (!drop[s.index] && (drop[s.link] || infoIsIndex && s.info < shnum && drop[s.info])) {
          return null; // something kept refers to a dropped section (relocations against .symtab)
        }
      }
      int[] newIndex = new int[shnum];
      int kept = 0;
      for (int i = 0; i < shnum; i++) {
        newIndex[i] = drop[i] ? -1 : kept++;
      }
      // The kept sections after keepEnd move down, in file order; those before it stay.
      List<Section> tail = new ArrayList<>();
      for (Section s : sections) {
        if (!drop[s.index] && s.index != 0 && s.type != SHT_NOBITS && s.offset >= keepEnd && s.size > 0) {
          tail.add(s);
        }
      }
      tail.sort(Comparator.comparingLong(s -> s.offset));
      long[] newOffset = new long[shnum];
      for (Section s : sections) {
        newOffset[s.index] = s.offset;
      }
      long pos = keepEnd;
      for (Section s : tail) {
        long align = Math.max(1, s.align);
        pos = (pos + align - 1) / align * align;
        newOffset[s.index] = pos;
        pos += s.size;
      }
      long tableAlign = is64 ? 8 : 4;
      long newShoff = (pos + tableAlign - 1) / tableAlign * tableAlign;
      long total = newShoff + (long) kept * shentsize;
      byte[] out = new byte[Math.toIntExact(total)];
      System.arraycopy(elf, 0, out, 0, (int) keepEnd);
      for (Section s : tail) {
        System.arraycopy(elf, (int) s.offset, out, (int) newOffset[s.index], (int) s.size);
      }
      ByteBuffer o = ByteBuffer.wrap(out).order(b.order());
      for (Section s : sections) {
        if (drop[s.index]) {
          continue;
        }
        int from = Math.toIntExact(shoff + (long) s.index * shentsize);
        int to = Math.toIntExact(newShoff + (long) newIndex[s.index] * shentsize);
        System.arraycopy(elf, from, out, to, shentsize);
        if (s.type != SHT_NOBITS && s.offset >= keepEnd || s.type == SHT_NOBITS && s.offset > keepEnd) {
          putWord(o, to + (is64 ? 24 : 16), s.type == SHT_NOBITS ? newShoff : newOffset[s.index]);
        }
        if (s.link > 0) {
          o.putInt(to + (is64 ? 40 : 24), newIndex[s.link]);
        }
        boolean infoIsIndex = s.type == SHT_REL || s.type == SHT_RELA || (s.flags & SHF_INFO_LINK) != 0;
        if (infoIsIndex && s.info > 0 && s.info < shnum) {
          o.putInt(to + (is64 ? 44 : 28), newIndex[s.info]);
        }
      }
      putWord(o, is64 ? 40 : 32, newShoff);
      o.putShort(is64 ? 60 : 48, (short) kept);
      o.putShort(is64 ? 62 : 50, (short) newIndex[shstrndx]);
      return out;
    }
  }

  private static boolean any(boolean[] a) {
    for (boolean x : a) {
      if (x) {
        return true;
      }
    }
    return false;
  }
}
