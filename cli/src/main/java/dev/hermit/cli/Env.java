package dev.hermit.cli;

import dev.hermit.pipeline.Caches;
import java.nio.file.Path;

/** What the CLI takes from the environment and hands to the core as request fields (core reads none). */
final class Env {
  private Env() {}

  /** HERMIT_SDK_DIR, HERMIT_JLINK_CACHE and XDG_CACHE_HOME, else under ~/.cache/hermit. */
  static Caches caches() {
    return Caches.fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** The Debian mirror: the option's, else HERMIT_DEBIAN_MIRROR's; null: the host's apt sources. */
  static String mirror(String option) {
    return option != null ? option : System.getenv("HERMIT_DEBIAN_MIRROR");
  }

  /** JAVA_HOME when set: a JDK host builds may link from when it is of the runtime's version. */
  static Path javaHome() {
    String home = System.getenv("JAVA_HOME");
    return home == null || home.isBlank() ? null : Path.of(home);
  }
}
