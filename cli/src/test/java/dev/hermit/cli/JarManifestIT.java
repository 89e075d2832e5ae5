package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output behaves like 'java -jar': manifest attributes are honoured; other JDKs link as documented. */
class JarManifestIT {
  static final Path SRC = Path.of("src/test/resources/apps/jar");
  @TempDir Path dir;

  static void javac(Path out, int release, Path classPath, Path... sources) {
    List<String> args = new java.util.ArrayList<>(List.of("--release", Integer.toString(release), "-d", out.toString()));
    if (classPath != null) {
      args.addAll(List.of("-cp", classPath.toString()));
    }
    for (Path s : sources) {
      args.add(s.toString());
    }
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)));
  }

  static void jar(Path jar, Manifest m, Path classes, String prefix) throws IOException {
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
      add(j, classes, prefix);
    }
  }

  static void add(JarOutputStream j, Path classes, String prefix) throws IOException {
    try (Stream<Path> s = Files.walk(classes)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        j.putNextEntry(new JarEntry(prefix + classes.relativize(p).toString()));
        Files.copy(p, j);
      }
    }
  }

  @Test
  void manifestAttributesWorkAsWithJavaDashJar() throws IOException {
    Path depClasses = dir.resolve("dep-classes");
    javac(depClasses, 11, null, SRC.resolve("Dep.java"));
    Path app = dir.resolve("app");
    Files.createDirectories(app.resolve("lib"));
    Manifest plain = new Manifest();
    plain.getMainAttributes().putValue("Manifest-Version", "1.0");
    jar(app.resolve("lib/dep.jar"), plain, depClasses, "");

    Path classes = dir.resolve("classes");
    javac(classes, 11, app.resolve("lib/dep.jar"), SRC.resolve("Main.java"), SRC.resolve("Agent.java"),
        SRC.resolve("Versioned.java"));
    Path v17 = dir.resolve("classes17");
    javac(v17, 17, null, SRC.resolve("v17/Versioned.java"));
    Manifest m = new Manifest();
    var a = m.getMainAttributes();
    a.putValue("Manifest-Version", "1.0");
    a.putValue("Main-Class", "app.Main");
    a.putValue("Class-Path", "lib/dep.jar");
    a.putValue("Add-Opens", "java.base/java.lang");
    a.putValue("Launcher-Agent-Class", "app.Agent");
    a.putValue("Multi-Release", "true");
    Path jar = app.resolve("tool.jar");
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
      add(j, classes, "");
      add(j, v17, "META-INF/versions/17/");
    }

    Path exe = Hermit.build(dir.resolve("tool"), jar.toString());
    Proc p = Proc.run(List.of(exe.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()), null, dir);
    assertEquals(0, p.code(), p.toString());
    assertEquals("agent: loaded\ndep: from lib/dep.jar\nopened: true\nversion: java 17\n", p.out());
  }

  /**
   * Debian's jars name their dependencies by absolute path (Class-Path: /usr/share/java/commons-lang3.jar): they
   * were left out with a warning, so pdftk, Checkstyle and PlantUML ran on the build machine, reading its files,
   * and failed in a container with ClassNotFoundException. They are packed now and the output reads its own copies:
   * the run below happens after the originals are gone.
   */
  @Test
  void jarsNamedByAbsolutePathArePackedAndReadFromTheOutput() throws IOException {
    Path depClasses = dir.resolve("dep-classes");
    javac(depClasses, 11, null, SRC.resolve("Dep.java"));
    Manifest plain = new Manifest();
    plain.getMainAttributes().putValue("Manifest-Version", "1.0");
    Path shared = Files.createDirectories(dir.resolve("usr/share/java dir")); // a space: %20 in a URL
    jar(shared.resolve("dep.jar"), plain, depClasses, "");
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    Files.writeString(classes.resolve("Main.java"), "public class Main { public static void main(String[] a) "
        + "throws Exception { System.out.println(Class.forName(\"dep.Dep\").getMethod(\"greet\").invoke(null));"
        + " var r = Main.class.getResourceAsStream(\"/greeting.txt\");"
        + " if (r != null) System.out.print(new String(r.readAllBytes())); } }");
    javac(classes, 11, null, classes.resolve("Main.java"));
    Files.delete(classes.resolve("Main.java"));
    Manifest m = new Manifest();
    m.getMainAttributes().putValue("Manifest-Version", "1.0");
    m.getMainAttributes().putValue("Main-Class", "Main");
    // a directory named by absolute path keeps its slash (java reads an entry without one as a jar)
    Path confDir = Files.createDirectories(dir.resolve("usr/share/conf"));
    Files.writeString(confDir.resolve("greeting.txt"), "from a directory\n");
    m.getMainAttributes().putValue("Class-Path", shared.resolve("dep.jar").toUri() + " " + confDir.toUri());
    Path app = Files.createDirectories(dir.resolve("usr/share/app"));
    jar(app.resolve("app.jar"), m, classes, "");
    Proc java = Proc.run(List.of(Path.of(System.getProperty("java.home"), "bin/java").toString(), "-jar",
        app.resolve("app.jar").toString()), Proc.HOST, null, dir);
    assertEquals("from lib/dep.jar\nfrom a directory\n", java.out(), java.toString());

    Proc build = Hermit.run("build", app.resolve("app.jar").toString(), "-o", dir.resolve("app-out").toString(),
        "--pack=fast");
    assertEquals(0, build.code(), build.toString());
    assertFalse(build.err().contains("warning"), build.err());
    // the plain-path spelling too, with the jar on the class path given
    m.getMainAttributes().putValue("Class-Path", shared.resolve("dep.jar").toString().replace(" ", "%20"));
    jar(app.resolve("app2.jar"), m, classes, "");
    Proc given = Hermit.run("build", "--main", "Main", "--class-path", app.resolve("app2.jar").toString(), "-o",
        dir.resolve("app2-out").toString(), "--pack=fast");
    assertEquals(0, given.code(), given.toString());
    Hermit.deleteTree(dir.resolve("usr/share/java dir"));
    Hermit.deleteTree(confDir);
    for (String exe : List.of("app-out", "app2-out")) {
      Proc p = Proc.run(List.of(dir.resolve(exe).toString()), Map.of("HERMIT_CACHE_DIR",
          dir.resolve("cache").toString(), "HERMIT_CDS", "off"), null, dir);
      assertEquals("from lib/dep.jar\n" + (exe.equals("app-out") ? "from a directory\n" : ""), p.out(), exe + ": " + p);
    }
  }

  @Test
  void aClassPathDirectoryHoldingTheOutputDoesNotPackIt() throws IOException {
    // 'Class-Path: .' puts the jar's own directory on the class path; built with -o into that directory, each
    // rebuild packed the last output into the next one
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    Files.writeString(classes.resolve("Conf.java"), "public class Conf { public static void main(String[] a)"
        + " throws Exception { var p = new java.util.Properties();"
        + " p.load(Conf.class.getResourceAsStream(\"/conf.properties\")); System.out.println(p.get(\"greeting\")); } }");
    javac(classes, 17, null, classes.resolve("Conf.java"));
    Files.delete(classes.resolve("Conf.java"));
    Path dist = Files.createDirectories(dir.resolve("dist"));
    Files.writeString(dist.resolve("conf.properties"), "greeting=read beside the jar\n");
    Manifest m = new Manifest();
    m.getMainAttributes().putValue("Manifest-Version", "1.0");
    m.getMainAttributes().putValue("Main-Class", "Conf");
    m.getMainAttributes().putValue("Class-Path", ".");
    jar(dist.resolve("conf.jar"), m, classes, "");

    Path exe = dist.resolve("conf");
    Proc first = Hermit.run("build", dist.resolve("conf.jar").toString(), "-o", exe.toString(), "--pack=fast");
    assertEquals(0, first.code(), first.toString());
    long size = Files.size(exe);
    Proc second = Hermit.run("build", dist.resolve("conf.jar").toString(), "-o", exe.toString(), "--pack=fast");
    assertEquals(0, second.code(), second.toString());
    assertTrue(Files.size(exe) < size + size / 100, "the rebuild grew from " + size + " to " + Files.size(exe));
    Files.copy(exe, dist.resolve("conf-copy"));
    Proc third = Hermit.run("build", dist.resolve("conf.jar").toString(), "-o", exe.toString(), "--pack=fast");
    assertEquals(0, third.code(), third.toString());
    assertTrue(third.err().contains("holds hermit executables, left out of this one: conf-copy"), third.err());
    assertTrue(Files.size(exe) < size + size / 100, "the copy was packed: " + size + " to " + Files.size(exe));
    Proc p = Proc.run(List.of(exe.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()), null, dir);
    assertEquals(0, p.code(), p.toString());
    assertEquals("read beside the jar\n", p.out());
  }

  @Test
  void aJdkWithoutJmodsThatLinksItselfWorks() throws IOException {
    // Any JDK installed here without jmods whose jlink links its own runtime (JEP 493: Temurin 24+)
    InstalledJdks.Jdk jdk = InstalledJdks.find(j -> !j.hasJmods() && Files.isExecutable(j.tool("jlink")))
        .orElse(null);
    assumeTrue(jdk != null, "SKIPPED LOUDLY: no JDK without jmods (e.g. Temurin 24+) in " + InstalledJdks.ROOT);
    Path src = dir.resolve("Probe.java");
    Files.copy(Path.of("src/test/resources/apps/Probe.java"), src);
    Path exe = Hermit.build(dir.resolve("probe-linked"), src.toString(), "--jdk", jdk.home().toString());
    Proc p = Proc.run(List.of(exe.toString(), "prop", "java.version"),
        Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()), null, dir);
    assertEquals(0, p.code(), p.toString());
    assertEquals("java.version=" + jdk.version(), p.out().strip(), jdk.toString());
  }

  @Test
  void aJdkWithNeitherJmodsNorItsOwnJlinkIsRefusedClearly() throws IOException {
    // A real runtime image without jmods or jlink: what jlink itself produces.
    Path image = dir.resolve("jre");
    int code = java.util.spi.ToolProvider.findFirst("jlink").orElseThrow().run(System.out, System.err,
        "--add-modules", "java.base", "--output", image.toString());
    assertEquals(0, code);
    Proc p = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "--jdk", image.toString(),
        "-o", dir.resolve("never").toString());
    assertEquals(1, p.code(), p.toString());
    assertTrue(p.err().contains("has no jmods"), p.err());
    assertTrue(!Files.exists(dir.resolve("never")));
  }
}
