package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classes compiled (by a real javac 25) for a newer Java than the runtime stop the build before anything is written;
 * the multi-release directories a runtime ignores do not.
 */
class ClassVersionIT {
  /** A javac of JDK 25 or later (any vendor, the host's arch), and a JDK 17 with jmods, from /usr/lib/jvm. */
  static final Path JAVAC_25 = InstalledJdks.find(j -> j.feature() >= 25 && Files.isExecutable(j.tool("javac")))
      .map(j -> j.tool("javac")).orElse(InstalledJdks.ROOT.resolve("(no JDK 25 or later)"));
  static final Path JDK_17 = InstalledJdks.find(j -> j.feature() == 17 && j.hasJmods())
      .map(InstalledJdks.Jdk::home).orElse(InstalledJdks.ROOT.resolve("(no JDK 17 with jmods)"));
  @TempDir static Path dir;

  @BeforeAll
  static void needJdks() {
    assumeTrue(Files.isExecutable(JAVAC_25), "SKIPPED LOUDLY: no javac of JDK 25+ in " + InstalledJdks.ROOT);
    assumeTrue(Files.isDirectory(JDK_17.resolve("jmods")), "SKIPPED LOUDLY: no JDK 17 with jmods at " + JDK_17);
  }

  /** Compiles one source with {@code javac --release R} and returns the class files' directory. */
  static Path compile(String name, int release, String source, Path... classPath) throws IOException {
    Path src = Files.createDirectories(dir.resolve("src-" + name));
    Path out = Files.createDirectories(dir.resolve("classes-" + name));
    Path file = src.resolve(source.contains("module ") ? "module-info.java" : source.replaceAll(
        "(?s).*class (\\w+).*", "$1") + ".java");
    Files.writeString(file, source);
    List<String> cmd = new ArrayList<>(List.of(JAVAC_25.toString(), "--release", "" + release, "-d", out.toString()));
    if (classPath.length > 0) {
      cmd.addAll(List.of("-cp", classPath[0].toString()));
    }
    cmd.add(file.toString());
    Proc p = Proc.run(cmd, Proc.HOST, null, null);
    assertEquals(0, p.code(), p.toString());
    return out;
  }

  /** A jar: entries are jar path → file or bytes. */
  static Path jar(String name, Map<String, String> attributes, Map<String, Object> entries) throws IOException {
    Path jar = dir.resolve(name);
    Manifest m = new Manifest();
    m.getMainAttributes().putValue("Manifest-Version", "1.0");
    attributes.forEach(m.getMainAttributes()::putValue);
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
      for (Map.Entry<String, Object> e : new java.util.TreeMap<>(entries).entrySet()) {
        j.putNextEntry(new JarEntry(e.getKey()));
        j.write(e.getValue() instanceof Path p ? Files.readAllBytes(p) : (byte[]) e.getValue());
      }
    }
    return jar;
  }

  static final String MAIN = "public class Main { public static void main(String[] a) {"
      + " System.out.println(\"runs on \" + Runtime.version().feature()); } }";

  /** Builds with the JDK 17 runtime in a fresh temp dir; checks the refusal leaves nothing anywhere. */
  static Proc refused(Path input) throws IOException {
    Path tmp = Files.createDirectories(dir.resolve("tmp-" + input.getFileName()));
    Path outDir = Files.createDirectories(dir.resolve("out-" + input.getFileName()));
    Path out = outDir.resolve("app");
    Proc p = Hermit.runJar(Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp), dir, "build", input.toString(),
        "--jdk", JDK_17.toString(), "-q", "-o", out.toString());
    assertEquals(1, p.code(), p.toString());
    List<String> lines = p.err().lines().filter(l -> !l.startsWith("Picked up JAVA_TOOL_OPTIONS")).toList();
    assertEquals(1, lines.size(), "one line: " + p);
    assertTrue(lines.get(0).startsWith("hermit: "), p.toString());
    assertTrue(lines.get(0).endsWith("but the runtime is Java 17: link with a JDK 25 or newer (--jdk DIR|ARCHIVE)"),
        p.toString());
    try (Stream<Path> a = Files.list(outDir); Stream<Path> b = Files.list(tmp)) {
      assertEquals(List.of(), a.toList(), "nothing written");
      assertEquals(List.of(), b.toList(), "no temp left");
    }
    return p;
  }

  @Test
  void aJarCompiledForJava25IsRefusedByA17Runtime() throws IOException {
    Path classes = compile("java25", 25, MAIN);
    Proc p = refused(jar("app25.jar", Map.of("Main-Class", "Main"), Map.of("Main.class", classes.resolve("Main.class"))));
    assertTrue(p.err().contains("hermit: Main.class in app25.jar is compiled for Java 25 (class file version 69.0)"),
        p.toString());
  }

  /** Asked for with --java (or HERMIT_JAVA), the runtime's version is the thing to change, not the JDK. */
  @Test
  void aJarTooNewForTheJavaAskedForSaysToAskForAnother() throws IOException {
    Path classes = compile("java25-asked", 25, MAIN);
    Path jar = jar("asked25.jar", Map.of("Main-Class", "Main"), Map.of("Main.class", classes.resolve("Main.class")));
    Path out = Files.createDirectories(dir.resolve("asked-out")).resolve("app");
    Proc p = Hermit.run("build", jar.toString(), "--java", "17", "-q", "-o", out.toString());
    assertEquals(1, p.code(), p.toString());
    assertTrue(p.err().startsWith("hermit: Main.class in asked25.jar is compiled for Java 25 (class file version "
        + "69.0), but the runtime is Java 17, as --java (or HERMIT_JAVA) asks: give --java 25 or newer, or leave it "
        + "out and hermit takes the lowest Java that loads the app's classes"), p.toString());
    assertFalse(Files.exists(out), "nothing written");
  }

  /**
   * A module-info counts only for an app run as a module (ClassVersionsTest): java -jar never reads one, and runs
   * this jar on 17. vnu.jar's is compiled for Java 25 beside classes for 11: every build took Java 25, and one
   * given Java 17's JDK was refused.
   */
  @Test
  void aModuleInfoDoesNotCountForAJarRunWithDashJar() throws IOException {
    Path main = compile("main17", 17, MAIN);
    Path module = compile("module25", 25, "module app { }");
    Path jar = jar("modular.jar", Map.of("Main-Class", "Main"), Map.of("Main.class", main.resolve("Main.class"),
        "module-info.class", module.resolve("module-info.class")));
    Path out = Files.createDirectories(dir.resolve("out-modular")).resolve("app");
    Proc p = Hermit.runJar(Map.of(), dir, "build", jar.toString(), "--jdk", JDK_17.toString(), "-q", "-o",
        out.toString());
    assertEquals(0, p.code(), p.toString());
    Proc run = Proc.run(List.of(out.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()), null,
        dir);
    assertEquals("runs on 17\n", run.out(), run.toString());
  }

  @Test
  void aJarNestedInASpringBootJarCounts() throws IOException {
    Path lib = compile("lib25", 25, "package lib; public class Lib { }");
    Path main = compile("mainlib", 17, "public class Main { public static void main(String[] a) {"
        + " System.out.println(new lib.Lib()); } }", lib);
    Path nested = jar("lib25.jar", Map.of(), Map.of("lib/Lib.class", lib.resolve("lib/Lib.class")));
    Proc p = refused(jar("boot.jar", Map.of("Main-Class", "Main"), Map.of("Main.class", main.resolve("Main.class"),
        "BOOT-INF/lib/lib25.jar", nested)));
    assertTrue(p.err().contains("lib/Lib.class in BOOT-INF/lib/lib25.jar in boot.jar is compiled for Java 25"),
        p.toString());
  }

  @Test
  void aMultiReleaseJarBuildsAndRunsWhenOnlyVersionsTheRuntimeIgnoresAreNewer() throws IOException {
    String base = "public class Versioned { static String which() { return \"base\"; } }";
    Path v17 = compile("versioned17", 17, base);
    Path v21 = compile("versioned21", 21, base.replace("\"base\"", "\"21\""));
    Path v25 = compile("versioned25", 25, base.replace("\"base\"", "\"25\""));
    Path main = compile("mrmain", 17, "public class Main { public static void main(String[] a) {"
        + " System.out.println(\"versioned \" + Versioned.which()); } }", v17);
    Path jar = jar("mr.jar", Map.of("Main-Class", "Main", "Multi-Release", "true"), Map.of(
        "Main.class", main.resolve("Main.class"),
        "Versioned.class", v17.resolve("Versioned.class"),
        "META-INF/versions/21/Versioned.class", v21.resolve("Versioned.class"),
        "META-INF/versions/25/Versioned.class", v25.resolve("Versioned.class")));
    Path exe = Hermit.build(dir.resolve("mr"), jar.toString(), "--jdk", JDK_17.toString(), "-q");
    Proc run = Proc.run(List.of(exe.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()), null, dir);
    assertEquals(0, run.code(), run.toString());
    assertEquals("versioned base\n", run.out(), "a 17 runtime reads neither versions/21 nor versions/25");
  }
}
