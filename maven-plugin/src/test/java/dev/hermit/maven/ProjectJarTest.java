package dev.hermit.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    ProjectJar p = ProjectJar.of(app, List.of(lib, relocated, minimised, resources));
    assertFalse(p.springBoot());
    assertEquals(List.of(lib), p.shadedIn(), "every class of lib is in the jar (module-info aside)");
    assertEquals(List.of(app, relocated, minimised, resources), p.classPath(),
        "relocated or minimised classes are not all there under their names; a jar without classes stays");
  }

  @Test
  void aPlainJarKeepsEveryDependency() throws IOException {
    Path lib = jar("lib.jar", Map.of(), "a/A.class");
    Path app = jar("app.jar", Map.of(), "app/Main.class");
    assertEquals(List.of(app, lib), ProjectJar.of(app, List.of(lib)).classPath());
  }

  @Test
  void aSpringBootJarIsBuiltAlone() throws IOException {
    Path lib = jar("lib.jar", Map.of(), "a/A.class");
    for (Map<String, String> manifest : List.of(Map.of("Main-Class", "org.springframework.boot.loader.launch.JarLauncher"),
        Map.of("Main-Class", "x.Y", "Spring-Boot-Classes", "BOOT-INF/classes/"))) {
      Path app = jar("boot.jar", manifest, "BOOT-INF/classes/demo/Demo.class", "BOOT-INF/lib/a.jar");
      ProjectJar p = ProjectJar.of(app, List.of(lib));
      assertTrue(p.springBoot(), manifest.toString());
      assertEquals(List.of(app), p.classPath());
    }
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
