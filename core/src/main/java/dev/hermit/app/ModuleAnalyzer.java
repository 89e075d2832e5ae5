package dev.hermit.app;

import dev.hermit.Setting;
import dev.hermit.JdkException;
import dev.hermit.InputException;
import dev.hermit.HermitException;
import dev.hermit.jdk.Jdk;
import dev.hermit.jdk.JdkClasses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Chooses the JDK modules for an application (docs/MODULES.md): hermit's own scan of every class (references in the
 * constant pool, descriptors, generic signatures and annotations, string constants naming JDK classes, JDK service
 * interfaces the app provides), then the modules that only providers use, added by rule. jdeps is not run: what it
 * finds is a subset of the scan (measured over the test corpora, docs/MODULES.md), and it fails or answers wrongly
 * on many real class paths. Every module carries its first reason, for {@code -v}.
 */
public final class ModuleAnalyzer {
  /** More JDK package names than this in one class's strings make a table, not evidence of use. */
  static final int PACKAGE_TABLE = 5;
  private final Jdk jdk;
  private final Path work;
  private java.util.Set<String> defaultResolved; // java's boot layer for a class-path app, read when first needed

  /** @param work a private scratch directory (nested jars are unpacked there for analysis) */
  public ModuleAnalyzer(Jdk jdk, Path work) {
    this.jdk = jdk;
    this.work = work;
  }

  /** The modules java.se requires transitively: the Java SE API (the same in Java SE 17, 21 and 25). */
  static final List<String> JAVA_SE = List.of("java.compiler", "java.datatransfer", "java.desktop", "java.instrument",
      "java.logging", "java.management", "java.management.rmi", "java.naming", "java.net.http", "java.prefs",
      "java.rmi", "java.scripting", "java.security.jgss", "java.security.sasl", "java.sql", "java.sql.rowset",
      "java.transaction.xa", "java.xml", "java.xml.crypto");

  /** The prefix of the JDK's incubator modules (jdk.incubator.vector), which java resolves only when asked. */
  private static final String INCUBATOR = "jdk.incubator.";

  /**
   * @param only when not null, exactly these modules (the user's {@code --modules}): no analysis
   * @param add modules the user adds ({@code --add-modules})
   * @param jvmOptions the options baked into the executable: some need a module no class refers to
   */
  public ModuleDecision decide(AppInput app, Set<String> only, Set<String> add, List<String> jvmOptions) {
    List<String> notes = new ArrayList<>();
    Map<String, String> why = new TreeMap<>();
    List<Path> classPath = only != null ? null : NestedJars.expand(app.classPath(), work, notes);
    JdkClasses jdkClasses = JdkClasses.of(jdk);
    Set<String> available = jdkClasses.modules();
    boolean tls;
    boolean launcher = false;
    List<String> warnings = new ArrayList<>();
    Map<String, String> forOptions = JvmOptionModules.of(jvmOptions);
    Map<String, String> namedLocales = Map.of();
    ClassPathScan scan = null; // none for a module set given
    if (only != null) {
      only.forEach(m -> why.putIfAbsent(m, "in the given module set"));
      tls = only.contains("jdk.crypto.ec") || only.contains("java.net.http");
    } else {
      scan = ClassPathScan.of(classPath).withStrings(ConfigStrings.of(app, jvmOptions));
      fromScan(scan, jdkClasses, why);
      // An incubator module is resolved only when asked for (--add-modules at run time): named by the classes alone
      // it was linked and never readable ("NoClassDefFoundError: jdk/incubator/vector/Vector", as under java), and
      // asking for it at run time prints java's incubator warning on every start, which an app's output must not
      // gain unasked. Left out, and the user told what to give. (A rule that gives the whole JDK, to a compiler,
      // keeps them: code it compiles may ask for them.)
      Map<String, String> incubators = new java.util.LinkedHashMap<>();
      for (String m : List.copyOf(why.keySet())) {
        if (m.startsWith(INCUBATOR) && !add.contains(m) && !forOptions.containsKey(m)) {
          incubators.put(m, why.remove(m));
        }
      }
      launcher = ProviderRules.isLauncher(scan) && isLauncherWithoutAgents(app, classPath)
          && mainEntryMakesTheLoader(app, classPath) || runsFromItsHome(app);
      ProviderRules.apply(app, scan, launcher, available, why);
      // a rule may link it all the same (a script engine gets every jdk.* module): then it is there, unresolved
      incubators.forEach((m, reason) -> warnings.add("the app's classes refer to " + m + " (" + reason + "), an "
          + "incubator module, which java resolves only when asked: " + (why.containsKey(m) ? "linked (" + why.get(m)
          + "), but not resolved" : "left out") + ". To use it, give -J--add-modules=" + m + " (the output then "
          + "prints java's warning about incubator modules at its start, as java does)"));
      tls = ProviderRules.usesTls(scan);
      namedLocales = ProviderRules.namedLocales(scan);
    }
    for (String m : add) {
      why.putIfAbsent(m, "added by the request");
    }
    forOptions.forEach(why::putIfAbsent);
    Map<String, String> opened = JvmOptionModules.opened(jvmOptions);
    opened.forEach((m, reason) -> {
      if (available.contains(m)) {
        why.putIfAbsent(m, reason);
      }
    });
    List<String> notRoots = notResolvedByItself(why.keySet(), opened.keySet(), forOptions.keySet(), scan, jdkClasses);
    why.putIfAbsent("java.base", "always");
    if (why.containsKey("java.se")) { // named, so that what depends on a member sees it (java.desktop's libraries)
      JAVA_SE.stream().filter(available::contains).forEach(m -> why.putIfAbsent(m, "part of java.se"));
    }
    for (String m : why.keySet()) {
      if (!available.contains(m)) {
        String message = "module " + m + " is not in the JDK at " + jdk.home();
        if (m.startsWith("ALL-")) { // java's and jlink's keywords, which name no module of a runtime's own
          message = m + " is a keyword of java's --add-modules, not a module a runtime can hold: name the modules"
              + " (java.se is all of Java SE), or pass it to the JVM with -J--add-modules=" + m;
        }
        if (only != null && only.contains(m) || add.contains(m)) {
          throw new InputException(message, only != null && only.contains(m) ? Setting.MODULES : Setting.ADD_MODULES, m);
        }
        if (forOptions.containsKey(m)) {
          throw new InputException(message + ", and " + forOptions.get(m), Setting.JVM_OPTIONS, m);
        }
        throw new JdkException(message, jdk.home());
      }
    }
    List<String> reasons = new ArrayList<>(notes);
    why.forEach((m, r) -> reasons.add(m + ": " + r));
    return new ModuleDecision(new TreeSet<>(why.keySet()), reasons, tls, launcher, warnings, namedLocales,
        notRoots, scan == null ? Map.of() : hostJni(scan, HOST_JNI_DIRS));
  }

  private static final java.util.regex.Pattern VERSIONED = java.util.regex.Pattern.compile("(.{3,}[-_])[0-9]+(\\.[0-9]+)*");

  /** Debian's directories of JNI libraries packaged apart from their jars, on its JDK's java.library.path. */
  static final List<Path> HOST_JNI_DIRS = List.of(Path.of("/usr/lib/jni"), Path.of("/usr/lib/x86_64-linux-gnu/jni"),
      Path.of("/usr/lib/aarch64-linux-gnu/jni"), Path.of("/usr/lib/arm-linux-gnueabihf/jni"),
      Path.of("/usr/lib/i386-linux-gnu/jni"), Path.of("/usr/lib/powerpc64le-linux-gnu/jni"),
      Path.of("/usr/lib/s390x-linux-gnu/jni"), Path.of("/usr/lib/riscv64-linux-gnu/jni"));

  /**
   * The libraries of these directories that the app loads by name ({@code System.loadLibrary("snappyjava")}, its
   * name a string of the app's classes), by that name: java finds them on its library path, and the output, which
   * searches only its own, did not (snappy-java fell back to pure Java, and failed; Jython had no os.getpid).
   */
  static Map<String, Path> hostJni(ClassPathScan scan, List<Path> dirs) {
    Map<String, Path> out = new TreeMap<>();
    for (Path d : dirs) {
      try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(d)) {
        for (Path lib : s.sorted().toList()) {
          String f = lib.getFileName().toString();
          if (f.startsWith("lib") && f.endsWith(".so") && f.length() > 6 && java.nio.file.Files.isRegularFile(lib)) {
            String name = f.substring(3, f.length() - 3);
            // a versioned name the app builds from a constant and its version (jffi's "jffi-" + "1.2")
            java.util.regex.Matcher versioned = VERSIONED.matcher(name);
            if (scan.strings().containsKey(name) || versioned.matches() && scan.strings().containsKey(versioned.group(1))) {
              out.putIfAbsent(name, lib);
            }
          }
        }
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        // no such directory here: nothing packaged so
      }
    }
    return out;
  }

  /**
   * The chosen modules whose classes the app uses (its classes or strings name one, or an --add-opens or
   * --add-exports opens one) but which java would not resolve in this runtime by itself: they export to named
   * modules only, so they are no root (jdk.internal.jvmstat), and the full JDK resolves them only because one of
   * its roots requires them (jdk.attach), which the runtime lacks. Linked alone, such a module stays unresolved:
   * "Unknown module" at every start, ClassNotFoundException for its classes. A module --add-modules names already
   * is left out.
   */
  private List<String> notResolvedByItself(java.util.Set<String> chosen, java.util.Set<String> opened,
      java.util.Set<String> added, ClassPathScan scan, JdkClasses jdkClasses) {
    java.util.Set<String> named = new TreeSet<>(opened);
    if (scan != null) {
      scan.references().keySet().forEach(r -> named.add(String.valueOf(jdkClasses.moduleOfClass(r))));
      scan.strings().keySet().forEach(s -> named.add(String.valueOf(jdkClasses.moduleOfClass(s.replace('.', '/')))));
    }
    List<String> out = new ArrayList<>();
    for (String m : chosen) {
      // java.* modules (the standard ones) each export to everyone, java.se being java's root itself: not read
      if (named.contains(m) && !added.contains(m) && !m.startsWith("java.")) {
        byte[] info = JdkClasses.moduleInfo(jdk, m);
        if (info != null && !ModuleInfo.exportsToAll(info)) {
          // only what the full JDK resolves by itself: java leaves jdk.internal.vm.ci out of its boot layer (Truffle
          // then says "JVMCI is not enabled"), and --add-modules would make the output see a module java does not
          if (defaultResolved == null) {
            defaultResolved = DefaultResolution.of(jdk, jdkClasses.modules());
          }
          if (defaultResolved.contains(m)) {
            out.add(m);
          }
        }
      }
    }
    return out;
  }

  /**
   * Whether the app is a launcher without the Java agents its JVM options carry ({@code app/jvm/}): an agent with a
   * class loader of its own (Elastic APM's) made a small service look like one, and gave it the whole JDK.
   */
  private static boolean isLauncherWithoutAgents(AppInput app, List<Path> classPath) {
    Set<Path> agents = new java.util.HashSet<>();
    app.files().forEach((p, t) -> {
      if (t.startsWith("app/jvm/")) {
        agents.add(p);
      }
    });
    if (agents.isEmpty()) {
      return true;
    }
    return ProviderRules.isLauncher(ClassPathScan.of(classPath.stream().filter(p -> !agents.contains(p)).toList()));
  }

  /**
   * Whether the app is a jar packed with its home because it loads jars below it at run time (Jetty's start.jar,
   * ActiveMQ's bin/activemq.jar): a launcher, however many classes its own Class-Path brings (Debian's start.jar
   * names jetty-util, 600 classes, and its runtime lacked java.instrument for a web app's deployment).
   */
  static boolean runsFromItsHome(AppInput app) {
    return app.launchJar() != null && app.launchJar().startsWith(InputResolver.DISTRIBUTION_HOME + "/");
  }

  /**
   * Whether the class path entry holding the main class is itself a launcher: a library's own class loader
   * (byte-buddy-agent makes one for Java 8's tools.jar) made a one-class app that attaches an agent a launcher, and
   * gave it the whole JDK (42.7 MB against 13.9). Where no entry can be told to hold the main class, the whole class
   * path counts, as before.
   */
  private static boolean mainEntryMakesTheLoader(AppInput app, List<Path> classPath) {
    if (classPath.size() < 2 || app.mainClass() == null) {
      return true;
    }
    for (Path p : classPath) {
      if (ClassPathEntries.findClass(List.of(p), app.mainClass()) != null) {
        return ProviderRules.isLauncher(ClassPathScan.of(List.of(p)));
      }
    }
    return true;
  }

  /** References, reflective names and JDK service interfaces, each mapped onto the module that holds it. */
  private static void fromScan(ClassPathScan scan, JdkClasses jdkClasses, Map<String, String> why) {
    Set<String> modules = jdkClasses.modules();
    scan.requires().forEach((m, where) -> {
      if (modules.contains(m)) {
        why.putIfAbsent(m, where + " requires it");
      }
    });
    scan.references().forEach((ref, from) -> {
      String m = jdkClasses.moduleOfClass(ref);
      if (m == null) {
        int slash = ref.lastIndexOf('/');
        m = slash > 0 ? jdkClasses.moduleOfPackage(ref.substring(0, slash)) : null;
      }
      if (m != null) {
        why.putIfAbsent(m, from + " refers to " + ref.replace('/', '.'));
      }
    });
    // A string naming a class is strong evidence; one naming only a package is weaker, and a class that names
    // many JDK packages holds a table (Groovy's Java9 lists ~60 packages it may open), not a need for each.
    Map<String, List<String[]>> packagesByClass = new TreeMap<>();
    scan.strings().forEach((s, from) -> {
      String name = s.replace('.', '/');
      String m = jdkClasses.moduleOfClass(name);
      if (m != null) {
        why.putIfAbsent(m, from + " names the class " + s + " in a string (reflection or a service lookup)");
      } else if ((m = jdkClasses.moduleOfPackage(name)) != null) {
        packagesByClass.computeIfAbsent(from, k -> new ArrayList<>()).add(new String[] {m, s});
      }
    });
    packagesByClass.forEach((from, named) -> {
      if (named.size() <= PACKAGE_TABLE) {
        named.forEach(n -> why.putIfAbsent(n[0], from + " names the package " + n[1]
            + " in a string (reflection or a service lookup)"));
      }
    });
    scan.services().forEach((service, where) -> {
      String m = jdkClasses.moduleOfClass(service.replace('.', '/'));
      if (m != null) {
        why.putIfAbsent(m, where + " provides the JDK service " + service);
      }
    });
  }
}
