package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.app.AppInput;
import dev.hermit.jdk.Jdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which Java the app's references into the JDK ask for, and what is fetched to find out. */
class JavaChoiceTest {
  @TempDir Path dir;

  /**
   * An app naming sun.misc.Cleaner (JDK 8's, gone since 9), as Chronicle's and old Netty's code does: no later Java
   * has it back, so none is fetched (the build once downloaded Java 21 to find that out) and Java 17 stays.
   */
  @Test
  void aMissingJdkInternalClassFetchesNoLaterJava() throws IOException {
    Path src = Files.createDirectories(dir.resolve("src/xun/misc"));
    Files.writeString(src.resolve("Cleaner.java"), "package xun.misc; public class Cleaner { public void clean() {} }");
    Files.writeString(dir.resolve("src/Main.java"), "public class Main { public static void main(String[] a) {"
        + " if (a.length > 9) new xun.misc.Cleaner().clean(); } }");
    Path classes = dir.resolve("classes");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        src.resolve("Cleaner.java").toString(), dir.resolve("src/Main.java").toString()));
    // the same length, so the class file stays valid: Main now names sun/misc/Cleaner, which Java 17 lacks
    Path main = classes.resolve("Main.class");
    String bytes = new String(Files.readAllBytes(main), StandardCharsets.ISO_8859_1);
    Files.write(main, bytes.replace("xun/misc/Cleaner", "sun/misc/Cleaner").getBytes(StandardCharsets.ISO_8859_1));
    Files.delete(classes.resolve("xun/misc/Cleaner.class"));

    Raised r = raiseFrom17(classes);
    assertEquals(17, r.choice().version());
    assertEquals(List.of(), r.asked(), "no later JDK asked for");
    assertTrue(r.details().contains("later Javas not checked: the app names class sun.misc.Cleaner, JDK-internal, "
        + "which later Javas do not add back"), r.details().toString());
  }

  /** What raiseForLinks chose for the classes of Main from Java 17, which later JDKs it asked for, what it said. */
  private record Raised(JavaChoice choice, List<Integer> asked, List<String> details) {}

  /** Runs the link check from Java 17 over {@code classes} (Main's), with no later JDK at hand. */
  private static Raised raiseFrom17(Path classes) {
    AppInput app = new AppInput("app", "Main", null, List.of("app/classes"), Map.of(classes, "app/classes"),
        List.of(classes), Map.of());
    List<Integer> asked = new ArrayList<>();
    List<String> details = new ArrayList<>();
    BuildListener listener = e -> {
      if (e instanceof BuildEvent.Detail d) {
        details.add(d.message());
      }
    };
    JavaChoice choice = JavaChoice.raiseForLinks(new JavaChoice(17, "lowest"), dev.hermit.app.EntryClasses.of(app),
        dev.hermit.links.AppClasses.reader(app.classPath()), Jdk.running(), v -> {
      asked.add(v);
      return null;
    }, listener);
    return new Raised(choice, asked, details);
  }

  /**
   * A reference a later Java has, made only from a class named for that Java (Netty 4.2's CleanerJava24Linker, which
   * PlatformDependent takes on Java 24 and later): no later Java is asked for, where every Netty app was raised to
   * Java 25. The same reference from a class of another name still asks.
   */
  @Test
  void referencesFromAClassNamedForALaterJavaRaiseNothing() throws IOException {
    for (String holder : List.of("CleanerJava24Linker", "CleanerHelperX")) {
      Path root = dir.resolve(holder);
      Path src = Files.createDirectories(root.resolve("src/xava/lang"));
      Files.writeString(src.resolve("ScopedValue.java"), "package xava.lang; public class ScopedValue {"
          + " public static Object newInstance() { return null; } }");
      Files.writeString(root.resolve("src/" + holder + ".java"), "class " + holder + " { static Object link() {"
          + " return xava.lang.ScopedValue.newInstance(); } }");
      Files.writeString(root.resolve("src/Main.java"), "public class Main { public static void main(String[] a) {"
          + " if (a.length > 9) " + holder + ".link(); } }");
      Path classes = root.resolve("classes");
      assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
          src.resolve("ScopedValue.java").toString(), root.resolve("src/" + holder + ".java").toString(),
          root.resolve("src/Main.java").toString()));
      // java.lang.ScopedValue: Java 21 and later, not 17 (the same length keeps the class file valid)
      Path linker = classes.resolve(holder + ".class");
      String bytes = new String(Files.readAllBytes(linker), StandardCharsets.ISO_8859_1);
      Files.write(linker, bytes.replace("xava/lang/ScopedValue", "java/lang/ScopedValue")
          .getBytes(StandardCharsets.ISO_8859_1));
      Files.delete(classes.resolve("xava/lang/ScopedValue.class"));
      Raised r = raiseFrom17(classes);
      assertEquals(17, r.choice().version());
      if (holder.contains("Java24")) {
        assertEquals(List.of(), r.asked(), "no later JDK asked for: " + r.details());
        assertTrue(r.details().stream().anyMatch(d -> d.contains("come only from classes named for a later Java ("
            + holder + ")")), r.details().toString());
      } else {
        assertTrue(r.asked().contains(21), "another name asks for later Javas: " + r);
      }
    }
  }

  @Test
  void aClassIsNamedForALaterJavaByItsNumber() {
    java.util.function.BiPredicate<String, Integer> named = (from, v) -> JavaChoice.forLaterJava(
        new dev.hermit.links.Missing("java/lang/Foo", null, "java.base", new java.util.TreeSet<>(List.of(from))), v);
    assertTrue(named.test("io/netty/util/internal/CleanerJava24Linker", 17));
    assertTrue(named.test("a/b/Java21Support$1", 17));
    assertTrue(named.test("a/b/JDK22Compat", 21));
    assertTrue(!named.test("a/b/CleanerJava24Linker", 25), "not later than 25");
    assertTrue(!named.test("a/b/Java8Compat", 17));
    assertTrue(!named.test("a/b/Helper", 17));
    assertTrue(!named.test("a/b/Java2DRenderer", 17), "Java2D names no Java version");
  }
}
