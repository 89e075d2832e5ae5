package dev.hermit.app;

import dev.hermit.HermitException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The classes a run starts from, as internal names ({@code a/B}): the main class, and what a launcher that is the
 * main class loads by name. Spring Boot's launchers (JarLauncher, WarLauncher, PropertiesLauncher) start the
 * manifest's {@code Start-Class} with {@code Class.forName}, and its component scan then loads the app's classes in
 * {@code BOOT-INF/classes} ({@code WEB-INF/classes} in a war) by name: no constant pool names them, yet each must load
 * on the runtime. Choosing the Java version from the launcher alone gave a Java 17 runtime to an app compiled for 21.
 * Vert.x's launchers deploy the manifest's {@code Main-Verticle} so, and the JVM itself starts a
 * {@code Launcher-Agent-Class}.
 */
public final class EntryClasses {
  /** Where a Spring Boot jar or a war keeps the app's own classes. */
  static final List<String> APP_CLASS_DIRS = List.of("BOOT-INF/classes/", "WEB-INF/classes/");
  /** Manifest attributes that name a class a launcher (or the JVM) loads by name. */
  static final List<String> NAMED_CLASSES = List.of("Start-Class", "Main-Verticle", "Launcher-Agent-Class");
  private static final String BOOT_LAUNCHERS = "org.springframework.boot.loader.";

  private EntryClasses() {}

  /** The main class, then each class its launcher loads by name (none for an ordinary main class). */
  public static List<String> of(AppInput app) {
    Set<String> out = new LinkedHashSet<>();
    if (app.mainClass() != null) {
      out.add(app.mainClass().replace('.', '/'));
    }
    for (String attribute : NAMED_CLASSES) {
      String named = app.manifestAttributes().get(attribute);
      if (named != null && !named.isBlank()) {
        out.add(named.strip().replace('.', '/'));
      }
    }
    if (app.mainClass() == null || !app.mainClass().startsWith(BOOT_LAUNCHERS)) {
      return List.copyOf(out);
    }
    for (Path p : app.classPath()) {
      try {
        if (Files.isDirectory(p)) {
          directory(p, out);
        } else if (Files.isRegularFile(p)) {
          jar(p, out);
        }
      } catch (IOException e) {
        throw new HermitException("cannot read " + p + " to find the classes its launcher loads: " + e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  /** The app's class for an entry under an app class directory ({@code BOOT-INF/classes/a/B.class}), else null. */
  static String appClass(String entry) {
    for (String dir : APP_CLASS_DIRS) {
      if (entry.startsWith(dir) && entry.endsWith(".class") && !entry.endsWith("module-info.class")) {
        return entry.substring(dir.length(), entry.length() - ".class".length());
      }
    }
    return null;
  }

  private static void jar(Path jar, Set<String> out) throws IOException {
    try (JarFile j = new JarFile(jar.toFile(), false)) {
      Enumeration<JarEntry> entries = j.entries();
      while (entries.hasMoreElements()) {
        String c = appClass(entries.nextElement().getName());
        if (c != null) {
          out.add(c);
        }
      }
    }
  }

  /** An unpacked Boot jar as a class-path directory (--main JarLauncher --class-path DIR): its manifest too. */
  private static void directory(Path dir, Set<String> out) throws IOException {
    Path manifest = dir.resolve(JarFile.MANIFEST_NAME);
    if (Files.isRegularFile(manifest)) {
      try (InputStream in = Files.newInputStream(manifest)) {
        String start = new Manifest(in).getMainAttributes().getValue("Start-Class");
        if (start != null && !start.isBlank()) {
          out.add(start.strip().replace('.', '/'));
        }
      }
    }
    List<String> found = new ArrayList<>();
    for (String d : APP_CLASS_DIRS) {
      Path classes = dir.resolve(d);
      if (Files.isDirectory(classes)) {
        try (Stream<Path> s = Files.walk(classes)) {
          s.filter(Files::isRegularFile).map(f -> appClass(d + classes.relativize(f).toString().replace('\\', '/')))
              .filter(c -> c != null).sorted().forEach(found::add);
        }
      }
    }
    out.addAll(found);
  }
}
