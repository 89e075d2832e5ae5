package dev.hermit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources calling Java 21's or 25's API, compiled for Java 17 by hermit's own javac (as a build without --java
 * first does, and one with --java 17 only does): javac says "cannot find symbol"; the message names the API's Java.
 */
class NewerApisTest {
  @TempDir Path dir;

  private String failure(String name, String source) throws IOException {
    Path file = Files.writeString(Files.createDirectories(dir.resolve(name)).resolve("Main.java"), source);
    InputException e = assertThrows(InputException.class, () -> new InputResolver(
        Files.createDirectories(dir.resolve("work-" + name)), 17, w -> {}).resolve(file, null, List.of()));
    return e.getMessage();
  }

  @Test
  void aMethodOfJava21IsNamedWithTheJavaThatHasIt() throws IOException {
    String message = failure("virtual", """
        import java.util.*;
        public class Main {
          public static void main(String[] args) throws Exception {
            List<String> names = new ArrayList<>(List.of("a"));
            Thread.ofVirtual().start(() -> System.out.println(names.getFirst())).join();
          }
        }
        """);
    assertTrue(message.startsWith("compilation failed: 2 errors: "), message);
    assertTrue(message.endsWith(" (java.lang.Thread.ofVirtual is in Java 21: build with --java 21)"), message);
  }

  @Test
  void theNewestApiWinsAndAPreviewOneSaysHowToEnableIt() throws IOException {
    // SequencedCollection through an on-demand import (Java 21), IO unqualified (java.lang, Java 25), and
    // StructuredTaskScope imported by name, still a preview in Java 25
    String message = failure("newest", """
        import java.util.*;
        import java.util.concurrent.StructuredTaskScope;
        public class Main {
          public static void main(String[] args) {
            SequencedCollection<String> s = new ArrayList<>();
            IO.println(s);
          }
        }
        """);
    assertTrue(message.endsWith(" (java.util.concurrent.StructuredTaskScope is a preview API in Java 25: build with "
        + "--java 25 -J--enable-preview)"), message);
    String withoutPreview = failure("final", """
        import java.util.*;
        public class Main {
          public static void main(String[] args) {
            SequencedCollection<String> s = new ArrayList<>();
            IO.println(s);
          }
        }
        """);
    assertTrue(withoutPreview.endsWith(" (java.lang.IO is in Java 25: build with --java 25)"), withoutPreview);
  }

  @Test
  void aPackageOfJava25IsNamed() throws IOException {
    String message = failure("ffm", """
        import java.lang.foreign.Arena;
        public class Main { public static void main(String[] args) { } }
        """);
    assertTrue(message.endsWith(" (package java.lang.foreign is in Java 25: build with --java 25)"), message);
  }

  @Test
  void theSourcesOwnMistakesGetNoSuchHint() throws IOException {
    // a misspelt JDK method, a class of the app's that is missing, and a method of Java 17's called wrongly
    String message = failure("typos", """
        public class Main {
          public static void main(String[] args) {
            Thread.ofVirtuel();
            Helper.run();
            "x".repeat();
          }
        }
        """);
    assertTrue(message.startsWith("compilation failed: 3 errors: "), message);
    assertTrue(!message.contains("build with --java"), message);
  }

  @Test
  void eachFormOfJavacsMessageIsRead() {
    assertEquals(Optional.of(new NewerApis.Need("java.util.List.getFirst", 21, false)), NewerApis.of(
        "M.java:6: cannot find symbol (symbol: method getFirst(); location: variable l of type java.util.List<E>)"));
    assertEquals(Optional.of(new NewerApis.Need("java.lang.Thread.Builder", 21, false)), NewerApis.of(
        "M.java:7: cannot find symbol (symbol: class Builder; location: class java.lang.Thread)"));
    assertEquals(Optional.of(new NewerApis.Need("java.lang.ScopedValue", 25, false)), NewerApis.of(
        "M.java:2: cannot find symbol (symbol: class ScopedValue; location: class app.Main)"));
    assertEquals(Optional.of(new NewerApis.Need("java.lang.Math.clamp", 21, false)), NewerApis.of(
        "M.java:1: cannot find symbol (symbol: static clamp; location: class java.lang.Math)"));
    assertEquals(Optional.empty(), NewerApis.of("M.java:1: cannot find symbol (symbol: method helper(); location: "
        + "class app.Main)"));
    assertEquals(Optional.empty(), NewerApis.of("M.java:1: ';' expected"));
    assertEquals(Optional.empty(), NewerApis.needed(List.of(
        "M.java:6: cannot find symbol (symbol: method getFirst(); location: variable l of type java.util.List<E>)"),
        21), "compiled for Java 21 already");
  }
}
