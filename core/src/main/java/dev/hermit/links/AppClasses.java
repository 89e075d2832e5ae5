package dev.hermit.links;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The classes of an application's class path as one runtime would load them: directories, jars, the library jars
 * nested in Spring Boot jars and wars, and in multi-release jars the newest version of each class that the
 * runtime's feature version applies to.
 */
final class AppClasses {
  /** Where Spring Boot jars and wars keep their library jars (the same list as module analysis reads). */
  static final List<String> NESTED_LIBRARY_DIRS = List.of("BOOT-INF/lib/", "WEB-INF/lib/", "WEB-INF/lib-provided/");
  private static final String VERSIONS = "META-INF/versions/";

  private AppClasses() {}

  /** Calls back with (where it came from, the class) for every class a runtime of this feature version loads. */
  static void forEach(List<Path> classPath, int feature, BiConsumer<String, ClassInfo> action) throws IOException {
    for (Path p : classPath) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          for (Path f : s.filter(x -> x.toString().endsWith(".class")).sorted().toList()) {
            if (!f.getFileName().toString().equals("module-info.class")) {
              accept(p.getFileName().toString(), Files.readAllBytes(f), action);
            }
          }
        }
      } else if (Files.isRegularFile(p)) {
        readJar(p, feature, action);
      }
    }
  }

  private static void readJar(Path jar, int feature, BiConsumer<String, ClassInfo> action) throws IOException {
    String origin = jar.getFileName().toString();
    try (JarFile j = new JarFile(jar.toFile(), false)) {
      List<String> names = j.stream().map(ZipEntry::getName).toList();
      for (String entry : select(names, j.isMultiRelease(), feature).values()) {
        try (InputStream in = j.getInputStream(j.getEntry(entry))) {
          accept(origin, in.readAllBytes(), action);
        }
      }
      for (String n : names) {
        if (n.endsWith(".jar") && NESTED_LIBRARY_DIRS.stream().anyMatch(n::startsWith)) {
          try (InputStream in = j.getInputStream(j.getEntry(n))) {
            readNested(origin + "!/" + n, in, feature, action);
          }
        }
      }
    }
  }

  /** A jar inside a jar, read as a stream: its classes are held in memory to pick the versions to check. */
  private static void readNested(String origin, InputStream jar, int feature, BiConsumer<String, ClassInfo> action)
      throws IOException {
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
      accept(origin, classes.get(entry), action);
    }
  }

  private static void accept(String origin, byte[] bytes, BiConsumer<String, ClassInfo> action) {
    ClassInfo c = ClassInfo.parseReferences(bytes);
    if (c != null) {
      action.accept(origin, c);
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
