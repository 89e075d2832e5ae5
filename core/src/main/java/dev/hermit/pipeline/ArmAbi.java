package dev.hermit.pipeline;

import dev.hermit.platform.Target;
import java.util.List;

/**
 * Libraries that carry JNI builds for several 32-bit ARM flavours pick one with a copy of xerial's {@code OSInfo}:
 * {@code uname -m} (armv6/armv7), then {@code sun.arch.abi} ("gnueabihf" means armv7), else {@code Linux/arm}, the
 * soft-float armv5 build. Jansi 2.x and jline-native 3.x do (sqlite-jdbc too, see {@link SqliteArch}; snappy-java
 * 1.1.10 as well, but its {@code Linux/armv7} build is itself soft-float, so only its armv6 one loads on armhf).
 * An empty root has no {@code uname} and Debian's armhf JDK sets no {@code sun.arch.abi}, so they ask for the
 * soft-float library, which --native=auto takes out (and which would not load into an armhf JVM anyway): Jansi
 * fails with {@code UnsatisfiedLinkError: CLibrary.isatty}. hermit's linux/arm/v7 runtime is always Debian's armhf
 * (ARMv7, hard-float), so the build states it: {@code -Dsun.arch.abi=gnueabihf}, the value OpenJDK itself reports
 * on its hard-float ARM builds. An app that sets the property itself keeps its own.
 */
final class ArmAbi {
  private ArmAbi() {}

  static final String PROPERTY = "-Dsun.arch.abi=";

  /** The JVM options with the ARM ABI in front, for a 32-bit ARM target. */
  static List<String> add(Target target, List<String> options, BuildListener listener) {
    if (!"arm".equals(target.arch()) || BakedOptions.sets(options, PROPERTY)) {
      return options;
    }
    String option = PROPERTY + "gnueabihf";
    listener.detail("32-bit ARM: " + option + " (JNI loaders that probe `uname -m`, which an empty root lacks, "
        + "fall back to it: Jansi, jline-native)");
    return BakedOptions.prepend(option, options);
  }
}
