package dev.hermit.pipeline;

import dev.hermit.app.AppInput;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * sqlite-jdbc picks its JNI library for 32-bit ARM by running {@code uname -m} (armv6 or armv7), then by
 * {@code sun.arch.abi}, then by {@code which readelf}; with none of them (an empty root has no {@code uname}, and
 * Debian's armhf JDK 17 sets no {@code sun.arch.abi}) it takes {@code Linux/arm}, the soft-float armv5 build: taken
 * out by --native=auto, and one that would not load into an armhf JVM anyway, so every connection fails with "Error
 * opening connection". hermit's linux/arm/v7 runtime is Debian's armhf (ARMv7, hard-float), so the answer is known
 * at build time: {@code -Dorg.sqlite.osinfo.architecture=armv7}, sqlite-jdbc's own override. An app that sets the
 * property itself keeps its own.
 */
final class SqliteArch {
  private SqliteArch() {}

  static final String PROPERTY = "-Dorg.sqlite.osinfo.architecture=";
  private static final Pattern NESTED = Pattern.compile("(^|.*/)sqlite-jdbc(-[0-9][^/]*)?\\.jar");
  private static final String OSINFO = "org/sqlite/util/OSInfo.class";

  /** The JVM options with sqlite-jdbc's architecture in front, for a 32-bit ARM target of an app with it. */
  static List<String> add(AppInput app, Target target, List<String> options, BuildListener listener)
      throws IOException {
    if (!"arm".equals(target.arch()) || BakedOptions.sets(options, PROPERTY) || !AppContents.has(app, OSINFO, NESTED)) {
      return options;
    }
    String option = PROPERTY + "armv7";
    listener.detail("sqlite-jdbc: " + option + " (it probes `uname -m`, which an empty root lacks)");
    return BakedOptions.prepend(option, options);
  }
}
