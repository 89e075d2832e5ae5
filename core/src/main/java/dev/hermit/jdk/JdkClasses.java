package dev.hermit.jdk;

import dev.hermit.HermitException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Which module of a JDK holds each class and package, read from the JDK itself: its {@code jmods} when it has them,
 * else its {@code lib/modules} image through the jrt file system (JEP 493 JDKs). Names are internal
 * ({@code java/sql/Driver}, {@code java/sql}).
 */
public final class JdkClasses {
  private final Map<String, String> classModule;
  private final Map<String, String> packageModule;
  private final Set<String> modules;

  private JdkClasses(Map<String, String> classModule, Map<String, String> packageModule, Set<String> modules) {
    this.classModule = classModule;
    this.packageModule = packageModule;
    this.modules = Collections.unmodifiableSet(modules);
  }

  public static JdkClasses of(Jdk jdk) {
    Map<String, String> classes = new HashMap<>();
    Set<String> modules = new TreeSet<>();
    try {
      if (jdk.hasJmods()) {
        readJmods(jdk.jmods(), classes, modules);
      } else {
        readImage(jdk.home(), classes, modules);
      }
    } catch (IOException | RuntimeException e) {
      throw new HermitException("cannot list the classes of the JDK at " + jdk.home() + ": " + e.getMessage());
    }
    Map<String, String> packages = new HashMap<>();
    classes.forEach((c, m) -> {
      int slash = c.lastIndexOf('/');
      if (slash > 0) {
        packages.put(c.substring(0, slash), m);
      }
    });
    return new JdkClasses(classes, packages, modules);
  }

  private static void readJmods(Path jmods, Map<String, String> classes, Set<String> modules) throws IOException {
    try (Stream<Path> s = Files.list(jmods)) {
      for (Path jmod : s.filter(p -> p.toString().endsWith(".jmod")).sorted().toList()) {
        String module = jmod.getFileName().toString().replaceFirst("\\.jmod$", "");
        modules.add(module);
        try (ZipFile z = new ZipFile(jmod.toFile())) {
          z.stream().map(ZipEntry::getName)
              .filter(n -> n.startsWith("classes/") && n.endsWith(".class") && !n.endsWith("module-info.class"))
              .forEach(n -> classes.put(n.substring(8, n.length() - 6), module));
        }
      }
    }
  }

  /** The jrt file system of another JDK's image: {@code /modules/<module>/<class path>}. */
  private static void readImage(Path home, Map<String, String> classes, Set<String> modules) throws IOException {
    try (FileSystem jrt = FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", home.toString()));
        Stream<Path> dirs = Files.list(jrt.getPath("/modules"))) {
      for (Path m : dirs.toList()) {
        String module = m.getFileName().toString();
        modules.add(module);
        try (Stream<Path> files = Files.walk(m)) {
          files.map(f -> m.relativize(f).toString())
              .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class"))
              .forEach(n -> classes.put(n.substring(0, n.length() - 6), module));
        }
      }
    }
  }

  /**
   * The {@code module-info.class} of each of these modules the JDK has, by name: its image's file system opened once
   * for all of them (a JDK without jmods), rather than once a module.
   */
  public static Map<String, byte[]> moduleInfos(Jdk jdk, java.util.Collection<String> modules) {
    Map<String, byte[]> out = new java.util.TreeMap<>();
    if (jdk.hasJmods()) {
      for (String m : modules) {
        byte[] info = moduleInfo(jdk, m);
        if (info != null) {
          out.put(m, info);
        }
      }
      return out;
    }
    try (FileSystem jrt = FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", jdk.home().toString()))) {
      for (String m : modules) {
        Path info = jrt.getPath("/modules", m, "module-info.class");
        if (Files.isRegularFile(info)) {
          out.put(m, Files.readAllBytes(info));
        }
      }
      return out;
    } catch (IOException | RuntimeException e) {
      throw new HermitException("cannot read the modules of the JDK at " + jdk.home() + ": " + e.getMessage());
    }
  }

  /** A module's {@code module-info.class}, from the JDK's jmods or its image; null when it has no such module. */
  public static byte[] moduleInfo(Jdk jdk, String module) {
    try {
      if (jdk.hasJmods()) {
        Path jmod = jdk.jmods().resolve(module + ".jmod");
        if (!Files.isRegularFile(jmod)) {
          return null;
        }
        try (ZipFile z = new ZipFile(jmod.toFile())) {
          ZipEntry e = z.getEntry("classes/module-info.class");
          return e == null ? null : z.getInputStream(e).readAllBytes();
        }
      }
      try (FileSystem jrt = FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", jdk.home().toString()))) {
        Path info = jrt.getPath("/modules", module, "module-info.class");
        return Files.isRegularFile(info) ? Files.readAllBytes(info) : null;
      }
    } catch (IOException | RuntimeException e) {
      throw new HermitException("cannot read the module " + module + " of the JDK at " + jdk.home() + ": "
          + e.getMessage());
    }
  }

  /** The module of a class ({@code java/util/Map$Entry}), or null when the JDK has no such class. */
  public String moduleOfClass(String internalName) {
    return classModule.get(internalName);
  }

  /** The module of a package ({@code java/sql}), or null. */
  public String moduleOfPackage(String internalName) {
    return packageModule.get(internalName);
  }

  /** Every module of the JDK, those without classes (aggregators such as {@code java.se}) included. */
  public Set<String> modules() {
    return modules;
  }
}
