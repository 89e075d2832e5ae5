package dev.hermit.links;

import dev.hermit.HermitException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The classes of an application's class path as one runtime would load them: directories, jars, the library jars
 * nested in Spring Boot jars and wars, and in multi-release jars the newest version of each class that the
 * runtime's feature version applies to. Read and parsed once, for every check of a build that reads them for that
 * version (the Java version's choice, then the link check): each read inflates and parses every class again.
 */
public final class AppClasses {
  /** Where Spring Boot jars and wars keep their library jars (the same list as module analysis reads). */
  static final List<String> NESTED_LIBRARY_DIRS = List.of("BOOT-INF/lib/", "WEB-INF/lib/", "WEB-INF/lib-provided/");
  private static final String VERSIONS = "META-INF/versions/";

  private final int feature;
  private final List<ClassInfo> classes;

  private AppClasses(int feature, List<ClassInfo> classes) {
    this.feature = feature;
    this.classes = classes;
  }

  /** Reads the class path's classes as a runtime of this feature version loads them. */
  public static AppClasses read(List<Path> classPath, int feature) {
    Reading r = new Reading(feature);
    try {
      for (Path p : classPath) {
        if (Files.isDirectory(p)) {
          try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.filter(x -> x.toString().endsWith(".class")).sorted().toList()) {
              if (!f.getFileName().toString().equals("module-info.class")) {
                r.add(Files.readAllBytes(f));
              }
            }
          }
        } else if (Files.isRegularFile(p)) {
          readJar(p, feature, r);
        }
      }
    } catch (IOException e) {
      throw new HermitException("the link check cannot read the app's classes: " + e.getMessage(), e);
    }
    return new AppClasses(feature, List.copyOf(r.classes));
  }

  /** A reader that reads the class path once per feature version asked for, and hands out that read after. */
  public static IntFunction<AppClasses> reader(List<Path> classPath) {
    Map<Integer, AppClasses> read = new HashMap<>();
    return feature -> read.computeIfAbsent(feature, f -> read(classPath, f));
  }

  /** The feature version the classes were read for. */
  public int feature() {
    return feature;
  }

  /** Every class, in class-path order (a class of a name already seen included: the check reads each). */
  List<ClassInfo> classes() {
    return classes;
  }

  /** The classes parsed so far, and their names, each kept once. */
  private static final class Reading {
    final List<ClassInfo> classes = new ArrayList<>();
    final Map<String, String> names = new HashMap<>();
    final int feature;

    Reading(int feature) {
      this.feature = feature;
    }

    /**
     * A class a runtime of this feature version cannot load (compiled for a newer Java) is not read: it never runs
     * there, ClassVersions has reported it, and its references would only be a link warning to give a --java that
     * still cannot load it (JLine's Java 22 FFM terminal beside its Java 8 classes).
     */
    void add(byte[] bytes) {
      if (bytes.length >= 8) {
        int minor = (bytes[4] & 0xff) << 8 | (bytes[5] & 0xff);
        int major = (bytes[6] & 0xff) << 8 | (bytes[7] & 0xff);
        if (minor == 0xFFFF ? major != 44 + feature : major > 44 + feature) {
          return;
        }
      }
      ClassInfo c = ClassInfo.parseReferences(bytes, names);
      if (c != null) {
        classes.add(c);
      }
    }
  }

  private static void readJar(Path jar, int feature, Reading r) throws IOException {
    try (JarFile j = new JarFile(jar.toFile(), false)) {
      List<String> names = j.stream().map(ZipEntry::getName).toList();
      for (String entry : select(names, j.isMultiRelease(), feature).values()) {
        try (InputStream in = j.getInputStream(j.getEntry(entry))) {
          r.add(in.readAllBytes());
        }
      }
      for (String n : names) {
        if (n.endsWith(".jar") && NESTED_LIBRARY_DIRS.stream().anyMatch(n::startsWith)) {
          try (InputStream in = j.getInputStream(j.getEntry(n))) {
            readNested(in, feature, r);
          }
        }
      }
    }
  }

  /** A jar inside a jar, read as a stream: its classes are held in memory to pick the versions to check. */
  private static void readNested(InputStream jar, int feature, Reading r) throws IOException {
    Map<String, byte[]> classes = new HashMap<>();
    boolean multiRelease = false;
    try (ZipInputStream z = new ZipInputStream(jar)) {
      for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
        if (e.getName().endsWith(".class")) {
          classes.put(e.getName(), z.readAllBytes());
        } else if (e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
          String v = new Manifest(new ByteArrayInputStream(z.readAllBytes())).getMainAttributes()
              .getValue("Multi-Release");
          multiRelease = "true".equalsIgnoreCase(v == null ? null : v.trim());
        }
      }
    }
    for (String entry : select(classes.keySet(), multiRelease, feature).values()) {
      r.add(classes.get(entry));
    }
  }

  /**
   * The entry a runtime of this feature version loads for each class of a jar, keyed by the class's path: in a
   * multi-release jar the one under the highest {@code META-INF/versions/N} with N <= feature, else the base one;
   * elsewhere the base one only (the JVM ignores {@code META-INF/versions} there). module-info is no class to check.
   */
  static Map<String, String> select(Collection<String> entries, boolean multiRelease, int feature) {
    Map<String, String> chosen = new TreeMap<>();
    Map<String, Integer> version = new HashMap<>();
    for (String e : entries) {
      if (!e.endsWith(".class") || e.endsWith("module-info.class")) {
        continue;
      }
      if (!e.startsWith("META-INF/")) {
        chosen.putIfAbsent(e, e);
        version.putIfAbsent(e, 0);
        continue;
      }
      if (!multiRelease || !e.startsWith(VERSIONS)) {
        continue;
      }
      int slash = e.indexOf('/', VERSIONS.length());
      int n;
      try {
        n = Integer.parseInt(e.substring(VERSIONS.length(), slash));
      } catch (NumberFormatException | IndexOutOfBoundsException x) {
        continue;
      }
      String path = e.substring(slash + 1);
      if (n <= feature && n > version.getOrDefault(path, -1)) {
        chosen.put(path, e);
        version.put(path, n);
      }
    }
    return chosen;
  }
}
