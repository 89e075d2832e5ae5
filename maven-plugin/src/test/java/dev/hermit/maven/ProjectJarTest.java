package dev.hermit.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which dependencies a project's jar already holds, and when it is a Spring Boot jar. */
class ProjectJarTest {
  @TempDir Path dir;

  @Test
  void aDependencyWhoseClassesAreAllInTheJarIsLeftOff() throws IOException {
    Path lib = jar("lib.jar", Map.of(), "a/A.class", "a/B.class", "META-INF/MANIFEST.MF", "module-info.class");
    Path relocated = jar("relocated.jar", Map.of(), "r/R.class");
    Path minimised = jar("minimised.jar", Map.of(), "m/M.class", "m/Unused.class");
    Path resources = jar("resources.jar", Map.of(), "data.txt");
    Path app = jar("app.jar", Map.of("Main-Class", "app.Main"), "app/Main.class", "a/A.class", "a/B.class",
        "shaded/r/R.class", "m/M.class", "data.txt");
    ProjectJar p = ProjectJar.of(app, List.of(lib, relocated, minimised, resources), null);
    assertEquals(ProjectJar.Kind.PLAIN, p.kind());
    assertEquals(null, p.input(), "built from the class path");
    assertEquals(List.of(lib), p.shadedIn(), "every class of lib is in the jar (module-info aside)");
    assertEquals(List.of(app, relocated, minimised, resources), p.classPath(),
        "relocated or minimised classes are not all there under their names; a jar without classes stays");
  }

  @Test
  void aPlainJarKeepsEveryDependency() throws IOException {
    Path lib = jar("lib.jar", Map.of(), "a/A.class");
    Path app = jar("app.jar", Map.of(), "app/Main.class");
    assertEquals(List.of(app, lib), ProjectJar.of(app, List.of(lib), null).classPath());
  }

  @Test
  void aSpringBootJarIsBuiltAlone() throws IOException {
    Path lib = jar("lib.jar", Map.of(), "a/A.class");
    for (Map<String, String> manifest : List.of(Map.of("Main-Class", "org.springframework.boot.loader.launch.JarLauncher"),
        Map.of("Main-Class", "x.Y", "Spring-Boot-Classes", "BOOT-INF/classes/"))) {
      Path app = jar("boot.jar", manifest, "BOOT-INF/classes/demo/Demo.class", "BOOT-INF/lib/a.jar");
      ProjectJar p = ProjectJar.of(app, List.of(lib), null);
      assertEquals(ProjectJar.Kind.SPRING_BOOT, p.kind(), manifest.toString());
      assertEquals(app, p.input(), "the jar as it is");
      assertEquals(List.of(), p.classPath());
    }
  }

  /** quarkus-maven-plugin leaves a thin jar without Main-Class; the app is target/quarkus-app, when it is there. */
  @Test
  void aQuarkusProjectIsBuiltFromItsFastJarDirectory() throws IOException {
    Path thin = jar("app.jar", Map.of(), "demo/Greeting.class");
    Path app = Files.createDirectories(dir.resolve("quarkus-app"));
    assertEquals(ProjectJar.Kind.PLAIN, ProjectJar.of(thin, List.of(), app).kind(), "no quarkus-run.jar yet");
    Files.copy(jar("quarkus-run.jar", Map.of("Main-Class", "io.quarkus.bootstrap.runner.QuarkusEntryPoint")),
        app.resolve("quarkus-run.jar"));
    ProjectJar p = ProjectJar.of(thin, List.of(jar("lib.jar", Map.of(), "a/A.class")), app);
    assertEquals(ProjectJar.Kind.QUARKUS, p.kind());
    assertEquals(app, p.input());
    assertEquals(List.of(), p.classPath(), "the directory brings its own jars");
  }

  Path jar(String name, Map<String, String> attributes, String... entries) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().putValue("Manifest-Version", "1.0");
    attributes.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
      for (String e : entries) {
        if (!e.equals("META-INF/MANIFEST.MF")) {
          j.putNextEntry(new JarEntry(e));
          j.write(1);
          j.closeEntry();
        }
      }
    }
    return jar;
  }
}
