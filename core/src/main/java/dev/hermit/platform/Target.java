package dev.hermit.platform;

import dev.hermit.Setting;
import dev.hermit.TargetException;
import dev.hermit.HermitException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A platform hermit builds for, spelled as Go and OCI do: {@code linux/amd64}, {@code linux/arm/v7}. Aliases such as
 * {@code x86_64} or {@code aarch64} are accepted on input and never printed.
 *
 * @param elfMachine e_machine of the target's ELF files, used to check that a JDK really is for this target
 * @param osArch the {@code OS_ARCH} a JDK for this target writes in its {@code release} file
 * @param debianArch Debian's architecture name, for fetching JDK and libc packages
 * @param bigEndian the target's byte order is big-endian (s390x): jlink must write the runtime's {@code lib/modules}
 *     in it, whatever the host's
 */
public record Target(String os, String arch, String variant, int elfMachine, String osArch, String debianArch,
    boolean bigEndian) {

  /** Every target hermit knows; a test keeps it in step with the launchers the build produces. */
  public static final List<Target> ALL = List.of(
      new Target("linux", "amd64", "", 62, "x86_64", "amd64", false),
      new Target("linux", "arm64", "", 183, "aarch64", "arm64", false),
      new Target("linux", "arm", "v7", 40, "arm", "armhf", false),
      new Target("linux", "386", "", 3, "x86", "i386", false),
      new Target("linux", "ppc64le", "", 21, "ppc64le", "ppc64el", false),
      new Target("linux", "s390x", "", 22, "s390x", "s390x", true),
      new Target("linux", "riscv64", "", 243, "riscv64", "riscv64", false));

  /** The canonical spelling, e.g. {@code linux/arm/v7}. */
  public String id() {
    return os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant);
  }

  /** The same with dashes: the launcher resource name and a safe file-name component. */
  public String fileName() {
    return id().replace('/', '-');
  }

  @Override
  public String toString() {
    return id();
  }

  public static Target parse(String spelling) {
    String s = spelling.trim().toLowerCase(Locale.ROOT);
    String normalized = switch (s) {
      case "x86_64", "x64", "amd64", "linux/x86_64" -> "linux/amd64";
      case "aarch64", "arm64", "linux/aarch64" -> "linux/arm64";
      case "armhf", "armv7", "arm", "linux/arm", "linux/armhf", "linux/armv7" -> "linux/arm/v7";
      case "i386", "i686", "x86", "386", "linux/i386", "linux/i686" -> "linux/386";
      case "ppc64el", "ppc64le", "linux/ppc64el" -> "linux/ppc64le";
      case "s390x" -> "linux/s390x";
      case "riscv64" -> "linux/riscv64";
      default -> s;
    };
    for (Target t : ALL) {
      if (t.id().equals(normalized)) {
        return t;
      }
    }
    throw new TargetException("unknown target '" + spelling + "'; known targets: "
        + String.join(", ", ALL.stream().map(Target::id).toList()), Setting.TARGET, spelling);
  }

  /** The target this JVM runs on, when hermit knows it. */
  public static Optional<Target> host() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    if (!os.contains("linux")) {
      return Optional.empty();
    }
    String arch = System.getProperty("os.arch");
    try {
      return Optional.of(parse(arch));
    } catch (HermitException e) {
      return Optional.empty();
    }
  }

  /** Whether programs for this target run on this host without emulation. */
  public boolean isHost() {
    return host().map(this::equals).orElse(false);
  }

  /** Finds the target whose JDKs write this {@code OS_ARCH}. */
  public static Optional<Target> ofOsArch(String osArch) {
    String a = osArch.toLowerCase(Locale.ROOT);
    if (a.equals("amd64")) {
      a = "x86_64";
    }
    for (Target t : ALL) {
      if (t.osArch.equals(a)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
