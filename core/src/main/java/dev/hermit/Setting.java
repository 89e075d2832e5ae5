package dev.hermit;

/**
 * The parts of a build request, as errors name them: the CLI shows its option for each ({@code --jdk}), the Maven
 * plugin its element ({@code <jdk>}).
 */
public enum Setting {
  /** The jar, .java file or directory to build. */
  INPUT,
  MAIN_CLASS,
  CLASS_PATH,
  OUTPUT,
  TARGET,
  JDK,
  SYSROOT,
  LIBC,
  MIRROR,
  CACERTS,
  CDS,
  MODULES,
  ADD_MODULES,
  NATIVES,
  STRICT_LINKS,
  JVM_OPTIONS
}
