package dev.hermit.binary.macho;

/** A Mach-O cputype/cpusubtype pair. Unknown values are kept and print as their numbers. */
public record MachOCpu(int type, int subtype) {
  public static final int CPU_ARCH_ABI64 = 0x01000000;
  public static final int CPU_ARCH_ABI64_32 = 0x02000000;

  /** The Go/OCI architecture name ({@code arm64}, {@code amd64}, …) or {@code cpu-0x…} when unknown. */
  public String arch() {
    String name = switch (type) {
      case 7 -> "386";
      case 7 | CPU_ARCH_ABI64 -> "amd64";
      case 12 -> "arm";
      case 12 | CPU_ARCH_ABI64 -> (subtype & 0xff) == 2 ? "arm64e" : "arm64";
      case 12 | CPU_ARCH_ABI64_32 -> "arm64_32";
      case 18 -> "ppc";
      case 18 | CPU_ARCH_ABI64 -> "ppc64";
      default -> null;
    };
    return name != null ? name : String.format("cpu-0x%x/0x%x", type, subtype);
  }

  @Override
  public String toString() {
    return arch();
  }
}
