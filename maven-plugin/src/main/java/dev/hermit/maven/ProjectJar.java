package dev.hermit.maven;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What the package phase left as the project's jar, which decides the build's inputs. A plain jar runs with its
 * dependencies on the class path. A Spring Boot repackaged jar carries its dependencies nested in BOOT-INF/lib and
 * is built as the jar alone, as {@code hermit build app.jar} builds it. A shaded or assembled jar (maven-shade-plugin
 * replacing the main artifact) already holds its dependencies' classes: a dependency whose every class is in the
 * jar under the same name is left off the class path, so its classes are not shipped twice (relocated or minimised
 * dependencies stay: their classes are not all there under their own names).
 */
record ProjectJar(Path jar, boolean springBoot, List<Path> classPath, List<Path> shadedIn) {
  /** @param dependencies the runtime dependencies' jars, in Maven's order */
  static ProjectJar of(Path jar, List<Path> dependencies) throws IOException {
    Set<String> names = new HashSet<>();
    boolean boot;
    try (JarFile j = new JarFile(jar.toFile())) {
      Attributes main = j.getManifest() == null ? null : j.getManifest().getMainAttributes();
      String launcher = main == null ? null : main.getValue("Main-Class");
      boot = main != null && (main.getValue("Spring-Boot-Classes") != null
          || (launcher != null && launcher.startsWith("org.springframework.boot.loader.")));
      j.stream().filter(e -> !e.isDirectory()).forEach(e -> names.add(e.getName()));
    }
    if (boot) {
      return new ProjectJar(jar, true, List.of(jar), List.of());
    }
    List<Path> classPath = new ArrayList<>(List.of(jar));
    List<Path> shaded = new ArrayList<>();
    for (Path dependency : dependencies) {
      (containedIn(names, dependency) ? shaded : classPath).add(dependency);
    }
    return new ProjectJar(jar, false, List.copyOf(classPath), List.copyOf(shaded));
  }

  /** Whether the dependency has classes and every one of them is among {@code names}. */
  private static boolean containedIn(Set<String> names, Path dependency) throws IOException {
    if (!dependency.getFileName().toString().endsWith(".jar")) {
      return false; // a directory (a reactor module's classes): nothing was shaded from it
    }
    try (JarFile j = new JarFile(dependency.toFile())) {
      List<String> classes = j.stream().map(JarEntry::getName)
          .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class")).toList();
      return !classes.isEmpty() && names.containsAll(classes);
    }
  }
}
