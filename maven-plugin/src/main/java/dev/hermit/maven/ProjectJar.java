package dev.hermit.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What the package phase left, which decides the build's inputs.
 * <ul>
 *   <li>A plain jar runs with its dependencies on the class path.
 *   <li>A Spring Boot repackaged jar carries its dependencies nested in BOOT-INF/lib: built as the jar alone, as
 *       {@code hermit build app.jar} builds it.
 *   <li>A Quarkus project (quarkus-maven-plugin) leaves its thin jar without a Main-Class and the runnable app in
 *       {@code target/quarkus-app}: built as that directory, as {@code hermit build target/quarkus-app} builds it.
 *   <li>A shaded jar (maven-shade-plugin replacing the main artifact) already holds its dependencies' classes: a
 *       dependency whose every class is in the jar under the same name is left off the class path, so its classes
 *       are not shipped twice (relocated or minimised dependencies stay: their classes are not all there).
 * </ul>
 *
 * @param input what to build as it is (the Boot jar, the Quarkus directory), or null for a class path
 */
record ProjectJar(Path jar, Kind kind, Path input, List<Path> classPath, List<Path> shadedIn) {
  enum Kind { PLAIN, SPRING_BOOT, QUARKUS }

  /**
   * @param dependencies the runtime dependencies' jars, in Maven's order
   * @param quarkusApp {@code target/quarkus-app} when the project builds with quarkus-maven-plugin, else null
   */
  static ProjectJar of(Path jar, List<Path> dependencies, Path quarkusApp) throws IOException {
    if (quarkusApp != null && Files.isRegularFile(quarkusApp.resolve("quarkus-run.jar"))) {
      return new ProjectJar(jar, Kind.QUARKUS, quarkusApp, List.of(), List.of());
    }
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
      return new ProjectJar(jar, Kind.SPRING_BOOT, jar, List.of(), List.of());
    }
    List<Path> classPath = new ArrayList<>(List.of(jar));
    List<Path> shaded = new ArrayList<>();
    for (Path dependency : dependencies) {
      (containedIn(names, dependency) ? shaded : classPath).add(dependency);
    }
    return new ProjectJar(jar, Kind.PLAIN, null, List.copyOf(classPath), List.copyOf(shaded));
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
