package dev.hermit.app;

import dev.hermit.HermitException;
import dev.hermit.jdk.IgnoredReferences;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What every class on a class path (every multi-release version included) says about the JDK it needs: the classes
 * it refers to, the string constants that look like qualified class or package names, the JDK-looking members it
 * uses, the service interfaces its {@code META-INF/services} files provide, the classes it defines, and the kinds of
 * key its signed jars are signed with ({@code META-INF/NAME.RSA}, {@code .DSA}, {@code .EC}), and the modules its
 * {@code module-info.class} files require. Each name maps to the first place that used it, in class-path order
 * ("{@code a.Main (app.jar)}"; a defined class to its jar), so that reasons name it and are stable from build to
 * build.
 */
public record ClassPathScan(Map<String, String> references, Map<String, String> strings,
    Map<String, String> memberRefs, Map<String, String> services, Map<String, String> defined,
    Map<String, String> signatures, Map<String, String> requires) {

  /** A dotted or slashed qualified name: what {@code Class.forName} or a package check is given. */
  private static final Pattern QUALIFIED = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*([./][A-Za-z_$][A-Za-z0-9_$]*)+");
  private static final List<String> JDK_PREFIXES = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/");
  /** A jar signature's block file, named for the kind of key that signed it (as the JDK's JarFile finds them). */
  private static final Pattern SIGNATURE_BLOCK = Pattern.compile("META-INF/[^/]+\\.(RSA|DSA|EC)");

  public ClassPathScan {
    references = Collections.unmodifiableMap(references);
    strings = Collections.unmodifiableMap(strings);
    memberRefs = Collections.unmodifiableMap(memberRefs);
    services = Collections.unmodifiableMap(services);
    defined = Collections.unmodifiableMap(defined);
    signatures = Collections.unmodifiableMap(signatures);
    requires = Collections.unmodifiableMap(requires);
  }

  public static ClassPathScan of(List<Path> classPath) {
    Collector c = new Collector(new LinkedHashMap<>(), new LinkedHashMap<>(), new TreeMap<>(), new LinkedHashMap<>(),
        new HashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
    for (Path p : classPath) {
      try {
        if (Files.isDirectory(p)) {
          c.directory(p);
        } else if (Files.isRegularFile(p)) {
          c.jar(p);
        }
      } catch (IOException e) {
        throw new HermitException("cannot read " + p + ": " + e.getMessage());
      }
    }
    return c.result();
  }

  /** The same scan with more strings (each to where it was found), as if a class held them. */
  ClassPathScan withStrings(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(strings);
    more.forEach(all::putIfAbsent);
    return new ClassPathScan(references, all, memberRefs, services, defined, signatures, requires);
  }

  /** Whether any referenced class starts with this internal-name prefix ({@code javax/net/ssl/}). */
  public boolean refersTo(String prefix) {
    return referrer(prefix) != null;
  }

  /**
   * The first class, in class-path order, that refers to a class starting with this prefix, as "{@code a.Main
   * (app.jar)}"; null if none does.
   */
  public String referrer(String prefix) {
    for (Map.Entry<String, String> r : references.entrySet()) {
      if (r.getKey().startsWith(prefix)) {
        return r.getValue();
      }
    }
    return null;
  }

  /** Whether a class of this internal name ({@code bsh/Interpreter}) is on the class path itself. */
  public boolean defines(String className) {
    return defined.containsKey(className);
  }

  /** Whether any string constant equals one of these, ignoring case. */
  public boolean hasString(Set<String> lowerCaseValues) {
    for (String s : strings.keySet()) {
      if (lowerCaseValues.contains(s.toLowerCase(java.util.Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private record Collector(Map<String, String> references, Map<String, String> strings,
      Map<String, String> memberRefs, Map<String, String> services, Map<String, String> defined,
      Map<String, String> signatures, Map<String, String> requires) {

    void directory(Path dir) throws IOException {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
          String name = dir.relativize(f).toString().replace('\\', '/');
          if (isClass(name)) {
            add(Files.readAllBytes(f), dir.getFileName().toString());
          } else if (name.endsWith("module-info.class")) {
            module(Files.readAllBytes(f), dir.getFileName() + "/" + name);
          } else if (name.startsWith("META-INF/services/")) {
            try (InputStream in = Files.newInputStream(f)) {
              service(name, dir.getFileName() + "/" + name, in);
            }
          }
        }
      }
    }

    void jar(Path jar) throws IOException {
      String where = jar.getFileName().toString();
      // Not verified: a signed jar's signatures are the JVM's to check when it loads the classes; digesting every
      // entry here cost a signed jar (Bouncy Castle's) as much as reading it.
      try (JarFile j = new JarFile(jar.toFile(), false)) {
        for (JarEntry e : (Iterable<JarEntry>) j.stream()::iterator) {
          String name = e.getName();
          if (isClass(name)) {
            try (InputStream in = j.getInputStream(e)) {
              add(in.readAllBytes(), where);
            }
          } else if (name.endsWith("module-info.class")) {
            try (InputStream in = j.getInputStream(e)) {
              module(in.readAllBytes(), where + "!/" + name);
            }
          } else if (name.startsWith("META-INF/services/") && !e.isDirectory()) {
            try (InputStream in = j.getInputStream(e)) {
              service(name, where + "!/" + name, in);
            }
          } else if (SIGNATURE_BLOCK.matcher(name).matches()) {
            signatures.putIfAbsent(name.substring(name.lastIndexOf('.') + 1), where);
          }
        }
      }
    }

    /**
     * A class file: {@code .class}, or {@code .classdata}, {@code .esclazz} or {@code .SCL.lombok}, the names under
     * which Java agents and tools hide the classes their own class loader defines from the application's (the
     * OpenTelemetry agent keeps 13,000 under {@code inst/}, Elastic APM's under {@code agent/}; Lombok 789 of its 968,
     * delombok's javac host among them, whose runtime was 7 modules: sources naming java.sql did not resolve). They
     * use java.management, javac and more, which nothing else of them names. Bytes that are no class file are skipped.
     */
    private static boolean isClass(String name) {
      return name.endsWith(".class") && !name.endsWith("module-info.class") || name.endsWith(".classdata")
          || name.endsWith(".esclazz") || name.endsWith(".SCL.lombok");
    }

    /**
     * A module declaration: the modules it requires, which a run on the module path resolves, and which an app may
     * reach only by a name built at run time (module-info's {@code requires jdk.httpserver}, the class loaded by name).
     */
    private void module(byte[] bytes, String where) {
      ModuleInfo.requires(bytes).forEach(m -> requires.putIfAbsent(m, where));
    }

    /** The file names a service interface; its lines name implementations, where a JDK class is a provider. */
    private void service(String entry, String where, InputStream in) throws IOException {
      services.putIfAbsent(entry.substring("META-INF/services/".length()), where);
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      r.lines().map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty())
          .forEach(l -> strings.putIfAbsent(l, where));
    }

    private void add(byte[] bytes, String where) {
      ClassFile cf = ClassFile.parse(bytes);
      if (cf == null) {
        return;
      }
      defined.putIfAbsent(cf.name(), where);
      String from = cf.name().replace('/', '.') + " (" + where + ")";
      for (String r : new TreeSet<>(cf.referencedClasses())) {
        if (!IgnoredReferences.reference(cf.name(), r)) {
          references.putIfAbsent(r, from);
        }
      }
      // a denylist's class names are what it refuses to load
      List<String> named = IgnoredReferences.strings(cf.name()) ? List.of() : List.copyOf(new TreeSet<>(cf.strings()));
      for (String s : named) {
        if (s.length() < 200 && QUALIFIED.matcher(s).matches()) {
          strings.putIfAbsent(s, from);
        } else if (s.length() < 40 || s.startsWith("com.sun.management:type=")) {
          // short words: charset names, algorithm names, URL schemes; the JDK's MBeans' ObjectNames
          strings.putIfAbsent(s, from);
        }
      }
      for (String m : cf.memberRefs()) {
        if (JDK_PREFIXES.stream().anyMatch(m::startsWith) && !IgnoredReferences.reference(cf.name(), m)) {
          memberRefs.putIfAbsent(m, from);
        }
      }
    }

    ClassPathScan result() {
      return new ClassPathScan(references, strings, memberRefs, services, defined, signatures, requires);
    }
  }
}
