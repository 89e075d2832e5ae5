package dev.hermit.links;

import dev.hermit.HermitException;
import dev.hermit.jdk.IgnoredReferences;
import dev.hermit.jdk.Jdk;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The link check (docs/LINKS.md): every class, field and method the app's classes refer to in the JDK, resolved
 * against the classes of the runtime image that was just linked, as Go's linker refuses a call to a function that
 * does not exist. Only references into the JDK are checked; the app's libraries are not checked against each other.
 */
public final class LinkCheck {
  /**
   * Every package of every JDK module starts with one of these (LinkCheckTest holds it to the running JDK): owners
   * elsewhere are the app's or its libraries', and are not looked up at all.
   */
  static final List<String> JDK_PREFIXES = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/", "org/w3c/",
      "org/xml/", "org/ietf/", "org/jcp/", "netscape/", "toolbarButtonGraphics/", "images/");

  private final RuntimeIndex runtime;
  private final Jdk jdk;
  private RuntimeIndex fullJdk;
  private String runtimeNote = "";
  private final List<ClassSource> opened = new ArrayList<>();
  /** Per class: null while unknown; PRESENT, NOT_JDK, MISSING or the name of the JDK module the runtime lacks. */
  private final Map<String, String> classStatus = new HashMap<>();
  private final Map<ClassInfo.MemberRef, Boolean> memberFound = new HashMap<>();
  private final Map<String, SortedSet<String>> badClasses = new HashMap<>();
  private final Map<ClassInfo.MemberRef, SortedSet<String>> badMembers = new HashMap<>();
  private static final String PRESENT = "";
  private static final String NOT_JDK = "-";
  private static final String MISSING = "?";

  private LinkCheck(RuntimeIndex runtime, Jdk jdk) {
    this.runtime = runtime;
    this.jdk = jdk;
  }

  /**
   * Checks the app's class path against the runtime image linked from jdk.
   *
   * @param classPath the app's jars and directories; Spring Boot and war library jars inside them are read too
   */
  public static LinkReport run(List<Path> classPath, Jdk jdk, Path image) {
    return run(AppClasses.read(classPath, jdk.featureVersion()), jdk, image);
  }

  /** {@link #run(List, Jdk, Path)} with the app's classes already read for the JDK's feature version. */
  public static LinkReport run(AppClasses app, Jdk jdk, Path image) {
    int feature = jdk.featureVersion();
    requireRead(app, feature);
    String[] note = {""};
    ClassSource source = openRuntime(jdk, image, note);
    LinkCheck check = new LinkCheck(new RuntimeIndex(source), jdk);
    check.runtimeNote = note[0];
    check.opened.add(source);
    try {
      Set<String> own = new HashSet<>();
      for (ClassInfo c : app.classes()) {
        own.add(c.name());
        check.visit(c);
      }
      List<Missing> missing = new ArrayList<>();
      check.badClasses.forEach((owner, from) -> {
        if (!own.contains(owner)) {
          String status = check.classStatus.get(owner);
          missing.add(new Missing(owner, null, status.equals(MISSING) ? null : status, from));
        }
      });
      check.badMembers.forEach((ref, from) -> {
        if (!own.contains(ref.owner())) {
          missing.add(new Missing(ref.owner(), ref.key(), null, from));
        }
      });
      return new LinkReport(feature, app.classes().size(), source.describe() + check.runtimeNote, missing);
    } catch (UncheckedIOException e) {
      throw new HermitException("the link check cannot read the runtime's classes: " + e.getCause().getMessage(), e);
    } finally {
      check.close();
    }
  }

  /**
   * Checks the app's classes reachable from its main class against every class of a JDK (not a linked runtime):
   * for choosing the runtime's Java version before linking. Reachable is approximated from the constant pools:
   * the main class, then every app class named by a CONSTANT_Class of a reachable class (superclasses, interfaces,
   * owners of fields and methods used, classes instantiated, cast to or caught), transitively. A class loaded only
   * by name (Class.forName, a ServiceLoader provider, a version-guarded probe) is not reachable.
   *
   * @param feature the feature version the class path is read for (multi-release jars)
   */
  public static LinkReport reachable(List<Path> classPath, String mainClass, Jdk jdk, int feature) {
    return reachable(AppClasses.read(classPath, feature), mainClass, jdk);
  }

  /** {@link #reachable(List, String, Jdk, int)} with the app's classes already read (for their feature version). */
  public static LinkReport reachable(AppClasses classes, String mainClass, Jdk jdk) {
    return reachable(classes, mainClass == null ? List.of() : List.of(mainClass.replace('.', '/')), jdk);
  }

  /**
   * {@link #reachable(AppClasses, String, Jdk)} from several classes (internal names): the main class and what its
   * launcher loads by name (dev.hermit.app.EntryClasses).
   */
  public static LinkReport reachable(AppClasses classes, java.util.Collection<String> entryClasses, Jdk jdk) {
    ClassSource source = openJdk(jdk);
    LinkCheck check = new LinkCheck(new RuntimeIndex(source), jdk);
    check.opened.add(source);
    try {
      Map<String, ClassInfo> app = new HashMap<>();
      for (ClassInfo c : classes.classes()) {
        app.putIfAbsent(c.name(), c);
      }
      Set<String> seen = new HashSet<>();
      java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
      todo.addAll(entryClasses);
      while (!todo.isEmpty()) {
        ClassInfo c = app.get(todo.poll());
        if (c == null || !seen.add(c.name())) {
          continue;
        }
        check.visit(c);
        c.classRefs().stream().filter(app::containsKey).filter(n -> !seen.contains(n)).forEach(todo::add);
      }
      List<Missing> missing = new ArrayList<>();
      check.badClasses.forEach((owner, from) -> {
        if (!app.containsKey(owner)) {
          missing.add(new Missing(owner, null, null, from));
        }
      });
      check.badMembers.forEach((ref, from) -> {
        if (!app.containsKey(ref.owner())) {
          missing.add(new Missing(ref.owner(), ref.key(), null, from));
        }
      });
      return new LinkReport(jdk.featureVersion(), seen.size(), source.describe(), missing);
    } catch (UncheckedIOException e) {
      throw new HermitException("the link check cannot read the classes of " + jdk.home() + ": "
          + e.getCause().getMessage(), e);
    } finally {
      check.close();
    }
  }

  /** A multi-release jar gives other classes to another version: a read for one is no answer for another. */
  private static void requireRead(AppClasses app, int feature) {
    if (app.feature() != feature) {
      throw new IllegalArgumentException("the app's classes were read for Java " + app.feature() + ", not " + feature);
    }
  }

  /**
   * Marks each reference of the report that is missing from the JDK with the first of the newer JDKs that has it
   * (for the warning: "the first feature version that has the member"). Guarded probes for an API newer than
   * every JDK at hand stay unmarked.
   *
   * @param newer JDKs of feature versions above the report's, ascending
   */
  public static LinkReport firstVersions(LinkReport report, List<Jdk> newer) {
    if (report.notInJdk().isEmpty() || newer.isEmpty()) {
      return report;
    }
    Map<Missing, Integer> first = new HashMap<>();
    for (Jdk jdk : newer) {
      ClassSource source = openJdk(jdk);
      try {
        RuntimeIndex index = new RuntimeIndex(source);
        for (Missing m : report.notInJdk()) {
          if (!first.containsKey(m) && index.find(m.owner()) != null
              && (m.member() == null || index.hasMember(memberRef(m)))) {
            first.put(m, jdk.featureVersion());
          }
        }
      } catch (UncheckedIOException e) {
        throw new HermitException("the link check cannot read the classes of " + jdk.home() + ": "
            + e.getCause().getMessage(), e);
      } finally {
        try {
          source.close();
        } catch (IOException ignored) {
          // Read-only: nothing is lost.
        }
      }
    }
    return report.withNewer(newer.stream().map(Jdk::featureVersion).toList(),
        m -> first.containsKey(m) ? m.since(first.get(m)) : m);
  }

  /** A missing member back as the constant pool's reference. */
  private static ClassInfo.MemberRef memberRef(Missing m) {
    String key = m.member();
    int at = m.isField() ? key.indexOf(':') : key.indexOf('(');
    return new ClassInfo.MemberRef(m.isField(), m.owner(), key.substring(0, at),
        key.substring(m.isField() ? at + 1 : at));
  }

  /** Every class of a JDK: its jmods, else its own jrt file system (the running JDK's, or one of this platform). */
  private static ClassSource openJdk(Jdk jdk) {
    try {
      return jdk.isRunning() ? ClassSource.jrt(null)
          : jdk.hasJmods() ? ClassSource.jmods(jdk.jmods(), null) : ClassSource.jrt(jdk.home());
    } catch (IOException e) {
      throw new HermitException("the link check cannot read the classes of " + jdk.home() + ": " + e.getMessage(), e);
    }
  }

  private void visit(ClassInfo c) {
    for (String ref : c.classRefs()) {
      if (IgnoredReferences.reference(c.name(), ref)) {
        continue;
      }
      String status = classStatus(ref);
      if (!status.equals(PRESENT) && !status.equals(NOT_JDK)) {
        badClasses.computeIfAbsent(ref, k -> new TreeSet<>()).add(c.name());
      }
    }
    for (ClassInfo.MemberRef ref : c.memberRefs()) {
      // The owner is also a class constant of this class: a missing owner is reported once, as a class.
      if (ref.owner().startsWith("[") || !classStatus(ref.owner()).equals(PRESENT)
          || IgnoredReferences.reference(c.name(), ref.owner())) {
        continue;
      }
      if (!memberFound.computeIfAbsent(ref, runtime::hasMember)) {
        badMembers.computeIfAbsent(ref, k -> new TreeSet<>()).add(c.name());
      }
    }
  }

  private String classStatus(String name) {
    String s = classStatus.get(name);
    if (s == null) {
      s = resolveClass(name);
      classStatus.put(name, s);
    }
    return s;
  }

  private String resolveClass(String name) {
    if (JDK_PREFIXES.stream().noneMatch(name::startsWith)) {
      return NOT_JDK;
    }
    if (runtime.find(name) != null) {
      return PRESENT;
    }
    RuntimeIndex all = fullJdk();
    String module = all.moduleOfClass(name);
    if (module != null) {
      return module; // the JDK has it, in a module that was not linked
    }
    String pkg = RuntimeIndex.packageOf(name);
    boolean jdkPackage = name.startsWith("java/") || !runtime.modulesOf(pkg).isEmpty() || !all.modulesOf(pkg).isEmpty();
    return jdkPackage ? MISSING : NOT_JDK;
  }

  /** The whole JDK the runtime was linked from: opened only when a reference falls outside the runtime. */
  private RuntimeIndex fullJdk() {
    if (fullJdk == null) {
      ClassSource s = openJdk(jdk);
      opened.add(s);
      fullJdk = new RuntimeIndex(s);
    }
    return fullJdk;
  }

  /**
   * The image's own classes through its jrt file system; when this JVM cannot read the image (a big-endian image
   * on a little-endian host), the same classes from the JDK's jmods of the modules the image was linked with.
   */
  private static ClassSource openRuntime(Jdk jdk, Path image, String[] note) {
    IOException jrtFailure;
    try {
      ClassSource s = ClassSource.jrt(image);
      if (!s.modulesOf("java/lang").isEmpty()) {
        return s;
      }
      s.close();
      jrtFailure = new IOException("its jrt file system has no java.lang");
    } catch (IOException | RuntimeException e) {
      jrtFailure = e instanceof IOException io ? io : new IOException(e.toString(), e);
    }
    if (!jdk.hasJmods()) {
      throw new HermitException("the link check cannot read the runtime's classes in " + image + ": "
          + jrtFailure.getMessage() + ", and " + jdk.home() + " has no jmods to read them from");
    }
    // Expected for s390x from a little-endian host, so said as the way it is read, not as a failure
    note[0] = ", the modules the image was linked from (the same classes; this JVM reads images of its own byte order "
        + "only: " + jrtFailure.getMessage() + ")";
    try {
      return ClassSource.jmods(jdk.jmods(), imageModules(image));
    } catch (IOException e) {
      throw new HermitException("the link check cannot read the jmods of " + jdk.home() + ": " + e.getMessage(), e);
    }
  }

  /** The MODULES line jlink writes into the image's release file. */
  static List<String> imageModules(Path image) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(image.resolve("release"))) {
      p.load(r);
    }
    String modules = p.getProperty("MODULES", "").replace("\"", "").trim();
    if (modules.isEmpty()) {
      throw new IOException(image.resolve("release") + " names no MODULES");
    }
    return Arrays.asList(modules.split("\\s+"));
  }

  private void close() {
    for (ClassSource s : opened) {
      try {
        s.close();
      } catch (IOException ignored) {
        // Read-only sources: nothing is lost.
      }
    }
  }
}
