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
    assertEquals(17, choice.version());
    assertEquals(List.of(), asked, "no later JDK asked for");
    assertTrue(details.contains("later Javas not checked: the app names class sun.misc.Cleaner, JDK-internal, which "
        + "later Javas do not add back"), details.toString());
  }
}
