package dev.hermit.binary.macho;

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
import java.util.Optional;

/** Reads thin and universal (fat) Mach-O files: header and load commands, never the code. */
public final class MachOReader {
  private static final int LC_SEGMENT = 0x1;
  private static final int LC_SEGMENT_64 = 0x19;
  private static final int LC_CODE_SIGNATURE = 0x1d;
  private static final int LC_LOAD_DYLIB = 0xc;
  private static final int LC_ID_DYLIB = 0xd;
  private static final int LC_LOAD_DYLINKER = 0xe;
  private static final int LC_LAZY_LOAD_DYLIB = 0x20;
  private static final int LC_VERSION_MIN_MACOSX = 0x24;
  private static final int LC_VERSION_MIN_IPHONEOS = 0x25;
  private static final int LC_VERSION_MIN_TVOS = 0x2f;
  private static final int LC_VERSION_MIN_WATCHOS = 0x30;
  private static final int LC_BUILD_VERSION = 0x32;
  private static final int LC_LOAD_WEAK_DYLIB = 0x80000018;
  private static final int LC_RPATH = 0x8000001c;
  private static final int LC_REEXPORT_DYLIB = 0x8000001f;
  private static final int LC_LOAD_UPWARD_DYLIB = 0x80000023;
  private static final int MAX_SLICES = 64;

  private MachOReader() {}

  /** Reads a thin or universal file; a thin file gives one slice at offset 0. */
  public static List<MachOSlice> read(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return read(channel);
    }
  }

  public static List<MachOSlice> read(SeekableByteChannel channel) throws IOException {
    return read(new BinaryInput(channel));
  }

  public static List<MachOSlice> read(BinaryInput in) throws IOException {
    ByteBuffer head = in.read(0, 8, ByteOrder.BIG_ENDIAN, "Mach-O header");
    int magic = head.getInt(0);
    if (magic == 0xcafebabe || magic == 0xcafebabf) {
      return universal(in, magic == 0xcafebabf, head.getInt(4) & 0xffffffffL);
    }
    return List.of(new MachOSlice(0, in.size(), thin(in)));
  }

  private static List<MachOSlice> universal(BinaryInput in, boolean fat64, long count) throws IOException {
    if (count == 0 || count > MAX_SLICES) {
      throw new BinaryFormatException("universal file with an implausible " + count + " architectures", 4);
    }
    int entry = fat64 ? 32 : 20;
    ByteBuffer table = in.read(8, entry * count, ByteOrder.BIG_ENDIAN, "universal architecture table");
    List<MachOSlice> slices = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int at = i * entry;
      long offset = fat64 ? table.getLong(at + 8) : table.getInt(at + 8) & 0xffffffffL;
      long size = fat64 ? table.getLong(at + 16) : table.getInt(at + 12) & 0xffffffffL;
      MachOCpu declared = new MachOCpu(table.getInt(at), table.getInt(at + 4));
      MachOFile file = thin(in.slice(offset, size, "architecture " + i + " (" + declared + ") of the universal file"));
      if (declared.type() != file.cpu().type()) {
        throw new BinaryFormatException("universal table says " + declared + " but the slice holds "
            + file.cpu(), 8 + at);
      }
      slices.add(new MachOSlice(offset, size, file));
    }
    return slices;
  }

  /** Reads one thin Mach-O image. */
  public static MachOFile thin(BinaryInput in) throws IOException {
    ByteBuffer probe = in.read(0, 4, ByteOrder.LITTLE_ENDIAN, "Mach-O magic");
    int magic = probe.getInt(0);
    ByteOrder order;
    boolean is64;
    if (magic == 0xfeedface || magic == 0xfeedfacf) {
      order = ByteOrder.LITTLE_ENDIAN;
      is64 = magic == 0xfeedfacf;
    } else if (magic == 0xcefaedfe || magic == 0xcffaedfe) {
      order = ByteOrder.BIG_ENDIAN;
      is64 = magic == 0xcffaedfe;
    } else {
      throw new BinaryFormatException(String.format("not a Mach-O image (magic 0x%08x)", magic),
          in.absolute(0));
    }
    int headerSize = is64 ? 32 : 28;
    ByteBuffer h = in.read(0, headerSize, order, "Mach-O header");
    MachOCpu cpu = new MachOCpu(h.getInt(4), h.getInt(8));
    int fileType = h.getInt(12);
    long ncmds = h.getInt(16) & 0xffffffffL;
    long sizeofcmds = h.getInt(20) & 0xffffffffL;
    ByteBuffer cmds = in.read(headerSize, sizeofcmds, order, "load commands (sizeofcmds)");
    if (ncmds > sizeofcmds / 8) {
      throw new BinaryFormatException(ncmds + " load commands cannot fit in " + sizeofcmds + " bytes",
          in.absolute(16));
    }
    Optional<String> dylinker = Optional.empty();
    Optional<String> installName = Optional.empty();
    List<MachOFile.Dylib> dylibs = new ArrayList<>();
    List<String> rpaths = new ArrayList<>();
    Optional<MachOFile.MinimumOs> minimumOs = Optional.empty();
    boolean signed = false;
    int at = 0;
    for (long i = 0; i < ncmds; i++) {
      long where = in.absolute(headerSize + at);
      if (at + 8 > cmds.limit()) {
        throw new BinaryFormatException("load command " + i + " runs past sizeofcmds", where);
      }
      int cmd = cmds.getInt(at);
      long cmdsize = cmds.getInt(at + 4) & 0xffffffffL;
      if (cmdsize < 8 || cmdsize > cmds.limit() - at) {
        throw new BinaryFormatException(
            String.format("load command %d (0x%x) has a bad size %d", i, cmd, cmdsize), where);
      }
      ByteBuffer c = cmds.slice(at, (int) cmdsize).order(order);
      switch (cmd) {
        case LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB, LC_LAZY_LOAD_DYLIB, LC_LOAD_UPWARD_DYLIB ->
            dylibs.add(new MachOFile.Dylib(lcString(c, where, "dylib name"), dylibKind(cmd),
                version(need(c, 24, where).getInt(16)), version(c.getInt(20))));
        case LC_ID_DYLIB -> installName = Optional.of(lcString(c, where, "install name"));
        case LC_LOAD_DYLINKER -> dylinker = Optional.of(lcString(c, where, "dylinker name"));
        case LC_RPATH -> rpaths.add(lcString(c, where, "rpath"));
        case LC_SEGMENT, LC_SEGMENT_64 -> requireInFile(in, c, cmd == LC_SEGMENT_64, where);
        case LC_CODE_SIGNATURE -> signed = true;
        case LC_BUILD_VERSION -> {
          need(c, 24, where);
          minimumOs = Optional.of(new MachOFile.MinimumOs(platform(c.getInt(8)), version(c.getInt(12)),
              version(c.getInt(16))));
        }
        case LC_VERSION_MIN_MACOSX, LC_VERSION_MIN_IPHONEOS, LC_VERSION_MIN_TVOS, LC_VERSION_MIN_WATCHOS -> {
          need(c, 16, where);
          if (minimumOs.isEmpty()) {
            String platform = cmd == LC_VERSION_MIN_MACOSX ? "macos" : cmd == LC_VERSION_MIN_IPHONEOS ? "ios"
                : cmd == LC_VERSION_MIN_TVOS ? "tvos" : "watchos";
            minimumOs = Optional.of(new MachOFile.MinimumOs(platform, version(c.getInt(8)),
                version(c.getInt(12))));
          }
        }
        default -> { }
      }
      at += (int) cmdsize;
    }
    return new MachOFile(cpu, is64, fileType, dylinker, installName, dylibs, rpaths, minimumOs, signed);
  }

  /**
   * A segment's file bytes must lie inside the file (the slice, in a universal file): headers intact over a file
   * cut short (a copy or download that did not finish) would otherwise read as a whole program.
   */
  private static void requireInFile(BinaryInput in, ByteBuffer c, boolean is64, long where)
      throws BinaryFormatException {
    need(c, is64 ? 56 : 40, where);
    long offset = is64 ? c.getLong(40) : c.getInt(32) & 0xffffffffL;
    long length = is64 ? c.getLong(48) : c.getInt(36) & 0xffffffffL;
    if (length != 0 && (offset < 0 || length < 0 || offset > in.size() || length > in.size() - offset)) {
      byte[] name = new byte[16];
      c.get(8, name);
      throw in.pastTheEnd("segment " + BinaryInput.printable(name), offset, length, where);
    }
  }

  private static ByteBuffer need(ByteBuffer c, int size, long where) throws BinaryFormatException {
    if (c.limit() < size) {
      throw new BinaryFormatException("load command of " + c.limit() + " bytes is shorter than " + size, where);
    }
    return c;
  }

  private static String lcString(ByteBuffer c, long where, String what) throws BinaryFormatException {
    need(c, 12, where);
    long offset = c.getInt(8) & 0xffffffffL;
    if (offset < 12 || offset >= c.limit()) {
      throw new BinaryFormatException(what + " offset " + offset + " is outside its load command", where);
    }
    int end = (int) offset;
    while (end < c.limit() && c.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - (int) offset];
    c.get((int) offset, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String dylibKind(int cmd) {
    return switch (cmd) {
      case LC_LOAD_WEAK_DYLIB -> "weak";
      case LC_REEXPORT_DYLIB -> "reexport";
      case LC_LAZY_LOAD_DYLIB -> "lazy";
      case LC_LOAD_UPWARD_DYLIB -> "upward";
      default -> "load";
    };
  }

  private static String platform(int value) {
    return switch (value) {
      case 1 -> "macos";
      case 2 -> "ios";
      case 3 -> "tvos";
      case 4 -> "watchos";
      case 5 -> "bridgeos";
      case 6 -> "maccatalyst";
      case 7 -> "iossimulator";
      case 8 -> "tvossimulator";
      case 9 -> "watchossimulator";
      case 10 -> "driverkit";
      case 11 -> "visionos";
      default -> "platform-" + Integer.toUnsignedString(value);
    };
  }

  /** Mach-O packs versions as xxxx.yy.zz in 32 bits. */
  static String version(int packed) {
    int patch = packed & 0xff;
    String v = (packed >>> 16) + "." + ((packed >>> 8) & 0xff);
    return patch == 0 ? v : v + "." + patch;
  }
}
