package dev.hermit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class-Path attributes of the class path's jars: missing entries are skipped, as java does, and said in one warning. */
class ClassPathManifestTest {
  @TempDir Path dir;

  @Test
  void aJarReachedTwiceIsOnTheClassPathOnceAndItsMissingEntrySaidOnce() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    compileMain();
    jar(lib.resolve("a.jar"), "b.jar missing-a.jar missing-c.jar", dir.resolve("classes/p/Main.class"));
    jar(lib.resolve("b.jar"), "missing-b.jar", null);
    List<String> warnings = new ArrayList<>();
    AppInput app = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, warnings::add)
        .resolve(null, "p.Main", List.of(lib + "/*"));
    assertEquals(List.of(lib.resolve("a.jar"), lib.resolve("b.jar")), app.classPath());
    // b.jar is on the class path and in a.jar's Class-Path, walked once; the missing entries make one warning
    assertEquals(List.of("3 Class-Path entries do not exist; skipped (java skips them too, but finds any that appear later; the output "
        + "never will): a.jar names 'missing-a.jar' "
        + "'missing-c.jar'; b.jar names 'missing-b.jar'"), warnings);

    jar(lib.resolve("b.jar"), "", null);
    jar(lib.resolve("a.jar"), "b.jar missing-a.jar", dir.resolve("classes/p/Main.class"));
    warnings.clear();
    new InputResolver(Files.createDirectories(dir.resolve("work2")), 17, warnings::add)
        .resolve(null, "p.Main", List.of(lib + "/*"));
    assertEquals(List.of("Class-Path entry 'missing-a.jar' of a.jar does not exist; skipped (java skips it too, but "
        + "finds it if it appears later; the output never will)"), warnings);
  }

  /**
   * A jar built with Maven's {@code <addClasspath>} names its dependencies beside it ('lib/dep-1.0.jar'), where the
   * Maven plugin gives them from the local repository: on the class path under their names, they are not missing,
   * and no warning says the output "never will" have what it ships.
   */
  @Test
  void classPathEntriesTheClassPathSuppliesByNameAreNotMissing() throws IOException {
    compileMain();
    Path target = Files.createDirectories(dir.resolve("target"));
    jar(target.resolve("app-1.0.jar"), "lib/dep-1.0.jar gone-2.0.jar", dir.resolve("classes/p/Main.class"));
    Path repo = Files.createDirectories(dir.resolve("repo/dep/1.0"));
    jar(repo.resolve("dep-1.0.jar"), "", null);
    List<String> warnings = new ArrayList<>();
    AppInput app = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, warnings::add)
        .resolve(null, "p.Main", List.of(target.resolve("app-1.0.jar").toString(), repo.resolve("dep-1.0.jar").toString()));
    assertEquals(List.of(target.resolve("app-1.0.jar"), repo.resolve("dep-1.0.jar")), app.classPath());
    assertEquals(List.of("Class-Path entry 'gone-2.0.jar' of app-1.0.jar does not exist; skipped (java skips it too, "
        + "but finds it if it appears later; the output never will)"), warnings, "only what nothing supplies");
  }

  /**
   * Attribute names in any case, as the JAR specification says and java reads them: {@code main-class:} and
   * {@code class-path:} were "no Main-Class in its manifest" and a Class-Path left out.
   */
  @Test
  void manifestAttributeNamesAreReadInAnyCase() throws IOException {
    compileMain();
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(new Attributes.Name("main-class"), "p.Main");
    m.getMainAttributes().put(new Attributes.Name("CLASS-PATH"), "dep.jar");
    Path app = dir.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(app), m)) {
      out.putNextEntry(new java.util.jar.JarEntry("p/Main.class"));
      out.write(Files.readAllBytes(dir.resolve("classes/p/Main.class")));
    }
    jar(dir.resolve("dep.jar"), "", null);
    AppInput in = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, w -> {}).resolve(app, null,
        List.of());
    assertEquals("p.Main", in.mainClass());
    assertEquals(List.of(app, dir.resolve("dep.jar")), in.classPath());
    assertEquals("p.Main", in.manifestAttributes().get("Main-Class"));
  }

  /** A FIFO where a jar is expected blocked the build for ever: as the input or a class path entry it is refused. */
  @Test
  void aFifoIsRefusedOrSkippedNeverRead() throws Exception {
    Path fifo = dir.resolve("in.jar");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    compileMain();
    Path app = dir.resolve("app.jar");
    jar(app, "in.jar", dir.resolve("classes/p/Main.class"));
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
      InputResolver r = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, w -> {});
      dev.hermit.InputException input = org.junit.jupiter.api.Assertions.assertThrows(dev.hermit.InputException.class,
          () -> r.resolve(fifo, null, List.of()));
      assertEquals(fifo + " is neither a file nor a directory (a FIFO, a device?): build a jar, a .java file or a "
          + "directory", input.getMessage());
      dev.hermit.InputException entry = org.junit.jupiter.api.Assertions.assertThrows(dev.hermit.InputException.class,
          () -> r.resolve(null, "p.Main", List.of(app.toString(), fifo.toString())));
      org.junit.jupiter.api.Assertions.assertTrue(entry.getMessage().contains("is neither a file nor a directory"),
          entry.getMessage());
      // named by a manifest's Class-Path, it is skipped, as a missing entry is, with a warning that says what it is
      List<String> warnings = new java.util.ArrayList<>();
      AppInput in = new InputResolver(Files.createDirectories(dir.resolve("work2")), 17, warnings::add).resolve(null,
          "p.Main", List.of(app.toString()));
      assertEquals(List.of(app), in.classPath());
      assertEquals(List.of("Class-Path entry 'in.jar' of app.jar is neither a jar nor a directory (a pipe, a socket "
          + "or a device); skipped"), warnings);
    });
  }

  /**
   * A jar that is a link (Debian's tomcat10 lib/jasper.jar -> /usr/share/java/tomcat10-jasper.jar) whose Class-Path
   * names a jar beside its target, not beside the link: Tomcat's loader looks there, and JSPs compiled under java;
   * the output had no compiler ("No Java compiler available").
   */
  @Test
  void aLinkedJarsClassPathIsFoundBesideItsTargetToo() throws Exception {
    compileMain();
    Path share = Files.createDirectories(dir.resolve("share/java"));
    jar(share.resolve("jasper.jar"), "jdt.jar", dir.resolve("classes/p/Main.class"));
    jar(share.resolve("jdt.jar"), "", null);
    Path lib = Files.createDirectories(dir.resolve("tomcat/lib"));
    Files.createSymbolicLink(lib.resolve("jasper.jar"), share.resolve("jasper.jar"));
    List<String> warnings = new java.util.ArrayList<>();
    AppInput in = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, warnings::add).resolve(null,
        "p.Main", List.of(lib.resolve("jasper.jar").toString()));
    assertEquals(List.of(lib.resolve("jasper.jar"), share.resolve("jdt.jar")), in.classPath());
    assertEquals(List.of(), warnings);
  }

  /**
   * A jar whose relative Class-Path names a jar the output has on its own class path (Maven's addClasspath,
   * {@code lib/dep.jar}, built with {@code --class-path target/app.jar:target/lib/*}, which packs both side by side)
   * is packed as it is: java finds the jar there all the same, and a copy would cost a signed jar its signature. One
   * that names a jar by absolute path gets a copy that names it where the output holds it.
   */
  @Test
  void onlyAClassPathTheOutputWouldMissIsRelinked() throws Exception {
    compileMain();
    Path target = Files.createDirectories(dir.resolve("target/lib")).getParent();
    jar(target.resolve("lib/dep.jar"), "", null);
    jar(target.resolve("app.jar"), "lib/dep.jar", dir.resolve("classes/p/Main.class"));
    AppInput in = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, w -> {}).resolve(null,
        "p.Main", List.of(target.resolve("app.jar").toString(), target.resolve("lib/dep.jar").toString()));
    assertEquals(List.of("app/cp/app.jar", "app/cp/dep.jar"), in.treeClassPath());
    List<String> said = new java.util.ArrayList<>();
    assertEquals(in, ClassPathRelinker.relativize(in, dir.resolve("relinked"), said::add, said::add));
    assertEquals(List.of(), said);

    jar(target.resolve("abs.jar"), target.resolve("lib/dep.jar").toString(), dir.resolve("classes/p/Main.class"));
    AppInput abs = new InputResolver(Files.createDirectories(dir.resolve("work2")), 17, w -> {}).resolve(null,
        "p.Main", List.of(target.resolve("abs.jar").toString()));
    AppInput relinked = ClassPathRelinker.relativize(abs, dir.resolve("relinked2"), said::add, said::add);
    Path copy = relinked.files().keySet().stream().filter(k -> k.getFileName().toString().equals("abs.jar"))
        .findFirst().orElseThrow();
    assertTrue(copy.startsWith(dir.resolve("relinked2")), copy.toString());
    try (java.util.jar.JarFile j = new java.util.jar.JarFile(copy.toFile())) {
      assertEquals("dep.jar", j.getManifest().getMainAttributes().getValue("Class-Path"));
    }
  }

  /** p.Main, compiled into classes/. */
  private void compileMain() throws IOException {
    Path src = Files.writeString(Files.createDirectories(dir.resolve("src/p")).resolve("Main.java"),
        "package p; public class Main { public static void main(String[] a) {} }");
    assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
        dir.resolve("classes").toString(), src.toString()));
  }

  private static void jar(Path file, String classPath, Path mainClass) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), m)) {
      if (mainClass != null) {
        out.putNextEntry(new java.util.jar.JarEntry("p/Main.class"));
        out.write(Files.readAllBytes(mainClass));
      }
    }
  }
}
