package dev.hermit.app;

import dev.hermit.HermitException;
import dev.hermit.jdk.Jdk;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Chooses the JDK modules for an application (docs/MODULES.md): jdeps first; when jdeps fails, the packages the
 * app's classes refer to, mapped to the target JDK's modules; then the modules no static analysis can see.
 */
public final class ModuleAnalyzer {
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
    Set<String> available = available();
    List<String> reasons = new ArrayList<>();
    Set<String> modules = new TreeSet<>();
    if (only != null) {
      modules.addAll(only);
      reasons.add("--modules: exactly " + String.join(",", only));
    } else {
      List<Path> classPath = NestedJars.expand(app.classPath(), work, reasons);
      Scan scan = scan(classPath);
      Jdeps jdeps = runJdeps(classPath);
      if (jdeps.modules != null) {
        modules.addAll(jdeps.modules);
        reasons.add("jdeps: " + (jdeps.modules.isEmpty() ? "java.base only" : String.join(",", jdeps.modules)));
      } else {
        Set<String> fromRefs = modulesOfPackages(scan.referencedPackages());
        modules.addAll(fromRefs);
        reasons.add("jdeps failed (" + jdeps.error + "); modules from the packages the classes refer to: "
            + String.join(",", fromRefs));
      }
      applyRules(app, scan, modules, available, reasons);
    }
    for (String m : add) {
      if (modules.add(m)) {
        reasons.add("--add-modules: " + m);
      }
    }
    modules.add("java.base");
    for (String m : modules) {
      if (!available.contains(m)) {
        throw new HermitException("module " + m + " is not in the JDK at " + jdk.home());
      }
    }
    return new ModuleDecision(new TreeSet<>(modules), reasons);
  }

  /** The modules jdeps cannot see: providers found by name at run time. */
  private void applyRules(AppInput app, Scan scan, Set<String> modules, Set<String> available, List<String> reasons) {
    boolean tls = scan.refersTo("javax/net/ssl/") || scan.refersTo("java/net/http/") || modules.contains("java.net.http")
        || scan.refersTo("java/net/URL") && scan.refersTo("java/net/HttpURLConnection");
    if (tls && available.contains("jdk.crypto.ec") && modules.add("jdk.crypto.ec")) {
      reasons.add("jdk.crypto.ec: the app uses TLS (javax.net.ssl, java.net.http or https URLs); most servers need "
          + "its elliptic-curve ciphers");
    }
    if ((scan.refersTo("java/nio/file/FileSystems") || scan.refersTo("java/nio/file/spi/FileSystemProvider"))
        && available.contains("jdk.zipfs") && modules.add("jdk.zipfs")) {
      reasons.add("jdk.zipfs: the app opens file systems (java.nio.file.FileSystems); zip and jar file systems "
          + "live in jdk.zipfs");
    }
    String agent = app.manifestAttributes().get("Launcher-Agent-Class");
    if (agent != null && modules.add("java.instrument")) {
      reasons.add("java.instrument: the jar's manifest names a Launcher-Agent-Class");
    }
  }

  private Set<String> available() {
    Set<String> names = new HashSet<>();
    if (jdk.hasJmods()) {
      try (Stream<Path> s = Files.list(jdk.jmods())) {
        s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jmod"))
            .forEach(n -> names.add(n.substring(0, n.length() - 5)));
      } catch (IOException e) {
        throw new HermitException("cannot list " + jdk.jmods() + ": " + e.getMessage());
      }
    } else {
      ModuleFinder.ofSystem().findAll().forEach(r -> names.add(r.descriptor().name()));
    }
    return names;
  }

  private Set<String> modulesOfPackages(Set<String> packages) {
    Map<String, String> owner = jdk.hasJmods() ? packagesOfJmods() : packagesOfRunningJdk();
    Set<String> modules = new TreeSet<>();
    for (String p : packages) {
      String m = owner.get(p.replace('/', '.'));
      if (m != null) {
        modules.add(m);
      }
    }
    return modules;
  }

  private static Map<String, String> packagesOfRunningJdk() {
    Map<String, String> owner = new HashMap<>();
    for (ModuleReference r : ModuleFinder.ofSystem().findAll()) {
      for (String p : r.descriptor().packages()) {
        owner.put(p, r.descriptor().name());
      }
    }
    return owner;
  }

  /** ModuleFinder cannot read jmod files at run time; their classes/ entries name the packages. */
  private Map<String, String> packagesOfJmods() {
    Map<String, String> owner = new HashMap<>();
    try (Stream<Path> s = Files.list(jdk.jmods())) {
      for (Path jmod : s.filter(p -> p.toString().endsWith(".jmod")).toList()) {
        String module = jmod.getFileName().toString().replaceFirst("\\.jmod$", "");
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(jmod.toFile())) {
          z.stream().map(java.util.zip.ZipEntry::getName)
              .filter(n -> n.startsWith("classes/") && n.endsWith(".class") && n.lastIndexOf('/') > 8)
              .forEach(n -> owner.put(n.substring(8, n.lastIndexOf('/')).replace('/', '.'), module));
        }
      }
    } catch (IOException e) {
      throw new HermitException("cannot read the jmods of " + jdk.home() + ": " + e.getMessage());
    }
    return owner;
  }

  private record Jdeps(Set<String> modules, String error) {}

  private Jdeps runJdeps(List<Path> cp) {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElse(null);
    if (jdeps == null) {
      return new Jdeps(null, "the Java runtime running hermit has no jdeps");
    }
    List<String> args = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps", "-q",
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

  /** Class references of every class on the class path, minus the app's own classes. */
  record Scan(Set<String> referenced) {
    boolean refersTo(String prefix) {
      for (String r : referenced) {
        if (r.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }

    Set<String> referencedPackages() {
      Set<String> p = new TreeSet<>();
      for (String r : referenced) {
        int slash = r.lastIndexOf('/');
        if (slash > 0) {
          p.add(r.substring(0, slash));
        }
      }
      return p;
    }
  }

  static Scan scan(List<Path> classPath) {
    Set<String> own = new HashSet<>();
    Set<String> refs = new LinkedHashSet<>();
    for (Path p : classPath) {
      try {
        if (Files.isDirectory(p)) {
          try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.filter(x -> x.toString().endsWith(".class")).toList()) {
              add(Files.readAllBytes(f), own, refs);
            }
          }
        } else {
          try (JarFile j = new JarFile(p.toFile())) {
            for (JarEntry e : (Iterable<JarEntry>) j.stream()::iterator) {
              if (e.getName().endsWith(".class") && !e.getName().endsWith("module-info.class")) {
                try (InputStream in = j.getInputStream(e)) {
                  add(in.readAllBytes(), own, refs);
                }
              }
            }
          }
        }
      } catch (IOException e) {
        throw new HermitException("cannot read " + p + ": " + e.getMessage());
      }
    }
    refs.removeAll(own);
    return new Scan(refs);
  }

  private static void add(byte[] bytes, Set<String> own, Set<String> refs) {
    ClassFile cf = ClassFile.parse(bytes);
    if (cf != null) {
      own.add(cf.name());
      refs.addAll(cf.referencedClasses());
    }
  }
}
