package dev.hermit.binary.elf;

/** An ELF e_type value. Unknown values are kept and print as their number. */
public record ElfType(int value) {
  public static final int ET_REL = 1;
  public static final int ET_EXEC = 2;
  public static final int ET_DYN = 3;
  public static final int ET_CORE = 4;

  public String name() {
    return switch (value) {
      case 0 -> "ET_NONE";
      case ET_REL -> "ET_REL";
      case ET_EXEC -> "ET_EXEC";
      case ET_DYN -> "ET_DYN";
      case ET_CORE -> "ET_CORE";
      default -> String.format("ET_0x%x", value);
    };
  }

  @Override
  public String toString() {
    return name();
  }
}
