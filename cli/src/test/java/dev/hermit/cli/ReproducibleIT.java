package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same inputs give the same executable, byte for byte, whatever the build machine's time zone, working
 * directory and temp directory. Each kind of input is built twice by separate hermit processes (a hash-ordered
 * collection iterates differently from JVM to JVM, so two runs of one JVM would hide it).
 */
class ReproducibleIT {
  static final int LIBS = 12;
  @TempDir static Path dir;

  /** {@code app/app.jar} whose Class-Path names {@code lib/l0.jar..l11.jar}; {@code src/} the same as sources. */
  @BeforeAll
  static void inputs() throws IOException {
    Path src = Files.createDirectories(dir.resolve("src"));
    Path lib = Files.createDirectories(dir.resolve("app/lib"));
    StringBuilder main = new StringBuilder("public class Main { public static void main(String[] a) {");
    List<String> classPath = new ArrayList<>();
    for (int i = 0; i < LIBS; i++) {
      Path s = Files.writeString(Files.createDirectories(dir.resolve("libsrc" + i)).resolve("L" + i + ".java"),
          "public class L" + i + " { public static int v() { return " + i + "; } }");
      Path classes = dir.resolve("libclasses" + i);
      JarManifestIT.javac(classes, 17, null, s);
      JarManifestIT.jar(lib.resolve("l" + i + ".jar"), manifest(null, null), classes, "");
      main.append("System.out.print(L").append(i).append(".v());");
      classPath.add("lib/l" + i + ".jar");
    }
    main.append("System.out.println(); } }");
    Path mainSrc = Files.writeString(src.resolve("Main.java"), main);
    Path classes = dir.resolve("mainclasses");
    JarManifestIT.javac(classes, 17, Path.of(String.join(":", classPath.stream().map(c -> dir.resolve("app/" + c)
        .toString()).toList())), mainSrc);
    JarManifestIT.jar(dir.resolve("app/app.jar"), manifest("Main", String.join(" ", classPath)), classes, "");
    Files.createDirectories(src.resolve("lib"));
    for (int i = 0; i < LIBS; i++) {
      Files.copy(lib.resolve("l" + i + ".jar"), src.resolve("lib/l" + i + ".jar"));
    }
  }

  static Manifest manifest(String main, String classPath) {
    Manifest m = new Manifest();
    m.getMainAttributes().putValue("Manifest-Version", "1.0");
    if (main != null) {
      m.getMainAttributes().putValue("Main-Class", main);
      m.getMainAttributes().putValue("Class-Path", classPath);
    }
    return m;
  }

  /** Builds in a fresh working directory and temp directory of its own, in the given time zone. */
  static byte[] build(String zone, String name, String jlinkCache, String... args) throws IOException {
    Path cwd = Files.createDirectories(dir.resolve("cwd-" + name));
    Path tmp = Files.createDirectories(dir.resolve("tmp-" + name));
    Path out = cwd.resolve("out");
    List<String> all = new ArrayList<>(List.of("build"));
    all.addAll(List.of(args));
    all.addAll(List.of("-o", out.toString(), "-q"));
    Proc p = Hermit.runJar(Map.of("TZ", zone, "PATH", "/usr/bin:/bin", "JAVA_TOOL_OPTIONS",
        "-Djava.io.tmpdir=" + tmp, "HERMIT_JLINK_CACHE", jlinkCache), cwd, all.toArray(String[]::new));
    assertEquals(0, p.code(), p.toString());
    return Files.readAllBytes(out);
  }

  /**
   * The example's two builds link their runtimes afresh (no jlink cache), as on two machines. The other inputs differ
   * from it in their app part only, with the same module set: their builds share a jlink cache of the class's own,
   * so the first links and every later one reuses it (a reused runtime must also give the same bytes).
   */
  static void twice(String what, String... args) throws IOException {
    String cache = what.equals("hello") ? "off" : dir.resolve("jlink-cache").toString();
    byte[] a = build("UTC", what + "-a", cache, args);
    byte[] b = build("America/Los_Angeles", what + "-b", cache, args);
    assertArrayEquals(a, b, what + " built twice differs");
  }

  @Test
  void theExampleInDifferentTimeZones() throws IOException {
    twice("hello", Hermit.REPO.resolve("examples/hello").toString());
  }

  @Test
  void aJarWithClassPathJars() throws IOException {
    twice("jar", dir.resolve("app/app.jar").toString());
  }

  @Test
  void aClassPathGlob() throws IOException {
    twice("glob", "--main", "Main", "--class-path", dir.resolve("app/app.jar") + ":" + dir.resolve("app/lib") + "/*");
  }

  @Test
  void aDirectoryOfSourcesWithLibraries() throws IOException {
    twice("dir", dir.resolve("src").toString());
  }
}
