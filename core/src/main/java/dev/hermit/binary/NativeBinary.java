package dev.hermit.binary;

import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.elf.ElfReader;
import dev.hermit.binary.elf.ElfType;
import dev.hermit.binary.elf.VersionNeed;
import dev.hermit.binary.macho.MachOFile;
import dev.hermit.binary.macho.MachOReader;
import dev.hermit.binary.macho.MachOSlice;
import dev.hermit.binary.pe.PeFile;
import dev.hermit.binary.pe.PeReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A native library or program found among an application's files, identified by reading it (never by its name or
 * the directory it sits in): its format, the OS and architecture it is for, the C library it was linked against,
 * and the libraries it needs by name.
 *
 * @param os Go's spelling: {@code linux}, {@code android}, {@code freebsd}, {@code windows}, {@code darwin}, …
 * @param arch Go's spelling ({@code amd64}, {@code arm64}, {@code 386}, …); a universal Mach-O file joins its
 *     slices with {@code +}
 * @param libc {@code glibc}, {@code musl} or {@code bionic} for Linux and Android ELF files; empty when the file
 *     names no C library (it then loads with any) or the notion does not apply (PE, Mach-O, the BSDs)
 * @param elf the parsed ELF file, for loader compatibility and library resolution; null for PE and Mach-O
 */
public record NativeBinary(BinaryFormat format, String os, String arch, String libc, List<String> needed,
    Optional<String> soname, ElfFile elf) {

  /** glibc's own libraries: a file that needs one of them was linked against glibc. */
  private static final Set<String> GLIBC_SONAMES = Set.of("libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2",
      "librt.so.1", "libutil.so.1", "libresolv.so.2", "libnsl.so.1", "libanl.so.1", "libmvec.so.1");

  public NativeBinary {
    needed = List.copyOf(needed);
  }

  /** What the bytes are, when they are an ELF shared object or executable, a PE image or a Mach-O image. */
  public static Optional<NativeBinary> identify(byte[] bytes) {
    BinaryFormat format = BinaryFormat.detect(java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 8)));
    try {
      return switch (format) {
        case ELF -> elf(ElfReader.read(new ByteArrayChannel(bytes)));
        case PE -> Optional.of(pe(PeReader.read(new ByteArrayChannel(bytes))));
        case MACHO, MACHO_UNIVERSAL -> macho(MachOReader.read(new ByteArrayChannel(bytes)));
        case UNKNOWN -> Optional.empty();
      };
    } catch (IOException | RuntimeException e) {
      // Bytes that merely start like a binary (a text file beginning "MZ", a damaged file): no loader takes them.
      return Optional.empty();
    }
  }

  /**
   * An ELF program rather than a library: it names a loader (PT_INTERP) and has no soname. An app runs it as a
   * process (embedded Redis's redis-server), which starts through that loader path on the machine, not through a
   * runtime's bundled one. (glibc's libc.so.6 names a loader too, but has a soname.)
   */
  public boolean isProgram() {
    return elf != null && elf.interpreter().isPresent() && soname.isEmpty();
  }

  /** Whether the first bytes could start a native binary: worth reading the whole entry to find out. */
  public static boolean mayBe(byte[] head) {
    return BinaryFormat.detect(head) != BinaryFormat.UNKNOWN;
  }

  /** An ELF file already read: empty unless it is a shared object or an executable. */
  public static Optional<NativeBinary> elf(ElfFile elf) {
    int type = elf.type().value();
    if (type != ElfType.ET_DYN && type != ElfType.ET_EXEC) {
      return Optional.empty();
    }
    List<String> needed = elf.needed();
    List<String> versions = new ArrayList<>();
    for (VersionNeed need : elf.versionNeeds()) {
      need.versions().forEach(v -> versions.add(v.name()));
    }
    String interp = elf.interpreter().orElse("");
    String os;
    switch (elf.osAbi()) {
      case 0, 3 -> {
        // The BSDs and Solaris mostly leave EI_OSABI at 0 (SYSV): their C library's soname and version names tell.
        if (elf.noteOwners().contains("OpenBSD")) {
          os = "openbsd"; // a library that needs no libc at all says so only in its .note.openbsd.ident
        } else if (elf.noteOwners().contains("NetBSD")) {
          os = "netbsd";
        } else if (needed.contains("libc.so.7") || versions.stream().anyMatch(v -> v.startsWith("FBSD_"))) {
          os = "freebsd";
        } else if (needed.contains("libc.so.8")) {
          os = "dragonfly";
        } else if (needed.contains("libc.so.1") || needed.contains("libm.so.2")
            // SUNW versions alone, not beside glibc's: Linux JDKs up to 8 defined SUNWprivate_1.1 in libjawt.so,
            // which JOGL's and LWJGL 2's Linux libraries need
            || versions.stream().anyMatch(v -> v.startsWith("SUNW")) && !needed.contains("libc.so.6")
                && versions.stream().noneMatch(v -> v.startsWith("GLIBC_"))) {
          os = "solaris";
        } else if (needed.contains("libc.so.12")) {
          os = "netbsd";
        } else if (needed.stream().anyMatch(n -> n.matches("libc\\.so\\.\\d+\\.\\d+"))) {
          os = "openbsd";
        } else if (needed.stream().anyMatch(n -> n.matches("libc\\.so\\.\\d+") && !n.equals("libc.so.6"))) {
          os = "unix"; // a C library no Linux libc is called
        } else if (needed.contains("liblog.so") || needed.contains("libandroid.so") || interp.startsWith("/system/")
            || versions.stream().anyMatch(v -> v.equals("LIBC") || v.startsWith("LIBC_"))) {
          os = "android";
        } else {
          os = "linux";
        }
      }
      default -> os = elf.osAbiName().toLowerCase(Locale.ROOT);
    }
    String libc = "";
    if (os.equals("android")) {
      libc = "bionic";
    } else if (os.equals("linux")) {
      // musl's signs first: a musl library may still need a GLIBC_* version, from libgcc_s (its aarch64 build
      // defines GLIBC_2.0), as RocksDB's librocksdbjni-linux-aarch64-musl.so does
      if (needed.stream().anyMatch(n -> n.startsWith("libc.musl-") || n.equals("libc.so"))
          || interp.contains("/ld-musl-")) {
        libc = "musl"; // musl's libc.so has no symbol versions; Alpine names it libc.musl-ARCH.so.1
      } else if (versions.stream().anyMatch(v -> v.startsWith("GLIBC_"))
          || needed.stream().anyMatch(GLIBC_SONAMES::contains) || interp.contains("/ld-linux")) {
        libc = "glibc";
      }
    }
    return Optional.of(new NativeBinary(BinaryFormat.ELF, os, elf.arch(), libc, needed,
        elf.dynamic().flatMap(d -> d.soname()), elf));
  }

  /** Another OS than Linux, by a word of a library's path (lib/amd64-DragonFlyBSD-clang/jni/...), lowercase. */
  private static final Map<String, String> OS_WORDS = Map.ofEntries(Map.entry("freebsd", "freebsd"),
      Map.entry("dragonflybsd", "dragonfly"), Map.entry("dragonfly", "dragonfly"), Map.entry("openbsd", "openbsd"),
      Map.entry("netbsd", "netbsd"), Map.entry("sunos", "solaris"), Map.entry("solaris", "solaris"),
      Map.entry("darwin", "darwin"), Map.entry("macos", "darwin"), Map.entry("osx", "darwin"),
      Map.entry("windows", "windows"), Map.entry("android", "android"), Map.entry("aix", "aix"));

  /**
   * This library as its path names it, where its bytes say nothing of its OS: an ELF file that needs no library,
   * names no loader and no symbol version, and carries no OS note is taken for Linux, yet junixsocket's DragonFly
   * build (lib/amd64-DragonFlyBSD-clang/jni/...) is such a file. A word of the path that names another OS decides.
   */
  public NativeBinary withPathHint(String path) {
    if (format != BinaryFormat.ELF || !os.equals("linux") || !libc.isEmpty() || !needed.isEmpty()) {
      return this;
    }
    for (String word : path.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      String named = OS_WORDS.get(word);
      if (named != null) {
        return new NativeBinary(format, named, arch, libc, needed, soname, elf);
      }
    }
    return this;
  }

  static NativeBinary pe(PeFile pe) {
    return new NativeBinary(BinaryFormat.PE, "windows", pe.machine().arch(), "", pe.allImports(), Optional.empty(),
        null);
  }

  static Optional<NativeBinary> macho(List<MachOSlice> slices) {
    List<String> arches = new ArrayList<>();
    MachOFile first = slices.get(0).file();
    for (MachOSlice s : slices) {
      arches.add(s.file().cpu().arch());
    }
    int type = first.fileType();
    // executable, dylib, bundle (.jnilib); and a dSYM companion, the debug symbols of one: ONNX Runtime's jar
    // carries two of 9 MB beside its dylibs, which must go with them
    if (type != 2 && type != 6 && type != 8 && type != 10) {
      return Optional.empty();
    }
    String os = first.minimumOs().map(m -> m.platform().toLowerCase(Locale.ROOT))
        .filter(p -> !p.startsWith("mac")).orElse("darwin");
    List<String> needed = first.dylibs().stream().map(MachOFile.Dylib::name).toList();
    return Optional.of(new NativeBinary(slices.size() > 1 ? BinaryFormat.MACHO_UNIVERSAL : BinaryFormat.MACHO, os,
        String.join("+", arches), "", needed, first.installName(), null));
  }

  /** The platform in one phrase: {@code linux/amd64 glibc}, {@code linux/arm soft-float glibc}, {@code windows/386}. */
  public String platform() {
    StringBuilder b = new StringBuilder(os).append('/').append(arch);
    if (elf != null && elf.machine().value() == dev.hermit.binary.elf.ElfMachine.EM_ARM) {
      b.append((elf.flags() & 0x400) != 0 ? " hard-float" : (elf.flags() & 0x200) != 0 ? " soft-float" : "");
    }
    return libc.isEmpty() ? b.toString() : b.append(' ').append(libc).toString();
  }

  /**
   * Whether the dynamic loader of {@code process} (a program of the runtime, e.g. its {@code bin/java}) can load
   * this library: both ELF for the same OS, class, byte order, machine and float ABI, and this one linked against
   * the process's C library or none. A musl library cannot load into a glibc process and the reverse.
   */
  public boolean loadsInto(NativeBinary process) {
    return elf != null && process.elf != null && os.equals(process.os) && arch.equals(process.arch)
        && process.elf.compatibleWith(elf) && (libc.isEmpty() || libc.equals(process.libc));
  }
}
