package dev.hermit.pipeline;

import dev.hermit.HermitException;
import dev.hermit.app.AppInput;
import dev.hermit.app.ClassVersions;
import dev.hermit.jdk.Jdk;
import dev.hermit.provision.SdkSpec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Java feature version of the runtime, and why: the JDK given (--jdk), the version asked (--java), else the
 * lowest of hermit's versions (17, 21, 25) that loads the app's classes (docs/PROVISIONING.md).
 *
 * @param version the runtime's feature version
 * @param reason why, in words, for the build's output and its build information
 */
record JavaChoice(int version, String reason) {

  /** The versions hermit fetches runtimes for, as "17, 21, 25". */
  static String known() {
    return SdkSpec.javaVersions().stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  /**
   * @param given the JDK the request names (--jdk), or null
   */
  static JavaChoice choose(BuildRequest request, Jdk given, AppInput app) {
    Integer asked = request.java();
    if (given != null) {
      if (asked != null && asked != given.featureVersion()) {
        throw new HermitException("the JDK at " + given.home() + " is Java " + given.featureVersion()
            + ", not the Java " + asked + " asked for: give one of the two");
      }
      return new JavaChoice(given.featureVersion(), "the JDK given");
    }
    if (asked != null) {
      if (!SdkSpec.javaVersions().contains(asked)) {
        throw new HermitException("no runtime for Java " + asked + ": hermit fetches Java " + known());
      }
      return new JavaChoice(asked, "asked for");
    }
    return lowestThatLoads(app);
  }

  /** The lowest known version whose runtime loads every class the app would load (ClassVersions). */
  static JavaChoice lowestThatLoads(AppInput app) {
    List<Integer> versions = SdkSpec.javaVersions();
    ClassVersions.TooNewException first = null;
    ClassVersions.TooNewException last = null;
    for (int v : versions) {
      try {
        ClassVersions.requireLoadable(app.classPath(), app.mainClass(), v, w -> { });
      } catch (ClassVersions.TooNewException e) {
        first = first == null ? e : first;
        last = e;
        continue;
      }
      if (first == null) {
        return new JavaChoice(v, "the lowest of " + known() + " that loads the app's classes");
      }
      ClassVersions.Offender o = first.offender();
      return new JavaChoice(v, "the lowest of " + known() + " that loads the app's classes ("
          + o.className() + " in " + o.where() + " is compiled for Java " + o.javaVersion() + ")");
    }
    ClassVersions.Offender o = last.offender();
    throw new HermitException(o.className() + " in " + o.where() + " is compiled for Java " + o.javaVersion()
        + (o.preview() ? " with preview features" : "") + ", newer than any runtime hermit fetches (Java "
        + known() + "): give a JDK " + o.javaVersion() + " with --jdk");
  }
}
