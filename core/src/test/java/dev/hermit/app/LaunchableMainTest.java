package dev.hermit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hermit.InputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jar whose main class has only Java 25's main method (JEP 512: an instance {@code void main()}) is an app,
 * whose class file asks for Java 25; as a class for Java 17 it has no main method the launcher runs.
 */
class LaunchableMainTest {
  @TempDir Path dir;

  @Test
  void anInstanceMainCompiledForJava25IsAcceptedAndForJava17IsNot() throws IOException {
    Path src = Files.writeString(dir.resolve("Hello.java"), "public class Hello { void main() {"
        + " System.out.println(\"hi\"); } }");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
        dir.toString(), src.toString()));
    byte[] java17 = Files.readAllBytes(dir.resolve("Hello.class"));
    byte[] java25 = java17.clone();
    java25[6] = 0;
    java25[7] = 69; // as javac --release 25 marks it; the method is the same
    InputResolver resolver = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, w -> { });

    AppInput app = resolver.resolve(jar("hello25.jar", java25), null, List.of(), List.of());
    assertEquals("Hello", app.mainClass());
    InputException e = assertThrows(InputException.class,
        () -> resolver.resolve(jar("hello17.jar", java17), null, List.of(), List.of()));
    assertEquals("main class Hello has no public static void main(String[])", e.getMessage());
  }

  private Path jar(String name, byte[] helloClass) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
      j.putNextEntry(new JarEntry("Hello.class"));
      j.write(helloClass);
    }
    return jar;
  }
}
