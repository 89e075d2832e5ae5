package dev.hermit.pipeline;

import dev.hermit.HermitException;
import dev.hermit.app.ClassVersions;
import dev.hermit.jdk.Jdk;
import dev.hermit.provision.SdkSpec;
import dev.hermit.links.AppClasses;
import dev.hermit.links.LinkCheck;
import dev.hermit.links.LinkReport;
import dev.hermit.links.Missing;
import dev.hermit.platform.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The Java feature version of the runtime, and why: the JDK given (--jdk), the version asked (--java), else the
 * lowest of hermit's versions (17, 21, 25) that loads the app's classes (docs/PROVISIONING.md).
 *
 * @param version the runtime's feature version
 * @param reason why, in words, for the build's output and its build information
 */
record JavaChoice(int version, String reason) {
  private static final int EXAMPLES = 3;

  /** The versions hermit fetches runtimes for, as "17, 21, 25". */
  static String known() {
    return list(SdkSpec.javaVersions());
  }

  private static String list(List<Integer> versions) {
    return versions.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  /**
   * @param given the JDK the request names (--jdk), or null
   * @param entries the classes a run starts from (dev.hermit.app.EntryClasses)
   * @param headers the version headers of the app's classes
   */
  static JavaChoice choose(BuildRequest request, Jdk given, List<String> entries, ClassVersions.Headers headers,
      Target target) {
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
        throw new dev.hermit.InputException("no runtime for Java " + asked + ": hermit fetches Java " + known(),
            dev.hermit.Setting.JAVA, asked);
      }
      return new JavaChoice(asked, "asked for");
    }
    // Built from Debian's packages (no JDK or sysroot given, another platform): only the versions Debian has for it
    boolean debian = request.jdk() == null && request.sysroot() == null && !target.isHost();
    List<String> skipped = new ArrayList<>();
    List<Integer> versions = new ArrayList<>();
    for (int v : SdkSpec.javaVersions()) {
      Optional<String> missing = debian ? SdkSpec.of(target, v).knownMissing() : Optional.empty();
      missing.ifPresentOrElse(skipped::add, () -> versions.add(v));
    }
    JavaChoice c = lowestThatLoads(headers, entries, versions);
    return skipped.isEmpty() ? c : new JavaChoice(c.version(), c.reason() + "; " + String.join("; ", skipped));
  }

  /** The lowest known version whose runtime loads every class the app would load (ClassVersions). */
  static JavaChoice lowestThatLoads(ClassVersions.Headers headers, List<String> entryClasses,
      List<Integer> versions) {
    ClassVersions.TooNewException first = null;
    ClassVersions.TooNewException last = null;
    for (int v : versions) {
      try {
        ClassVersions.requireLoadable(headers, entryClasses, v, w -> { });
      } catch (ClassVersions.TooNewException e) {
        first = first == null ? e : first;
        last = e;
        continue;
      }
      if (first == null) {
        return new JavaChoice(v, "the lowest of " + list(versions) + " that loads the app's classes");
      }
      ClassVersions.Offender o = first.offender();
      return new JavaChoice(v, "the lowest of " + list(versions) + " that loads the app's classes ("
          + o.className() + " in " + o.where() + " is compiled for Java " + o.javaVersion() + ")");
    }
    ClassVersions.Offender o = last.offender();
    throw new dev.hermit.JdkException(o.className() + " in " + o.where() + " is compiled for Java "
        + o.javaVersion() + (o.preview() ? " with preview features" : "") + ", newer than any runtime hermit fetches"
        + " (Java " + known() + "): give a Java " + o.javaVersion() + " JDK", (java.nio.file.Path) null);
  }

  /** A class named for a Java version: CleanerJava24Linker, Java21Support, JDK17Compat, Jdk9Helper. */
  private static final java.util.regex.Pattern VERSION_NAMED =
      java.util.regex.Pattern.compile("(?:Java|JDK|Jdk)_?(\\d{1,2})(?![0-9])");

  /**
   * Whether every class that makes this reference is named for a Java later than {@code version}: a library's code
   * path for that Java, which it takes only there (a version check guards it), as multi-release jars do by layout.
   */
  static boolean forLaterJava(Missing m, int version) {
    return !m.from().isEmpty() && m.from().stream().allMatch(from -> {
      String simple = from.substring(from.lastIndexOf('/') + 1);
      java.util.regex.Matcher v = VERSION_NAMED.matcher(simple);
      boolean later = false;
      while (v.find()) {
        later |= Integer.parseInt(v.group(1)) > version;
      }
      return later;
    });
  }

  /**
   * The link check before linking (docs/LINKS.md): when the classes reachable from the main class refer to JDK
   * classes or members that Java {@code choice} lacks, the first higher version whose JDK has them all.
   *
   * @param entries the classes a run starts from (dev.hermit.app.EntryClasses)
   * @param classes the app's classes, read for a feature version
   * @param jdk the JDK of the chosen version
   * @param jdkOf a JDK of another version, at hand or fetched; null when there is none
   */
  static JavaChoice raiseForLinks(JavaChoice choice, List<String> entries, IntFunction<AppClasses> classes, Jdk jdk,
      IntFunction<Jdk> jdkOf, BuildListener listener) {
    LinkReport low = LinkCheck.reachable(classes.apply(choice.version()), entries, jdk);
    listener.detail(low.classesChecked() + " classes reachable from the main class checked against Java "
        + choice.version() + " (" + low.runtimeSource() + ")");
    List<Missing> absent = low.notInJdk();
    List<Missing> named = absent.stream().filter(m -> forLaterJava(m, choice.version())).toList();
    if (!named.isEmpty()) {
      // Netty 4.2's CleanerJava24Linker, reached from PlatformDependent's static initializer, which takes it only
      // on Java 24 and later: every Netty app was raised to Java 25 (and a 400 MB JDK fetched) where 17 ran it
      listener.detail(named.size() + " of the references the runtime lacks come only from classes named for a later"
          + " Java (" + named.get(0).from().first().replace('/', '.') + "), that Java's code path: they raise nothing");
      absent = absent.stream().filter(m -> !named.contains(m)).toList();
    }
    if (absent.isEmpty()) {
      return choice;
    }
    // A newer Java is taken only when it has every one; sun.* and jdk.internal.* classes are never added back
    // (sun.misc.Cleaner, sun.reflect.Reflection: the JDK 8 internals old libraries name), so with one of those
    // missing no later JDK is fetched (125 MB for Java 21) to find that out.
    Missing internal = absent.stream().filter(m -> m.owner().startsWith("sun/") || m.owner().startsWith("jdk/internal/"))
        .findFirst().orElse(null);
    if (internal != null) {
      listener.detail("later Javas not checked: the app names " + internal.describe() + ", JDK-internal, which "
          + "later Javas do not add back");
      return choice;
    }
    for (int v : SdkSpec.javaVersions()) {
      if (v <= choice.version()) {
        continue;
      }
      Jdk other = jdkOf.apply(v);
      if (other == null) {
        listener.detail("Java " + v + " not checked: no JDK " + v + " at hand");
        continue;
      }
      LinkReport r = LinkCheck.reachable(classes.apply(v), entries, other);
      listener.detail("against Java " + v + " (" + r.runtimeSource() + "): " + r.notInJdk().size() + " missing");
      if (r.notInJdk().stream().allMatch(m -> forLaterJava(m, v))) {
        String examples = absent.stream().limit(EXAMPLES).map(m -> m.describe() + " <- "
            + m.from().first().replace('/', '.')).collect(Collectors.joining("; "));
        return new JavaChoice(v, "classes reachable from the main class refer to " + absent.size()
            + (absent.size() == 1 ? " JDK class or member" : " JDK classes and members") + " that Java "
            + choice.version() + " lacks and Java " + v + " has: " + examples
            + (absent.size() > EXAMPLES ? "; ..." : ""));
      }
    }
    return choice;
  }
}
