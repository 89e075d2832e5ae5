package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hermit.app.AppInput;
import dev.hermit.app.ModuleAnalyzer;
import dev.hermit.app.ModuleDecision;
import dev.hermit.jdk.Jdk;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The linking step says why a runtime holds all of Java SE when a rule, not the request, decided it. */
class WholePlatformTest {
  @TempDir Path dir;

  @Test
  void theLinkingStepNamesTheRuleThatGaveAllOfJavaSe() throws IOException {
    Path compiles = jar("compiles", "public class Main { public static void main(String[] a) {"
        + " System.out.println(javax.tools.ToolProvider.getSystemJavaCompiler()); } }");
    ModuleDecision compiler = decide(compiles, null);
    long jdkModules = compiler.modules().stream().filter(m -> m.startsWith("jdk.")).count();
    // a compiler gets the JDK's other modules too (code it compiles may name them): the count says so
    assertEquals(" (all of Java SE and " + jdkModules + " of the JDK's other modules: the app compiles or runs code at"
        + " run time (the system Java compiler (javax.tools), in Main (compiles.jar)))", Pipeline.wholePlatform(compiler));
    assertEquals(true, jdkModules > 10, compiler.modules().toString());
    Path plain = jar("plain", "public class Main { public static void main(String[] a) {"
        + " System.out.println(java.util.logging.Logger.getGlobal()); } }");
    assertEquals("", Pipeline.wholePlatform(decide(plain, null)), "a runtime of what the classes name");
    assertEquals("", Pipeline.wholePlatform(decide(plain, Set.of("java.se"))), "the user asked for it");
  }

  private ModuleDecision decide(Path jar, Set<String> only) throws IOException {
    AppInput app = new AppInput("app", "Main", "app/app.jar", List.of(), Map.of(jar, "app/app.jar"), List.of(jar),
        Map.of());
    return new ModuleAnalyzer(Jdk.running(), Files.createTempDirectory(dir, "work")).decide(app, only, Set.of(),
        List.of());
  }

  private Path jar(String name, String source) throws IOException {
    Path src = Files.createDirectories(dir.resolve(name + "-src"));
    Files.writeString(src.resolve("Main.java"), source);
    Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        src.resolve("Main.java").toString()));
    Path jar = dir.resolve(name + ".jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new JarEntry("Main.class"));
      j.write(Files.readAllBytes(classes.resolve("Main.class")));
    }
    return jar;
  }
}
