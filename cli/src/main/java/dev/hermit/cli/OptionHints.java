package dev.hermit.cli;

import dev.hermit.HermitException;
import dev.hermit.Setting;

/** The CLI's spelling of the request settings that core errors name: "... (--jdk DIR)". */
final class OptionHints {
  private OptionHints() {}

  static String option(Setting s) {
    return switch (s) {
      case INPUT -> "INPUT";
      case MAIN_CLASS -> "--main CLASS";
      case CLASS_PATH -> "--class-path PATH";
      case OUTPUT -> "-o FILE";
      case TARGET -> "--target OS/ARCH";
      case JDK -> "--jdk DIR|ARCHIVE";
      case JDK_SHA256 -> "--jdk-sha256 HEX";
      case JAVA -> "--java N";
      case SDK_LOCK -> "--sdk-lock FILE";
      case KEEP_SYMBOLS -> "--keep-symbols";
      case SYSROOT -> "--sysroot DIR";
      case LIBC -> "--libc system|bundled";
      case MIRROR -> "--mirror URL or HERMIT_DEBIAN_MIRROR";
      case CACERTS -> "--cacerts FILE";
      case CDS -> "--cds auto|off|build";
      case MODULES -> "--modules";
      case ADD_MODULES -> "--add-modules";
      case MODULES_FOR -> "--modules-for JAR";
      case LOCALES -> "--locales";
      case NATIVES -> "--native";
      case ALLOW_MISSING -> "--allow-missing";
      case BUNDLE_LIBRARIES -> "--bundle-library";
      case STRICT_LINKS -> "--strict-links";
      case JVM_OPTIONS -> "-J";
    };
  }

  /** The one line the user reads: the core's message, and the option to change when the error names one. */
  static String message(HermitException e) {
    return e.getMessage() + e.setting().map(s -> " (" + option(s) + ")").orElse("");
  }
}
