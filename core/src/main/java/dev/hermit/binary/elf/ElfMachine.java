package dev.hermit.binary.elf;

import java.util.Map;

/** An ELF e_machine value. Unknown values are kept and print as their number. */
public record ElfMachine(int value) {
  public static final int EM_386 = 3;
  public static final int EM_MIPS = 8;
  public static final int EM_PPC = 20;
  public static final int EM_PPC64 = 21;
  public static final int EM_S390 = 22;
  public static final int EM_ARM = 40;
  public static final int EM_X86_64 = 62;
  public static final int EM_AARCH64 = 183;
  public static final int EM_RISCV = 243;
  public static final int EM_LOONGARCH = 258;

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(0, "EM_NONE"), Map.entry(2, "EM_SPARC"), Map.entry(EM_386, "EM_386"), Map.entry(4, "EM_68K"),
      Map.entry(EM_MIPS, "EM_MIPS"), Map.entry(15, "EM_PARISC"), Map.entry(18, "EM_SPARC32PLUS"),
      Map.entry(EM_PPC, "EM_PPC"), Map.entry(EM_PPC64, "EM_PPC64"), Map.entry(EM_S390, "EM_S390"),
      Map.entry(EM_ARM, "EM_ARM"), Map.entry(42, "EM_SH"), Map.entry(43, "EM_SPARCV9"), Map.entry(50, "EM_IA_64"),
      Map.entry(EM_X86_64, "EM_X86_64"), Map.entry(93, "EM_ARC_COMPACT"), Map.entry(94, "EM_XTENSA"),
      Map.entry(EM_AARCH64, "EM_AARCH64"), Map.entry(188, "EM_TILEPRO"), Map.entry(191, "EM_TILEGX"),
      Map.entry(EM_RISCV, "EM_RISCV"), Map.entry(247, "EM_BPF"), Map.entry(252, "EM_CSKY"),
      Map.entry(EM_LOONGARCH, "EM_LOONGARCH"), Map.entry(0x9026, "EM_ALPHA"));

  /** The symbolic name, e.g. {@code EM_X86_64}, or {@code EM_0x1234} for a value this table does not know. */
  public String name() {
    String name = NAMES.get(value);
    return name != null ? name : String.format("EM_0x%x", value);
  }

  public boolean known() {
    return NAMES.containsKey(value);
  }

  @Override
  public String toString() {
    return name();
  }
}
