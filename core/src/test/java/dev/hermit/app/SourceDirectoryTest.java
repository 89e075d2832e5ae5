package dev.hermit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * A directory of .java files is compiled with its libraries on the class path: the jars in lib/ and the jars beside
 * the sources (as {@code javac -cp '*'} takes them), packed under app/lib/; a name in lib/ wins over the same name
 * beside the sources, and an executable jar beside them is a library too.
 */
class SourceDirectoryTest {
  @TempDir Path dir;

  @Test
  void jarsBesideTheSourcesAreLibrariesLikeThoseInLib() throws IOException {
    Path app = Files.createDirectories(dir.resolve("app"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path src = Files.createDirectories(dir.resolve("src/a"));
    Files.writeString(src.resolve("Beside.java"), "package a; public class Beside { public static int n() { return 6; } }");
    Files.writeString(src.resolve("InLib.java"), "package a; public class InLib { public static int n() { return 7; } }");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        src.resolve("Beside.java").toString(), src.resolve("InLib.java").toString()));
    jar(app.resolve("beside.jar"), classes, "a/Beside.class", "Tool"); // executable: still a library here
    jar(Files.createDirectories(app.resolve("lib")).resolve("inlib.jar"), classes, "a/InLib.class", null);
    jar(app.resolve("inlib.jar"), classes, "a/Beside.class", null); // the same name as lib/'s: lib/ wins
    Files.writeString(app.resolve("Main.java"),
        "public class Main { public static void main(String[] x) { System.out.println(a.Beside.n() * a.InLib.n()); } }");

    AppInput in = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, w -> {}).resolve(app, null,
        List.of());

    assertEquals("Main", in.mainClass());
    assertEquals(List.of(app.resolve("lib/inlib.jar"), app.resolve("beside.jar")),
        in.classPath().subList(1, in.classPath().size()));
    assertEquals("app/lib/beside.jar", in.files().get(app.resolve("beside.jar")));
    assertEquals("app/lib/inlib.jar", in.files().get(app.resolve("lib/inlib.jar")));
    assertEquals(null, in.files().get(app.resolve("inlib.jar")));
  }

  private static void jar(Path jar, Path classes, String entry, String mainClass) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (mainClass != null) {
      m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    }
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
      j.putNextEntry(new JarEntry(entry));
      j.write(Files.readAllBytes(classes.resolve(entry)));
    }
  }
}
