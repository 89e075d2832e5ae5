package dev.hermit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.InputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A main class given as MODULE/CLASS with a jar as the input (the Maven plugin's {@code <mainClass>} beside its
 * project jar): the jar and the class path are the module path, as with {@code --main MODULE/CLASS --class-path}.
 */
class ModuleMainTest {
  @TempDir Path dir;

  @Test
  void aJarWithAModuleMainClassRunsAsThatModule() throws IOException {
    Path src = Files.writeString(Files.createDirectories(dir.resolve("src/au")).resolve("Main.java"),
        "package au; public class Main { public static void main(String[] a) {} }");
    Path classes = dir.resolve("classes");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        src.toString()));
    Path jar = dir.resolve("auto-1.0.jar"); // the automatic module "auto", named from the file as java -p names it
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o)) {
      j.putNextEntry(new JarEntry("au/Main.class"));
      j.write(Files.readAllBytes(classes.resolve("au/Main.class")));
    }
    InputResolver resolver = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, w -> {});
    AppInput app = resolver.resolve(jar, "auto/au.Main", List.of());
    assertEquals("auto/au.Main", app.module());
    assertEquals("au.Main", app.mainClass());
    InputException e = assertThrows(InputException.class, () -> resolver.resolve(jar, "other/au.Main", List.of()));
    assertTrue(e.getMessage().startsWith("the main class other/au.Main is in the module other, which no jar of the "
        + "class path is"), e.getMessage());
  }

  /**
   * A module compiled for a newer Java (21) than the one hermit runs on (17): this JDK's module finder refuses its
   * module-info ("Unsupported major.minor version"), so the build said no jar of the class path was the module,
   * even with --java 21. Its own reading of the declaration names it.
   */
  @Test
  void aModuleCompiledForANewerJavaIsStillThatModule() throws IOException {
    Path src = Files.createDirectories(dir.resolve("msrc/mp"));
    Files.writeString(src.resolve("Main.java"), "package mp; public class Main { public static void main(String[] a) {} }");
    Files.writeString(src.getParent().resolve("module-info.java"), "module newer { }");
    Path classes = dir.resolve("mclasses");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        src.resolve("Main.java").toString(), src.getParent().resolve("module-info.java").toString()));
    byte[] info = Files.readAllBytes(classes.resolve("module-info.class"));
    info[7] = 65; // major version 65: Java 21
    Path jar = dir.resolve("newer.jar");
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o)) {
      j.putNextEntry(new JarEntry("module-info.class"));
      j.write(info);
      j.putNextEntry(new JarEntry("mp/Main.class"));
      j.write(Files.readAllBytes(classes.resolve("mp/Main.class")));
    }
    assertEquals(java.util.Set.of("newer"), ModuleInfo.declared(List.of(jar)));
  }
}
