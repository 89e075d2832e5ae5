package dev.hermit.binary.elf;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The facts about an ELF file that matter for running it, read the way the dynamic loader reads them: from the
 * program headers, not the section headers (which a stripped file may lack).
 */
public record ElfFile(
    int elfClass,
    ByteOrder order,
    int osAbi,
    int abiVersion,
    ElfType type,
    ElfMachine machine,
    long flags,
    long entry,
    List<ProgramHeader> programHeaders,
    Optional<String> interpreter,
    Optional<DynamicInfo> dynamic,
    List<String> noteOwners) {
  public static final int ELFCLASS32 = 1;
  public static final int ELFCLASS64 = 2;

  public ElfFile {
    programHeaders = List.copyOf(programHeaders);
    noteOwners = List.copyOf(noteOwners);
  }

  /** EI_OSABI by name (SYSV, GNU/Linux, FreeBSD, …), or its number when unknown. */
  public String osAbiName() {
    return switch (osAbi) {
      case 0 -> "SYSV";
      case 1 -> "HP-UX";
      case 2 -> "NetBSD";
      case 3 -> "GNU/Linux";
      case 6 -> "Solaris";
      case 7 -> "AIX";
      case 8 -> "IRIX";
      case 9 -> "FreeBSD";
      case 10 -> "Tru64";
      case 12 -> "OpenBSD";
      case 13 -> "OpenVMS";
      case 97 -> "ARM";
      case 255 -> "standalone";
      default -> "OSABI_" + osAbi;
    };
  }

  public boolean is64() {
    return elfClass == ELFCLASS64;
  }

  public List<String> needed() {
    return dynamic.map(DynamicInfo::needed).orElse(List.of());
  }

  /** The symbol versions this file defines (a library's {@code .gnu.version_d}): GLIBC_2.36, GLIBCXX_3.4.30 ... */
  public List<String> versionDefs() {
    return dynamic.map(DynamicInfo::versionDefs).orElse(List.of());
  }

  public List<VersionNeed> versionNeeds() {
    return dynamic.map(DynamicInfo::versionNeeds).orElse(List.of());
  }

  /** Family → minimum version, from symbol versioning, e.g. {@code {GLIBC=2.34}}. */
  public Map<String, String> minimumVersions() {
    return MinimumVersions.of(versionNeeds());
  }

  public Linkage linkage() {
    if (type.value() != ElfType.ET_EXEC && type.value() != ElfType.ET_DYN) {
      return Linkage.NOT_LINKED;
    }
    if (interpreter.isPresent() || !needed().isEmpty()) {
      return Linkage.DYNAMIC;
    }
    return type.value() == ElfType.ET_DYN && dynamic.isPresent() ? Linkage.STATIC_PIE : Linkage.STATIC;
  }

  /** What kind of file this is, in the words of file(1): executable, pie executable, shared object, … */
  public String kind() {
    switch (type.value()) {
      case ElfType.ET_EXEC:
        return "executable";
      case ElfType.ET_DYN:
        boolean pie = dynamic.map(DynamicInfo::pieFlag).orElse(false);
        boolean soname = dynamic.flatMap(DynamicInfo::soname).isPresent();
        if (pie || (interpreter.isPresent() && !soname)) {
          return interpreter.isPresent() ? "pie executable" : "static-pie executable";
        }
        return "shared object";
      case ElfType.ET_REL:
        return "relocatable object";
      case ElfType.ET_CORE:
        return "core dump";
      default:
        return "ELF " + type;
    }
  }

  /** The Go/OCI architecture name (amd64, arm64, arm, 386, ppc64le, s390x, riscv64, …) or the machine name. */
  public String arch() {
    boolean le = order == ByteOrder.LITTLE_ENDIAN;
    switch (machine.value()) {
      case ElfMachine.EM_X86_64:
        return is64() ? "amd64" : "amd64p32";
      case ElfMachine.EM_386:
        return "386";
      case ElfMachine.EM_AARCH64:
        return is64() ? (le ? "arm64" : "arm64be") : "arm64_32";
      case ElfMachine.EM_ARM:
        return le ? "arm" : "armbe";
      case ElfMachine.EM_PPC64:
        return le ? "ppc64le" : "ppc64";
      case ElfMachine.EM_PPC:
        return "ppc";
      case ElfMachine.EM_S390:
        return is64() ? "s390x" : "s390";
      case ElfMachine.EM_RISCV:
        return is64() ? "riscv64" : "riscv32";
      case ElfMachine.EM_LOONGARCH:
        return is64() ? "loong64" : "loong32";
      case ElfMachine.EM_MIPS:
        return (is64() ? "mips64" : "mips") + (le ? "le" : "");
      default:
        return machine.name();
    }
  }

  /** ABI details from e_flags that decide whether it runs: arm float ABI, riscv float ABI, ppc64 ELF ABI. */
  public Optional<String> abiDetails() {
    switch (machine.value()) {
      case ElfMachine.EM_ARM: {
        long eabi = (flags >>> 24) & 0xff;
        String version = eabi == 0 ? "GNU EABI/OABI" : "EABI" + eabi;
        if ((flags & 0x400) != 0) {
          return Optional.of(version + ", hard-float");
        }
        if ((flags & 0x200) != 0) {
          return Optional.of(version + ", soft-float");
        }
        return Optional.of(version + ", float ABI unspecified");
      }
      case ElfMachine.EM_RISCV: {
        String[] abi = {"soft-float", "single-float", "double-float", "quad-float"};
        return Optional.of(abi[(int) ((flags >>> 1) & 3)] + ((flags & 1) != 0 ? ", RVC" : ""));
      }
      case ElfMachine.EM_PPC64: {
        long version = flags & 3;
        return version == 0 ? Optional.empty() : Optional.of("ELFv" + version + " ABI");
      }
      default:
        return Optional.empty();
    }
  }

  /** The Debian multiarch triplet for this machine, e.g. {@code x86_64-linux-gnu}; empty if not known. */
  public Optional<String> multiarchTriplet() {
    String arch = arch();
    switch (arch) {
      case "amd64":
        return Optional.of("x86_64-linux-gnu");
      case "amd64p32":
        return Optional.of("x86_64-linux-gnux32");
      case "386":
        return Optional.of("i386-linux-gnu");
      case "arm64":
        return Optional.of("aarch64-linux-gnu");
      case "arm":
        return Optional.of((flags & 0x400) != 0 ? "arm-linux-gnueabihf" : "arm-linux-gnueabi");
      case "ppc64le":
        return Optional.of("powerpc64le-linux-gnu");
      case "ppc64":
        return Optional.of("powerpc64-linux-gnu");
      case "ppc":
        return Optional.of("powerpc-linux-gnu");
      case "s390x":
        return Optional.of("s390x-linux-gnu");
      case "riscv64":
        return Optional.of("riscv64-linux-gnu");
      case "loong64":
        return Optional.of("loongarch64-linux-gnu");
      case "mips64le":
        return Optional.of("mips64el-linux-gnuabi64");
      case "mipsle":
        return Optional.of("mipsel-linux-gnu");
      case "mips":
        return Optional.of("mips-linux-gnu");
      default:
        return Optional.empty();
    }
  }

  /** Whether a library with this header could be loaded into this file's process (class, order, machine). */
  public boolean compatibleWith(ElfFile library) {
    return elfClass == library.elfClass && order.equals(library.order) && machine.equals(library.machine)
        && (machine.value() != ElfMachine.EM_ARM || (flags & 0x600) == (library.flags & 0x600)
            || (flags & 0x600) == 0 || (library.flags & 0x600) == 0);
  }
}
