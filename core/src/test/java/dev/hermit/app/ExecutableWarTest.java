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
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar app.war} runs a war with a Main-Class (Spring Boot's WarLauncher, Jenkins): hermit builds it as
 * it builds an executable jar, and its WEB-INF/lib jars are read like BOOT-INF/lib's.
 */
class ExecutableWarTest {
  @TempDir Path dir;

  @Test
  void aWarWithAMainClassIsBuiltAsJavaDashJarRunsIt() throws IOException {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path src = Files.writeString(dir.resolve("Launch.java"), "public class Launch { public static void main(String[] a) {} }");
    assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        src.toString()));
    Path war = dir.resolve("App.WAR");
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Launch"); // as Spring Boot's WarLauncher, at the root
    try (OutputStream out = Files.newOutputStream(war); JarOutputStream j = new JarOutputStream(out, m)) {
      j.putNextEntry(new JarEntry("Launch.class"));
      j.write(Files.readAllBytes(classes.resolve("Launch.class")));
    }
    InputResolver resolver = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, w -> {});

    AppInput in = resolver.resolve(war, null, List.of());

    assertEquals("Launch", in.mainClass());
    assertEquals("app/App.WAR", in.launchJar());
    Path zip = Files.writeString(dir.resolve("app.zip"), "not a war");
    InputException e = assertThrows(InputException.class, () -> resolver.resolve(zip, null, List.of()));
    assertTrue(e.getMessage().contains("expected an executable .jar or .war"), e.getMessage());
    // an archive (Gradle's distZip) is named as one, with what to build instead
    assertTrue(e.getMessage().endsWith("; an archive is not built as it is: unpack it and build the app's directory "
        + "(an app distribution's has bin/ and lib/; Gradle's installDist writes one to build/install/NAME)"),
        e.getMessage());
    Path other = Files.writeString(dir.resolve("app.txt"), "not a war");
    e = assertThrows(InputException.class, () -> resolver.resolve(other, null, List.of()));
    assertTrue(e.getMessage().endsWith("expected an executable .jar or .war, a .java file or a directory"),
        e.getMessage());
    // a start script (Debian's /usr/bin/checkstyle, /usr/bin/jython): what to build in its place, from its command
    Path wrapper = Files.writeString(dir.resolve("checkstyle"), """
        #!/bin/sh
        . /usr/lib/java-wrappers/java-wrappers.sh
        find_jars antlr4-runtime commons-cli checkstyle
        run_java com.puppycrawl.tools.checkstyle.Main "$@"
        """);
    e = assertThrows(InputException.class, () -> resolver.resolve(wrapper, null, List.of()));
    assertTrue(e.getMessage().endsWith("checkstyle is a start script, which hermit reads only in a distribution's "
        + "bin/: build what it runs: --main com.puppycrawl.tools.checkstyle.Main --class-path "
        + "/usr/share/java/antlr4-runtime.jar:/usr/share/java/commons-cli.jar:/usr/share/java/checkstyle.jar"),
        e.getMessage());
    Path jython = Files.writeString(dir.resolve("jython"), "#!/bin/sh\nexec java -Xss2m -jar /usr/share/java/jython.jar \"$@\"\n");
    e = assertThrows(InputException.class, () -> resolver.resolve(jython, null, List.of()));
    assertTrue(e.getMessage().endsWith("(it runs -jar /usr/share/java/jython.jar: hermit build "
        + "/usr/share/java/jython.jar)"), e.getMessage());
    // a distribution's own script: the distribution is what to build
    Path dist = Files.createDirectories(dir.resolve("greet/lib")).getParent();
    Path script = Files.writeString(Files.createDirectories(dist.resolve("bin")).resolve("greet"), "#!/bin/sh\n");
    e = assertThrows(InputException.class, () -> resolver.resolve(script, null, List.of()));
    assertTrue(e.getMessage().endsWith("greet is the start script of the distribution " + dist + ": hermit build "
        + dist), e.getMessage());
  }
}
