package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link check end to end: Java 17 class files that call JDK 21 APIs are warned about when built with JDK 17,
 * fail the build with --strict-links (exit 3, no output), and are clean with a JDK 25 runtime; a real tool from
 * Maven Central (google-java-format) whose Java 21 support is guarded is warned about and still runs.
 */
class LinkCheckIT {
  static final Path JDK17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
  static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
  static final Map<String, String> ENV = Map.of("LANG", "C.UTF-8", "PATH", "/usr/bin:/bin");
  @TempDir Path dir;

  static void assumeJdks() {
    assumeTrue(Files.isRegularFile(JDK17.resolve("jmods/java.base.jmod")),
        "SKIPPED LOUDLY: no JDK 17 with jmods at " + JDK17 + " (scripts/install-deps installs openjdk-17-jdk-headless)");
    assumeTrue(Files.isExecutable(JDK25.resolve("bin/javac")),
        "SKIPPED LOUDLY: no Temurin 25 at " + JDK25 + ": nothing to compile JDK 21 API calls or to link a newer runtime");
  }

  /** javac 25 --release 21, then the class version set to 61 (Java 17) so only the link check can tell. */
  Path app21() throws IOException {
    Path src = Files.createDirectories(dir.resolve("src/app"));
    Files.writeString(src.resolve("Main.java"), """
        package app;

        import java.util.ArrayList;
        import java.util.List;

        public class Main {
          public static void main(String[] args) throws Exception {
            List<String> l = new ArrayList<>(List.of("a", "b"));
            if (args.length > 0) {
              newer(l);
            }
            System.out.println("hello " + l + " " + l.stream().count());
          }

          /** Only with an argument: Java 17 runs main without it. */
          static void newer(List<String> l) throws InterruptedException {
            System.out.println("reversed " + l.reversed() + " " + Character.UnicodeScript.KAWI);
            Thread.ofVirtual().start(() -> System.out.println("virtual")).join();
          }
        }
        """);
    Path classes = dir.resolve("classes");
    Proc javac = Proc.run(List.of(JDK25.resolve("bin/javac").toString(), "--release", "21", "-d", classes.toString(),
        src.resolve("Main.java").toString()), ENV, null, dir);
    assertEquals(0, javac.code(), javac.toString());
    List<Path> files;
    try (Stream<Path> s = Files.walk(classes)) {
      files = s.filter(p -> p.toString().endsWith(".class")).toList();
    }
    for (Path f : files) {
      byte[] b = Files.readAllBytes(f);
      assertEquals(65, b[7], f + " is not Java 21 bytecode");
      b[7] = 61;
      Files.write(f, b);
    }
    Path jar = dir.resolve("app21.jar");
    Files.writeString(dir.resolve("manifest.txt"), "Main-Class: app.Main\n");
    Proc pack = Proc.run(List.of(JDK17.resolve("bin/jar").toString(), "cfm", jar.toString(),
        dir.resolve("manifest.txt").toString(), "-C", classes.toString(), "."), ENV, null, dir);
    assertEquals(0, pack.code(), pack.toString());
    return jar;
  }

  @Test
  void jdk21CallsAreWarnedWithJdk17FailStrictAndAreCleanWithJdk25() throws IOException {
    assumeJdks();
    Path jar = app21();

    Path out17 = dir.resolve("app17");
    Proc warned = Hermit.run("build", jar.toString(), "--jdk", JDK17.toString(), "-o", out17.toString());
    assertEquals(0, warned.code(), warned.toString());
    String err = warned.err();
    // the JDK 25 the test builds with below is at hand (/usr/lib/jvm), and a Java 21 SDK when another test of the
    // suite fetched one into the shared cache: the warning names the first of them that has each reference
    assertTrue(Pattern.compile("hermit: warning: 5 references from the app's classes into the JDK do not resolve in "
        + "the linked runtime: 5 missing from Java 17 \\(2 packages; all are in Java (21|25) \\(--java \\1\\)\\)")
        .matcher(err).find(), err);
    assertTrue(Pattern.compile("method java\\.util\\.List\\.reversed\\(\\) : java\\.util\\.List \\(in Java (21|25)\\)")
        .matcher(err).find() && err.contains("<- app.Main"), err);
    assertTrue(err.contains("method java.lang.Thread.ofVirtual() : java.lang.Thread$Builder$OfVirtual"), err);
    assertTrue(err.contains("java.lang: field java.lang.Character$UnicodeScript.KAWI") || err.contains("KAWI"), err);
    assertFalse(err.contains("stream()"), "List.stream() is inherited from Collection and exists: " + err);
    Proc ran = Proc.run(List.of(out17.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()), null, dir);
    assertEquals("hello [a, b] 2\n", ran.out(), "the unguarded path runs on Java 17: " + ran);

    Path strict = dir.resolve("strict");
    Proc failed = Hermit.run("build", jar.toString(), "--jdk", JDK17.toString(), "--strict-links", "-o", strict.toString());
    assertEquals(3, failed.code(), failed.toString());
    assertTrue(failed.err().contains("hermit: link check: 5 references"), failed.err());
    assertFalse(Files.exists(strict), "a failed check leaves no output");

    Path out25 = dir.resolve("app25");
    Proc clean = Hermit.run("build", jar.toString(), "--jdk", JDK25.toString(), "--strict-links", "-o", out25.toString());
    assertEquals(0, clean.code(), clean.toString());
    assertFalse(clean.err().contains("do not resolve"), clean.err());
    Proc newer = Proc.run(List.of(out25.toString(), "x"), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()),
        null, dir);
    assertEquals("reversed [b, a] KAWI\nvirtual\nhello [a, b] 2\n", newer.out(), newer.toString());
  }

  /**
   * google-java-format 1.28.0 is Java 17 bytecode; its Java21InputAstVisitor uses JDK 21 javac classes and is loaded
   * reflectively only on a Java 21+ runtime: the warning names them, and the JDK 17 build still formats a file.
   */
  @Test
  void googleJavaFormatIsWarnedAboutItsGuardedJava21ClassesAndRuns() throws IOException {
    assumeJdks();
    Path lib = dir.resolve("lib");
    Proc fetch = Hermit.fetchJars("apps/google-java-format/pom.xml", lib, dir);
    assertEquals(0, fetch.code(), "fetching google-java-format: " + fetch);

    List<String> args = new ArrayList<>(List.of("build", "--main", "com.google.googlejavaformat.java.Main",
        "--class-path", lib + "/*", "--jdk", JDK17.toString(), "-o", dir.resolve("gjf").toString(), "-v"));
    for (String p : List.of("api", "code", "file", "parser", "tree", "util")) {
      args.add("-J--add-exports=jdk.compiler/com.sun.tools.javac." + p + "=ALL-UNNAMED");
    }
    Proc build = Hermit.run(args.toArray(String[]::new));
    assertEquals(0, build.code(), build.toString());
    String err = build.err();
    assertTrue(err.contains("hermit: warning: ") && err.contains("missing from Java 17"), err);
    assertTrue(Pattern.compile("class com\\.sun\\.tools\\.javac\\.tree\\.JCTree\\$JCAnyPattern \\(in Java (21|25)\\) <- "
        + "com\\.google\\.googlejavaformat\\.java\\.java21\\.Java21InputAstVisitor").matcher(err).find(), err);
    assertTrue(err.contains("class com.sun.source.tree.DeconstructionPatternTree"), err);
    assertFalse(err.contains("which the runtime lacks"), "module analysis found every module it needs: " + err);

    Path source = dir.resolve("Ugly.java");
    Files.writeString(source, "class Ugly{void f(){int x=1;}}\n");
    Proc run = Proc.run(List.of(dir.resolve("gjf").toString(), source.toString()),
        Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()), null, dir);
    assertEquals(0, run.code(), run.toString());
    assertEquals("class Ugly {\n  void f() {\n    int x = 1;\n  }\n}\n", run.out(), run.toString());
  }
}
