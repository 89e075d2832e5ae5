package dev.hermit.app;

import dev.hermit.Setting;
import dev.hermit.JdkException;
import dev.hermit.InputException;
import dev.hermit.HermitException;
import dev.hermit.jdk.Jdk;
import dev.hermit.jdk.JdkClasses;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.spi.ToolProvider;

/**
 * Chooses the JDK modules for an application (docs/MODULES.md). jdeps is never trusted alone: its answer is unioned
 * with hermit's own scan of every class (references, string constants naming JDK classes, JDK service interfaces
 * the app provides), then the modules that only providers use are added by rule. Every module carries its first
 * reason, for {@code -v}.
 */
public final class ModuleAnalyzer {
  /** More JDK package names than this in one class's strings make a table, not evidence of use. */
  static final int PACKAGE_TABLE = 5;
  private final Jdk jdk;
  private final Path work;

  /** @param work a private scratch directory (nested jars are unpacked there for analysis) */
  public ModuleAnalyzer(Jdk jdk, Path work) {
    this.jdk = jdk;
    this.work = work;
  }

  /**
   * @param only when not null, exactly these modules (the user's {@code --modules}): no analysis
   * @param add modules the user adds ({@code --add-modules})
   */
  public ModuleDecision decide(AppInput app, Set<String> only, Set<String> add) {
    List<String> notes = new ArrayList<>();
    Map<String, String> why = new TreeMap<>();
    List<Path> classPath = only != null ? null : NestedJars.expand(app.classPath(), work, notes);
    // jdeps is the slowest part: it runs on a second thread while this one lists the JDK and scans the app.
    CompletableFuture<Jdeps> jdepsRun = classPath == null ? null
        : CompletableFuture.supplyAsync(() -> runJdeps(classPath), ModuleAnalyzer::daemon)
            .exceptionally(e -> new Jdeps(null, "jdeps threw " + e));
    JdkClasses jdkClasses = JdkClasses.of(jdk);
    Set<String> available = jdkClasses.modules();
    if (only != null) {
      only.forEach(m -> why.putIfAbsent(m, "in the given module set"));
    } else {
      ClassPathScan scan = ClassPathScan.of(classPath);
      Jdeps jdeps = jdepsRun.join();
      if (jdeps.modules != null) {
        jdeps.modules.forEach(m -> why.putIfAbsent(m, "jdeps"));
      } else {
        notes.add("jdeps failed (" + jdeps.error + "); hermit's own scan decides alone");
      }
      fromScan(scan, jdkClasses, why);
      ProviderRules.apply(app, scan, available, why);
    }
    for (String m : add) {
      why.putIfAbsent(m, "added by the request");
    }
    why.putIfAbsent("java.base", "always");
    for (String m : why.keySet()) {
      if (!available.contains(m)) {
        String message = "module " + m + " is not in the JDK at " + jdk.home();
        if (only != null && only.contains(m) || add.contains(m)) {
          throw new InputException(message, only != null && only.contains(m) ? Setting.MODULES : Setting.ADD_MODULES, m);
        }
        throw new JdkException(message, jdk.home());
      }
    }
    List<String> reasons = new ArrayList<>(notes);
    why.forEach((m, r) -> reasons.add(m + ": " + r));
    return new ModuleDecision(new TreeSet<>(why.keySet()), reasons);
  }

  /** References, reflective names and JDK service interfaces, each mapped onto the module that holds it. */
  private static void fromScan(ClassPathScan scan, JdkClasses jdkClasses, Map<String, String> why) {
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

  private record Jdeps(Set<String> modules, String error) {}

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "hermit-jdeps");
    t.setDaemon(true);
    t.start();
  }

  private Jdeps runJdeps(List<Path> cp) {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElse(null);
    if (jdeps == null) {
      return new Jdeps(null, "the Java runtime running hermit has no jdeps");
    }
    // --no-recursive: every jar of the app is a root already, and following the JDK's own modules (the default)
    // took three quarters of jdeps' time for modules jlink adds anyway through their requires.
    List<String> args = new ArrayList<>(List.of("--print-module-deps", "--no-recursive", "--ignore-missing-deps", "-q",
        "--multi-release", Integer.toString(jdk.featureVersion())));
    if (!jdk.isRunning() && jdk.featureVersion() == Runtime.version().feature()) {
      args.addAll(List.of("--system", jdk.home().toString()));
    }
    if (cp.size() > 1) {
      args.add("--class-path");
      args.add(String.join(java.io.File.pathSeparator, cp.subList(1, cp.size()).stream().map(Path::toString).toList()));
    }
    cp.forEach(p -> args.add(p.toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
      code = jdeps.run(o, e, args.toArray(String[]::new));
    } catch (RuntimeException ex) {
      return new Jdeps(null, "jdeps threw " + ex);
    }
    String text = out.toString().strip();
    String last = text.isEmpty() ? "" : text.lines().reduce((a, b) -> b).orElse("").strip();
    if (code != 0 || !last.matches("[A-Za-z0-9_.,]*")) {
      String why = (err + "\n" + out).strip();
      return new Jdeps(null, why.isEmpty() ? "exit " + code : why.lines().findFirst().orElse("").strip());
    }
    Set<String> modules = new TreeSet<>();
    if (!last.isEmpty()) {
      modules.addAll(Arrays.asList(last.split(",")));
    }
    return new Jdeps(modules, null);
  }
}
