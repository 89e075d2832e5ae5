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
  /** The SHA-256 a JDK archive must have. */
  JDK_SHA256,
  /** The runtime's Java feature version. */
  JAVA,
  SYSROOT,
  LIBC,
  MIRROR,
  /** The file pinning the Debian packages fetched. */
  SDK_LOCK,
  CACERTS,
  CDS,
  MODULES,
  ADD_MODULES,
  /** Jars analysed for the JDK modules they need, not carried: agents attached at run time. */
  MODULES_FOR,
  /** The locales whose formats the runtime carries beyond English. */
  LOCALES,
  NATIVES,
  /** Libraries the app's natives need that the build may leave out. */
  ALLOW_MISSING,
  /** System libraries the app loads by name at run time, bundled beside the C library. */
  BUNDLE_LIBRARIES,
  STRICT_LINKS,
  KEEP_SYMBOLS,
  JVM_OPTIONS
}
