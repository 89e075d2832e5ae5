package dev.hermit.binary.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The names a shared object's dynamic linking goes by, read from its section headers: each dynamic symbol with its
 * binding and symbol version (and, for an undefined one, the library that version is needed from), and every
 * reference into the dynamic string table ({@code .dynstr}). {@link #retargetStdcxx} rewrites names in place,
 * each with one of the same length, after proving that no other reference shares its bytes (linkers merge a string
 * into the tail of a longer one). Nothing else of the file moves.
 */
public final class DynamicNames {
  private static final int SHT_DYNAMIC = 6;
  private static final int SHT_DYNSYM = 11;
  private static final int SHT_GNU_VERDEF = 0x6ffffffd;
  private static final int SHT_GNU_VERNEED = 0x6ffffffe;
  private static final int SHT_GNU_VERSYM = 0x6fffffff;
  private static final long DT_NEEDED = 1;
  private static final long DT_STRTAB = 5;
  private static final long DT_SONAME = 14;
  private static final long DT_RPATH = 15;
  private static final long DT_RUNPATH = 29;

  /**
   * @param version the symbol version, or null when unversioned
   * @param from for an undefined symbol, the file its version is needed from (.gnu.version_r), else null
   */
  public record Symbol(String name, int slot, boolean defined, boolean weak, String version, String from) {}

  private final byte[] elf;
  private final long strOffset;
  private final long strSize;
  private final List<Symbol> symbols = new ArrayList<>();
  private final List<Integer> references = new ArrayList<>(); // every offset into .dynstr any table holds: slots
  private final List<Integer> needed = new ArrayList<>(); // slots of DT_NEEDED names
  private final List<Integer> verneedFiles = new ArrayList<>(); // slots of vn_file names
  private final Map<String, Boolean> versionsNeededFromStdcxx = new HashMap<>();

  private DynamicNames(byte[] elf) {
    this.elf = elf;
    if (elf.length < 52 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F'
        || (elf[4] != 1 && elf[4] != 2) || (elf[5] != 1 && elf[5] != 2)) {
      throw new IllegalArgumentException("not an ELF file");
    }
    boolean is64 = elf[4] == 2;
    ByteBuffer b = ByteBuffer.wrap(elf).order(elf[5] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    long shoff = word(b, is64, is64 ? 40 : 32);
    int shentsize = b.getShort(is64 ? 58 : 46) & 0xffff;
    int shnum = b.getShort(is64 ? 60 : 48) & 0xffff;
    long[] type = new long[shnum];
    long[] addr = new long[shnum];
    long[] off = new long[shnum];
    long[] size = new long[shnum];
    int[] link = new int[shnum];
    int[] info = new int[shnum];
    int dynsym = -1;
    int versym = -1;
    int verneed = -1;
    int verdef = -1;
    int dynamic = -1;
    for (int i = 0; i < shnum; i++) {
      int at = Math.toIntExact(shoff + (long) i * shentsize);
      type[i] = b.getInt(at + 4) & 0xffffffffL;
      addr[i] = word(b, is64, at + (is64 ? 16 : 12));
      off[i] = word(b, is64, at + (is64 ? 24 : 16));
      size[i] = word(b, is64, at + (is64 ? 32 : 20));
      link[i] = b.getInt(at + (is64 ? 40 : 24));
      info[i] = b.getInt(at + (is64 ? 44 : 28));
      switch ((int) type[i]) {
        case SHT_DYNSYM -> dynsym = i;
        case SHT_GNU_VERSYM -> versym = i;
        case SHT_GNU_VERNEED -> verneed = i;
        case SHT_GNU_VERDEF -> verdef = i;
        case SHT_DYNAMIC -> dynamic = i;
        default -> { }
      }
    }
    if (dynsym < 0 || dynamic < 0) {
      throw new IllegalArgumentException("no dynamic symbol table");
    }
    int str = link[dynsym];
    strOffset = off[str];
    strSize = size[str];
    if (strOffset < 0 || strOffset + strSize > elf.length) {
      throw new IllegalArgumentException("string table outside the file");
    }

    // the dynamic section: the names it holds, and its STRTAB must be the table the symbols name into
    int dynEnt = is64 ? 16 : 8;
    boolean strtabAgrees = false;
    for (long at = off[dynamic]; at + dynEnt <= off[dynamic] + size[dynamic]; at += dynEnt) {
      long tag = word(b, is64, Math.toIntExact(at));
      long val = word(b, is64, Math.toIntExact(at + dynEnt / 2));
      if (tag == 0) {
        break;
      }
      if (tag == DT_STRTAB) {
        strtabAgrees = val == addr[str];
      } else if (tag == DT_NEEDED || tag == DT_SONAME || tag == DT_RPATH || tag == DT_RUNPATH) {
        if (tag == DT_NEEDED) {
          needed.add(references.size());
        }
        references.add(checked(val));
      }
    }
    if (!strtabAgrees) {
      throw new IllegalArgumentException("DT_STRTAB is not the dynamic symbols' string table");
    }

    // version indexes -> names: needed ones (with their file) and defined ones
    Map<Integer, String> versionName = new HashMap<>();
    Map<Integer, String> versionFile = new HashMap<>();
    if (verneed >= 0) {
      long at = off[verneed];
      for (int n = 0; n < info[verneed]; n++) {
        int cnt = b.getShort(Math.toIntExact(at + 2)) & 0xffff;
        int file = checked(b.getInt(Math.toIntExact(at + 4)) & 0xffffffffL);
        verneedFiles.add(references.size());
        references.add(file);
        long aux = at + (b.getInt(Math.toIntExact(at + 8)) & 0xffffffffL);
        for (int a = 0; a < cnt; a++) {
          int flags = b.getShort(Math.toIntExact(aux + 4)) & 0xffff;
          int other = b.getShort(Math.toIntExact(aux + 6)) & 0x7fff;
          int name = checked(b.getInt(Math.toIntExact(aux + 8)) & 0xffffffffL);
          references.add(name);
          versionName.put(other, string(name));
          versionFile.put(other, string(file));
          if (string(file).equals(STDCXX)) {
            versionsNeededFromStdcxx.put(string(name), (flags & VersionNeed.VER_FLG_WEAK) != 0);
          }
          aux += b.getInt(Math.toIntExact(aux + 12)) & 0xffffffffL;
        }
        long next = b.getInt(Math.toIntExact(at + 12)) & 0xffffffffL;
        if (next == 0) {
          break;
        }
        at += next;
      }
    }
    if (verdef >= 0) {
      long at = off[verdef];
      for (int n = 0; n < info[verdef]; n++) {
        int ndx = b.getShort(Math.toIntExact(at + 4)) & 0x7fff;
        int cnt = b.getShort(Math.toIntExact(at + 6)) & 0xffff;
        long aux = at + (b.getInt(Math.toIntExact(at + 12)) & 0xffffffffL);
        for (int a = 0; a < cnt; a++) {
          int name = checked(b.getInt(Math.toIntExact(aux)) & 0xffffffffL);
          references.add(name);
          if (a == 0) {
            versionName.put(ndx, string(name));
          }
          aux += b.getInt(Math.toIntExact(aux + 4)) & 0xffffffffL;
        }
        long next = b.getInt(Math.toIntExact(at + 16)) & 0xffffffffL;
        if (next == 0) {
          break;
        }
        at += next;
      }
    }

    int symEnt = is64 ? 24 : 16;
    long count = size[dynsym] / symEnt;
    for (int i = 1; i < count; i++) {
      int at = Math.toIntExact(off[dynsym] + (long) i * symEnt);
      int name = checked(b.getInt(at) & 0xffffffffL);
      int stInfo = elf[at + (is64 ? 4 : 12)] & 0xff;
      int shndx = b.getShort(at + (is64 ? 6 : 14)) & 0xffff;
      int ver = versym < 0 ? 1 : b.getShort(Math.toIntExact(off[versym] + 2L * i)) & 0x7fff;
      boolean defined = shndx != 0;
      String version = ver <= 1 ? null : versionName.get(ver);
      symbols.add(new Symbol(string(name), references.size(), defined, stInfo >> 4 == 2, version,
          defined || ver <= 1 ? null : versionFile.get(ver)));
      references.add(name);
    }
  }

  /** C++'s runtime library, whose name {@link #retargetStdcxx} replaces. */
  public static final String STDCXX = "libstdc++.so.6";

  /** The dynamic names of an ELF file; IllegalArgumentException when it has none or they are not where they say. */
  public static DynamicNames read(byte[] elf) {
    try {
      return new DynamicNames(elf);
    } catch (IndexOutOfBoundsException | ArithmeticException e) {
      throw new IllegalArgumentException("a dynamic table lies outside the file", e);
    }
  }

  public List<Symbol> symbols() {
    return List.copyOf(symbols);
  }

  /** The versions this file needs from libstdc++.so.6, each with whether the need is weak. */
  public Map<String, Boolean> versionsNeededFromStdcxx() {
    return Map.copyOf(versionsNeededFromStdcxx);
  }

  /** The names of the libraries this file needs (DT_NEEDED). */
  public List<String> needed() {
    return needed.stream().map(slot -> string(references.get(slot))).toList();
  }

  /**
   * A copy of the file in which libstdc++.so.6 is needed under {@code newName} and each given undefined symbol is
   * referred to by {@code privateName}'s name; null when a string to change shares bytes with another reference,
   * so that changing it would change that one too.
   *
   * @param symbols undefined symbols of this file ({@link #symbols()})
   */
  public byte[] retargetStdcxx(String newName, List<Symbol> symbols, UnaryOperator<String> privateName) {
    if (newName.length() != STDCXX.length()) {
      throw new IllegalArgumentException(newName + " is not as long as " + STDCXX);
    }
    Map<Integer, String> changes = new HashMap<>(); // slot -> new string
    for (int slot : needed) {
      if (string(references.get(slot)).equals(STDCXX)) {
        changes.put(slot, newName);
      }
    }
    for (int slot : verneedFiles) {
      if (string(references.get(slot)).equals(STDCXX)) {
        changes.put(slot, newName);
      }
    }
    for (Symbol s : symbols) {
      String to = privateName.apply(s.name());
      if (to.length() != s.name().length() || s.defined()) {
        throw new IllegalArgumentException(s.name() + ": not an undefined symbol to rename as " + to);
      }
      changes.put(s.slot(), to);
    }
    for (int slot = 0; slot < references.size(); slot++) {
      if (changes.containsKey(slot)) {
        continue;
      }
      int ref = references.get(slot);
      int end = ref + string(ref).length();
      for (Map.Entry<Integer, String> c : changes.entrySet()) {
        int at = references.get(c.getKey());
        if (ref <= at + c.getValue().length() && at <= end) {
          return null; // another name lies in (or over, or shares the end of) the bytes to change
        }
      }
    }
    byte[] out = elf.clone();
    changes.forEach((slot, s) -> System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, out,
        Math.toIntExact(strOffset + references.get(slot)), s.length()));
    return out;
  }

  private int checked(long offset) {
    if (offset < 0 || offset >= strSize) {
      throw new IllegalArgumentException("a name outside the string table");
    }
    return (int) offset;
  }

  private String string(int offset) {
    int start = Math.toIntExact(strOffset + offset);
    int end = start;
    long limit = strOffset + strSize;
    while (end < limit && elf[end] != 0) {
      end++;
    }
    return new String(elf, start, end - start, StandardCharsets.ISO_8859_1);
  }

  private static long word(ByteBuffer b, boolean is64, int at) {
    return is64 ? b.getLong(at) : b.getInt(at) & 0xffffffffL;
  }
}
