package dev.hermit.binary.pe;

/** The optional header's Subsystem. Unknown values are kept and print as their number. */
public record PeSubsystem(int value) {
  public String name() {
    return switch (value) {
      case 0 -> "unknown";
      case 1 -> "native";
      case 2 -> "windows-gui";
      case 3 -> "windows-console";
      case 5 -> "os2-console";
      case 7 -> "posix-console";
      case 9 -> "windows-ce-gui";
      case 10 -> "efi-application";
      case 11 -> "efi-boot-service-driver";
      case 12 -> "efi-runtime-driver";
      case 13 -> "efi-rom";
      case 14 -> "xbox";
      case 16 -> "windows-boot-application";
      default -> "subsystem-" + value;
    };
  }

  @Override
  public String toString() {
    return name();
  }
}
