package dev.hermit.app;

import dev.hermit.JdkException;
import dev.hermit.HermitException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Whether a runtime can load an app's classes: a JVM of feature version N loads class files up to major version
 * 44 + N, and preview class files (minor 0xFFFF) only of exactly N. The first pass reads the first 8 bytes of each
 * class (magic, minor, major) in jars, directories and the jars nested in Spring Boot jars and wars.
 *
 * <p>Multi-release jars: a runtime reads {@code META-INF/versions/V/} only when the jar says {@code Multi-Release:
 * true} and V is at most its own feature version, so only those directories count.
 *
 * <p>Some libraries ship a few classes for a newer Java outside those directories and load them by name only when
 * the runtime is new enough (JLine 3.26's FFM terminal, Java 22, beside Java 8 classes). So when the first pass finds
 * classes that are too new, a second pass (rare, so it may read whole classes) refuses only those the runtime would
 * load anyway: the main class, a {@code module-info}, a class named in {@code META-INF/services} or in a
 * configuration file of the app (Ktor's application.conf modules), or one that a loadable class refers to. The others
 * are reported, not refused.
 */
public final class ClassVersions {
  private static final String VERSIONS = "META-INF/versions/";
  private static final String SERVICES = "META-INF/services/";

  /** A class the runtime cannot load. {@code where} names the jar or directory, with the outer jar for nested ones. */
  public record Offender(String className, String where, int major, int minor) {
    /** The Java feature version the class was compiled for (major 69 is Java 25). */
    public int javaVersion() {
      return major - 44;
    }

    public boolean preview() {
      return minor == 0xFFFF;
    }

    /** Whether a runtime of this feature version loads the class (a preview class: only that very version). */
    boolean loadableBy(int runtime) {
      return preview() ? javaVersion() == runtime : javaVersion() <= runtime;
    }

    /**
     * The class's internal name, e.g. {@code a/B} for {@code META-INF/versions/21/a/B.class} or
     * {@code BOOT-INF/classes/a/B.class}.
     */
    String internalName() {
      String app = EntryClasses.appClass(className);
      if (app != null) {
        return app;
      }
      String n = className.substring(0, className.length() - ".class".length());
      if (n.startsWith(VERSIONS)) {
        n = n.substring(n.indexOf('/', VERSIONS.length()) + 1);
      }
      return n;
    }
  }

  /** Thrown when a class needs a newer runtime; carries the offending class. */
  public static final class TooNewException extends JdkException {
    private static final long serialVersionUID = 1L;
    private final transient Offender offender;

    TooNewException(Offender o, int runtime) {
      super(o.className() + " in " + o.where() + " is compiled for Java " + o.javaVersion()
          + (o.preview() ? " with preview features" : "") + " (class file version " + o.major() + "."
          + o.minor() + "), but the runtime is Java " + runtime + ": link with a JDK " + o.javaVersion()
          + (o.preview() ? "" : " or newer"), null);
      this.offender = o;
    }

    public Offender offender() {
      return offender;
    }
  }

  /** Sees each class the runtime could load: its entry name, where it is, and its bytes. */
  private interface Visitor {
    void visit(String name, String where, InputStream in) throws IOException;
  }

  private final int runtime;
  /** Per jar of no Multi-Release attribute, the version N of each class under META-INF/versions/N/ it holds. */
  private final Map<String, List<Integer>> ignored = new LinkedHashMap<>();

  private ClassVersions(int runtime) {
    this.runtime = runtime;
  }

  /**
   * The version header of every class on a class path that some runtime would load, with the lowest feature
   * version that reads it from there (0, or N for {@code META-INF/versions/N/} of a multi-release jar): read once,
   * then asked for each runtime a build considers (it tries 17, 21 and 25 in turn, then checks the one it links).
   */
  public static final class Headers {
    private final List<Path> classPath;
    private final List<Versioned> classes = new ArrayList<>();
    /** Per jar of no Multi-Release attribute, the N of each class under its META-INF/versions/N/. */
    private final Map<String, List<Integer>> ignored = new LinkedHashMap<>();

    /** A class's header, and the lowest feature version that reads it from where it is. */
    private record Versioned(Offender header, int release) {}

    private Headers(List<Path> classPath) {
      this.classPath = List.copyOf(classPath);
    }

    /**
     * Reads the first 8 bytes of every class file on the class path (nested library jars included) that a run on
     * the class path loads: not a module-info.class, which java reads only from the module path (vnu.jar's, compiled
     * for Java 25 beside classes for 11, made every build Java 25's, and {@code --java 17} was refused).
     */
    public static Headers read(List<Path> classPath) {
      return read(classPath, false);
    }

    /** {@link #read(List)}, for a run on the module path ({@code java -p PATH -m MODULE}) when {@code modules}. */
    public static Headers read(List<Path> classPath, boolean modules) {
      Headers h = new Headers(classPath);
      ClassVersions reader = new ClassVersions(Integer.MAX_VALUE);
      reader.walk(classPath, (name, where, in) -> {
        Offender o = header(name, where, in);
        if (o != null && (modules || !o.internalName().equals("module-info"))) {
          h.classes.add(new Versioned(o, release(name)));
        }
      });
      h.ignored.putAll(reader.ignored);
      return h;
    }

    /**
     * A warning for each jar with classes only under {@code META-INF/versions/N/} (N up to {@code runtime}) but no
     * {@code Multi-Release: true}: every runtime ignores them, as java does. A jar that merged multi-release
     * libraries (maven-assembly's jar-with-dependencies) loses the attribute, and Lucene 9 then fails on Java 21
     * ("MemorySegmentIndexInputProvider is missing in Lucene JAR file").
     */
    public List<String> ignoredVersionedClasses(int runtime) {
      List<String> out = new ArrayList<>();
      ignored.forEach((where, releases) -> {
        List<Integer> apply = releases.stream().filter(r -> r <= runtime).toList();
        if (!apply.isEmpty()) {
          java.util.IntSummaryStatistics v = apply.stream().mapToInt(Integer::intValue).summaryStatistics();
          out.add(where + " holds " + apply.size() + (apply.size() == 1 ? " class" : " classes")
              + " only under META-INF/versions/ (for Java " + (v.getMin() == v.getMax() ? v.getMin() + ""
              : v.getMin() + " to " + v.getMax()) + ") but its manifest lacks 'Multi-Release: true': the runtime "
              + "ignores them, as java does, and code that needs them fails (a jar that merged multi-release "
              + "libraries loses the attribute; add it to the manifest)");
        }
      });
      return out;
    }

    /**
     * The first class a runtime of this feature version would load that uses its preview features (compiled with
     * {@code --enable-preview}): java runs it only with {@code --enable-preview}, else "Preview features are not
     * enabled".
     */
    public java.util.Optional<Offender> preview(int runtime) {
      return classes.stream().filter(c -> c.release() <= runtime && c.header().preview()
          && c.header().loadableBy(runtime)).map(Versioned::header).findFirst();
    }

    /** Every class a runtime of this feature version would load but cannot, in class-path order. */
    List<Offender> tooNew(int runtime) {
      List<Offender> out = new ArrayList<>();
      for (Versioned c : classes) {
        Offender o = c.header();
        if (c.release() <= runtime && !o.loadableBy(runtime)) {
          out.add(o);
        }
      }
      return out;
    }

    /**
     * The code bases (classes grouped by their first two package names: {@code com/example}, {@code org/jline};
     * a one-name package is its own) of which a runtime of this feature version can load no class at all: an app or
     * a library compiled for a newer Java as a whole, whose classes a framework loads by name (Camel's package scan,
     * a Ktor module, a servlet), where a library that keeps a few classes for newer runtimes beside older ones
     * (JLine's Java 22 terminal beside its Java 8 classes) loads those only when it can.
     */
    Set<String> wholeCodeBasesTooNew(int runtime) {
      Map<String, Boolean> allTooNew = new java.util.HashMap<>();
      for (Versioned c : classes) {
        if (c.release() > runtime) {
          continue;
        }
        Offender o = c.header();
        allTooNew.merge(codeBase(o.internalName()), !o.loadableBy(runtime), Boolean::logicalAnd);
      }
      Set<String> out = new HashSet<>();
      allTooNew.forEach((base, all) -> {
        if (all) {
          out.add(base);
        }
      });
      return out;
    }
  }

  /** A class's code base: its first two package names, or its one package, or (default package) the class. */
  static String codeBase(String internalName) {
    int last = internalName.lastIndexOf('/');
    if (last < 0) {
      return internalName;
    }
    String pkg = internalName.substring(0, last);
    int first = pkg.indexOf('/');
    int second = first < 0 ? -1 : pkg.indexOf('/', first + 1);
    return second < 0 ? pkg : pkg.substring(0, second);
  }

  /**
   * Stops the build when a class the runtime would load cannot run on a runtime of feature version {@code runtime};
   * tells {@code warn} about too-new classes that nothing loads unless asked by name.
   */
  public static void requireLoadable(List<Path> classPath, String mainClass, int runtime, Consumer<String> warn) {
    requireLoadable(Headers.read(classPath), mainClass, runtime, warn);
  }

  /** {@link #requireLoadable(List, String, int, Consumer)} with the class path's headers already read. */
  public static void requireLoadable(Headers headers, String mainClass, int runtime, Consumer<String> warn) {
    requireLoadable(headers, mainClass == null ? List.of() : List.of(mainClass.replace('.', '/')), runtime, warn);
  }

  /**
   * {@link #requireLoadable(List, String, int, Consumer)} for a run that starts from these classes (internal
   * names: the main class and what its launcher loads by name, {@link EntryClasses}).
   */
  public static void requireLoadable(Headers headers, java.util.Collection<String> entryClasses, int runtime,
      Consumer<String> warn) {
    ClassVersions v = new ClassVersions(runtime);
    List<Offender> tooNew = headers.tooNew(runtime);
    if (tooNew.isEmpty()) {
      return;
    }
    Set<String> loaded = v.loadedByName(headers.classPath, tooNew);
    loaded.addAll(entryClasses);
    Set<String> wholeBases = headers.wholeCodeBasesTooNew(runtime);
    Comparator<Offender> newest = Comparator.comparingInt(Offender::major).reversed();
    // a top-level class names the refusal where one is as new as the newest (not demo/ApplicationKt$module$2$1)
    Comparator<Offender> named = newest.thenComparing(o -> o.className().contains("$"));
    tooNew.stream().filter(o -> o.internalName().equals("module-info") || loaded.contains(o.internalName())
        || wholeBases.contains(codeBase(o.internalName()))).min(named).ifPresent(o -> {
          throw new TooNewException(o, runtime);
        });
    Map<String, List<Offender>> byJar = new LinkedHashMap<>();
    tooNew.forEach(o -> byJar.computeIfAbsent(o.where(), k -> new ArrayList<>()).add(o));
    byJar.forEach((where, list) -> {
      Offender top = list.stream().min(named).orElseThrow();
      warn.accept(where + " holds " + list.size() + (list.size() == 1 ? " class" : " classes") + " compiled for Java "
          + top.javaVersion() + " (e.g. " + top.className() + ") that no class refers to: left in, as a Java "
          + runtime + " runtime loads them only if the app asks for them by name");
    });
  }

  /** Every class on the class path that a runtime of this feature version cannot load, in class-path order. */
  public static List<Offender> unloadable(List<Path> classPath, int runtime) {
    return Headers.read(classPath).tooNew(runtime);
  }

  /** The feature version from which a counted entry is read: N under META-INF/versions/N/, else 0. */
  private static int release(String name) {
    return name.startsWith(VERSIONS) ? Integer.parseInt(name.substring(VERSIONS.length(),
        name.indexOf('/', VERSIONS.length()))) : 0;
  }

  /** Of the too-new classes, those a loadable class refers to or a services file names. */
  private Set<String> loadedByName(List<Path> classPath, List<Offender> tooNew) {
    Set<String> wanted = new HashSet<>();
    Set<String> skip = new HashSet<>();
    for (Offender o : tooNew) {
      wanted.add(o.internalName());
      skip.add(o.where() + "!" + o.className());
    }
    Set<String> found = new HashSet<>();
    walk(classPath, (name, where, in) -> {
      if (skip.contains(where + "!" + name)) {
        return;
      }
      ClassFile cf = ClassFile.parse(in.readAllBytes());
      if (cf != null) {
        cf.referencedClasses().stream().filter(wanted::contains).forEach(found::add);
      }
    });
    walkServices(classPath, line -> {
      String n = line.replace('.', '/');
      if (wanted.contains(n)) {
        found.add(n);
      }
    });
    walkConfiguration(classPath, text -> {
      java.util.regex.Matcher m = DOTTED.matcher(text);
      while (m.find()) { // demo.ApplicationKt.module names demo.ApplicationKt: each dotted prefix is a candidate
        String n = m.group().replace('.', '/');
        for (int end = n.length(); end > 0; end = n.lastIndexOf('/', end - 1)) {
          if (wanted.contains(n.substring(0, end))) {
            found.add(n.substring(0, end));
            break;
          }
        }
      }
    });
    return found;
  }

  /** A dotted Java name with at least one dot, as configuration files name classes. */
  private static final java.util.regex.Pattern DOTTED =
      java.util.regex.Pattern.compile("[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)+");
  /** The files in which apps name their own classes for a framework to load (Ktor's application.conf modules). */
  private static final List<String> CONFIGURATION = List.of(".conf", ".yaml", ".yml", ".properties", ".xml",
      ".json", ".toml");
  private static final int CONFIGURATION_MAX = 1 << 20;

  /**
   * The text of each configuration file of the app's jars and directories, outside META-INF (a library's provider
   * lists there, such as JLine's for its Java 22 terminal, name classes it loads only when the runtime can): Ktor's
   * EngineMain loads the modules its application.conf names, so an app whose classes are compiled for Java 21 needs
   * a Java 21 runtime though no class refers to them. Library jars nested in a Spring Boot jar are not read.
   */
  private static void walkConfiguration(List<Path> classPath, Consumer<String> text) {
    for (Path p : classPath) {
      try {
        if (Files.isDirectory(p)) {
          try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
              String rel = p.relativize(f).toString();
              if (isConfiguration(rel) && Files.size(f) <= CONFIGURATION_MAX) {
                text.accept(Files.readString(f, StandardCharsets.ISO_8859_1));
              }
            }
          }
        } else if (Files.isRegularFile(p)) {
          try (JarFile jar = new JarFile(p.toFile(), false)) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
              JarEntry e = entries.nextElement();
              if (isConfiguration(e.getName()) && e.getSize() <= CONFIGURATION_MAX) {
                entry(e.getName(), () -> {
                  try (InputStream in = jar.getInputStream(e)) {
                    text.accept(new String(in.readNBytes(CONFIGURATION_MAX), StandardCharsets.ISO_8859_1));
                  }
                });
              }
            }
          }
        }
      } catch (IOException | UncheckedIOException e) {
        throw unreadable(p, e);
      }
    }
  }

  private static boolean isConfiguration(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    return !lower.startsWith("meta-inf/") && !lower.endsWith("/") && CONFIGURATION.stream().anyMatch(lower::endsWith);
  }

  private void walk(List<Path> classPath, Visitor v) {
    for (Path p : classPath) {
      try {
        if (Files.isDirectory(p)) {
          directory(p, v);
        } else if (Files.isRegularFile(p)) {
          try (JarFile jar = new JarFile(p.toFile(), false)) {
            jar(jar, p.getFileName().toString(), v);
          }
        }
      } catch (IOException | UncheckedIOException e) {
        throw unreadable(p, e);
      }
    }
  }

  private static void directory(Path dir, Visitor v) throws IOException {
    // A directory on the class path is never multi-release: classes under META-INF/ are not loadable by name.
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        String name = dir.relativize(f).toString();
        if (!name.startsWith("META-INF/")) {
          try (InputStream in = Files.newInputStream(f)) {
            v.visit(name, dir.toString(), in);
          }
        }
      }
    }
  }

  private void jar(JarFile jar, String where, Visitor v) throws IOException {
    boolean multiRelease = multiRelease(jar.getManifest());
    Set<String> names = new HashSet<>();
    List<String> versioned = new ArrayList<>();
    Enumeration<JarEntry> entries = jar.entries();
    while (entries.hasMoreElements()) {
      JarEntry e = entries.nextElement();
      String name = e.getName();
      names.add(name);
      if (isNestedLibrary(name)) {
        byte[] nested = entry(name, () -> {
          try (InputStream in = jar.getInputStream(e)) {
            return in.readAllBytes();
          }
        });
        entry(name, () -> nested(nested, name + " in " + where, v));
      } else if (counts(name, multiRelease)) {
        entry(name, () -> {
          try (InputStream in = jar.getInputStream(e)) {
            v.visit(name, where, in);
          }
        });
      } else if (!multiRelease) {
        versioned.add(name);
      }
    }
    noteIgnored(versioned, names, where);
  }

  /** A nested jar is read twice from memory: once for its manifest, once for its classes. */
  private void nested(byte[] jar, String where, Visitor v) throws IOException {
    boolean multiRelease = false;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (e.getName().equals(JarFile.MANIFEST_NAME)) {
          multiRelease = multiRelease(new Manifest(zip));
          break;
        }
      }
    }
    Set<String> names = new HashSet<>();
    List<String> versioned = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        names.add(e.getName());
        if (counts(e.getName(), multiRelease)) {
          v.visit(e.getName(), where, zip);
        } else if (!multiRelease) {
          versioned.add(e.getName());
        }
      }
    }
    noteIgnored(versioned, names, where);
  }

  /** The lines of every {@code META-INF/services} file (provider class names), nested jars included. */
  private static void walkServices(List<Path> classPath, Consumer<String> line) {
    for (Path p : classPath) {
      if (!Files.isRegularFile(p)) {
        continue;
      }
      try (JarFile jar = new JarFile(p.toFile(), false)) {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          JarEntry e = entries.nextElement();
          if (isServices(e.getName())) {
            entry(e.getName(), () -> {
              try (InputStream in = jar.getInputStream(e)) {
                services(in, line);
              }
            });
          } else if (isNestedLibrary(e.getName())) {
            entry(e.getName(), () -> {
              try (ZipInputStream zip = new ZipInputStream(jar.getInputStream(e))) {
                for (ZipEntry n; (n = zip.getNextEntry()) != null; ) {
                  if (isServices(n.getName())) {
                    services(zip, line);
                  }
                }
              }
            });
          }
        }
      } catch (IOException e) {
        throw unreadable(p, e);
      }
    }
  }

  /** Reading one entry: what the inflater or the CRC check rejects is that entry's damage, named with it. */
  private interface EntryRead<T> {
    T read() throws IOException;
  }

  private interface EntryWork {
    void run() throws IOException;
  }

  private static <T> T entry(String name, EntryRead<T> read) throws IOException {
    try {
      return read.read();
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw e instanceof DamagedEntry ? e : new DamagedEntry(name, e);
    }
  }

  private static void entry(String name, EntryWork work) throws IOException {
    entry(name, () -> {
      work.run();
      return null;
    });
  }

  /** An entry whose stored bytes do not decode: the jar's directory is whole, its data is not. */
  private static final class DamagedEntry extends java.util.zip.ZipException {
    private static final long serialVersionUID = 1L;
    final String entry;

    DamagedEntry(String entry, IOException cause) {
      super(cause.getMessage());
      this.entry = entry;
      initCause(cause);
    }
  }

  private static HermitException unreadable(Path p, Exception e) {
    if (e instanceof DamagedEntry d) {
      return ClassPathEntries.damagedEntry(p, d.entry, d);
    }
    return new HermitException("cannot read " + p + " to check its class versions: " + e.getMessage());
  }

  private static boolean isServices(String name) {
    return name.startsWith(SERVICES) && name.indexOf('/', SERVICES.length()) < 0 && name.length() > SERVICES.length();
  }

  private static void services(InputStream in, Consumer<String> line) throws IOException {
    for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
      int hash = l.indexOf('#');
      String name = (hash >= 0 ? l.substring(0, hash) : l).strip();
      if (!name.isEmpty()) {
        line.accept(name);
      }
    }
  }

  private static boolean isNestedLibrary(String name) {
    return name.endsWith(".jar") && NestedJars.LIBRARY_DIRS.stream().anyMatch(name::startsWith);
  }

  /**
   * The classes under META-INF/versions/N/ of a jar that is not multi-release whose class the jar lacks outside
   * that directory: code that expects them there fails without them (Lucene 9's MemorySegmentIndexInputProvider on
   * Java 21). A versioned copy of a class the jar also has is only an optimisation lost, and is not named (shaded
   * jars of Micronaut's usual setup hold several). A module-info does not count.
   */
  private void noteIgnored(List<String> entries, Set<String> names, String where) {
    for (String name : entries) {
      if (!name.startsWith(VERSIONS) || !name.endsWith(".class") || name.endsWith("/module-info.class")) {
        continue;
      }
      int slash = name.indexOf('/', VERSIONS.length());
      try {
        int n = Integer.parseInt(name.substring(VERSIONS.length(), slash));
        if (!names.contains(name.substring(slash + 1))) {
          ignored.computeIfAbsent(where, k -> new ArrayList<>()).add(n);
        }
      } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
        // META-INF/versions/notanumber/...: no runtime reads it, multi-release or not
      }
    }
  }

  /** Whether the runtime would ever load this entry as a class. */
  private boolean counts(String name, boolean multiRelease) {
    if (!name.endsWith(".class")) {
      return false;
    }
    if (!name.startsWith(VERSIONS)) {
      return true;
    }
    if (!multiRelease) {
      return false;
    }
    int slash = name.indexOf('/', VERSIONS.length());
    try {
      return slash > 0 && Integer.parseInt(name.substring(VERSIONS.length(), slash)) <= runtime;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean multiRelease(Manifest m) {
    return m != null && "true".equalsIgnoreCase(m.getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE));
  }

  /** The version of a class file; null for an entry that is not one (the JVM would never define it). */
  private static Offender header(String name, String where, InputStream in) throws IOException {
    return header(name, where, in.readNBytes(8));
  }

  /** The version in a class file's first bytes (8 are enough); null when they are not a class file's. */
  static Offender header(String name, String where, byte[] h) {
    if (h.length < 8 || (h[0] & 0xff) != 0xCA || (h[1] & 0xff) != 0xFE || (h[2] & 0xff) != 0xBA
        || (h[3] & 0xff) != 0xBE) {
      return null;
    }
    int minor = (h[4] & 0xff) << 8 | (h[5] & 0xff);
    int major = (h[6] & 0xff) << 8 | (h[7] & 0xff);
    return new Offender(name, where, major, minor);
  }
}
