package dev.hermit.binary.pe;

import java.util.Map;

/** A COFF machine value. Unknown values are kept and print as their number. */
public record PeMachine(int value) {
  private static final Map<Integer, String[]> NAMES = Map.ofEntries(
      Map.entry(0x0, new String[] {"IMAGE_FILE_MACHINE_UNKNOWN", "unknown"}),
      Map.entry(0x14c, new String[] {"IMAGE_FILE_MACHINE_I386", "386"}),
      Map.entry(0x8664, new String[] {"IMAGE_FILE_MACHINE_AMD64", "amd64"}),
      Map.entry(0xaa64, new String[] {"IMAGE_FILE_MACHINE_ARM64", "arm64"}),
      Map.entry(0xa641, new String[] {"IMAGE_FILE_MACHINE_ARM64EC", "arm64ec"}),
      Map.entry(0xa64e, new String[] {"IMAGE_FILE_MACHINE_ARM64X", "arm64x"}),
      Map.entry(0x1c0, new String[] {"IMAGE_FILE_MACHINE_ARM", "arm"}),
      Map.entry(0x1c4, new String[] {"IMAGE_FILE_MACHINE_ARMNT", "arm"}),
      Map.entry(0x200, new String[] {"IMAGE_FILE_MACHINE_IA64", "ia64"}),
      Map.entry(0x5032, new String[] {"IMAGE_FILE_MACHINE_RISCV32", "riscv32"}),
      Map.entry(0x5064, new String[] {"IMAGE_FILE_MACHINE_RISCV64", "riscv64"}),
      Map.entry(0x6264, new String[] {"IMAGE_FILE_MACHINE_LOONGARCH64", "loong64"}),
      Map.entry(0xebc, new String[] {"IMAGE_FILE_MACHINE_EBC", "ebc"}));

  public String name() {
    String[] names = NAMES.get(value);
    return names != null ? names[0] : String.format("IMAGE_FILE_MACHINE_0x%04x", value);
  }

  /** The Go/OCI architecture name, e.g. {@code amd64}, or the machine name when not known. */
  public String arch() {
    String[] names = NAMES.get(value);
    return names != null ? names[1] : name();
  }

  @Override
  public String toString() {
    return name();
  }
}
