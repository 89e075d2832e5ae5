package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.HermitException;
import dev.hermit.provision.DebianMirror;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtimes of another Java version than the JDK running hermit: a jar compiled with {@code javac --release 21} is
 * built for this host with {@code --java 21} and without (hermit then chooses 21 from its class files), and runs on
 * the host and in an empty root (--check); then for linux/arm64 under qemu. Debian trixie's JDK and C library are
 * fetched into the SDK cache hermit uses by default ($HERMIT_SDK_DIR, else ~/.cache/hermit/sdk), so a second run of
 * these tests downloads nothing (ProvisionIT is the test of an empty cache).
 */
class JavaVersionIT {
  @TempDir Path dir;

  /** A jar of Java 21 class files using Java 21 API (List.reversed(), a record pattern with a guard). */
  private Path jar21() throws IOException {
    Path javac = InstalledJdks.find(j -> j.feature() >= 21 && Files.isExecutable(j.tool("javac")))
        .map(j -> j.tool("javac")).orElse(null);
    assumeTrue(javac != null, "SKIPPED LOUDLY: no javac of JDK 21 or later in " + InstalledJdks.ROOT);
    try {
      DebianMirror.choose(System.getenv("HERMIT_DEBIAN_MIRROR"), Path.of("/"));
    } catch (HermitException e) {
      assumeTrue(false, "SKIPPED LOUDLY: " + e.getMessage());
    }
    Path src = Files.createDirectories(dir.resolve("src/app")).resolve("Main.java");
    Files.writeString(src, """
        package app;

        public class Main {
          record Point(int x, int y) {}

          public static void main(String[] args) {
            Object o = new Point(1, 2);
            String s = switch (o) {
              case Point(int x, int y) when x < y -> x + "<" + y;
              default -> "other";
            };
            System.out.println("Java " + Runtime.version().feature() + " " + java.util.List.of("a", "b").reversed()
                + " " + s + " on " + System.getProperty("os.arch"));
          }
        }
        """);
    Path classes = dir.resolve("classes");
    Proc c = Proc.run(List.of(javac.toString(), "--release", "21", "-d", classes.toString(), src.toString()),
        Proc.HOST, null, dir);
    assertEquals(0, c.code(), c.toString());
    Path jar = dir.resolve("app21.jar");
    Proc j = Proc.run(List.of(javac.getParent().resolve("jar").toString(), "--create", "--file", jar.toString(),
        "--main-class", "app.Main", "-C", classes.toString(), "."), Proc.HOST, null, dir);
    assertEquals(0, j.code(), j.toString());
    return jar;
  }

  @Test
  void aJarForJava21BuildsWithJava21ForThisHostAndHermitChoosesItItself() throws IOException {
    Path jar = jar21();
    assumeTrue(Runtime.version().feature() < 21, "SKIPPED LOUDLY: hermit runs on Java "
        + Runtime.version().feature() + " here, so a Java 21 build would not need Debian's JDK");

    Path asked = dir.resolve("asked");
    Proc build = Hermit.run("build", jar.toString(), "--java", "21", "-o", asked.toString());
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().matches("(?s).*\\] linking a runtime with 1 module from Debian 21\\.\\S+ \\(Linux/x86_64\\)"
        + " at \\S+/trixie-amd64-[0-9a-f]{10}/usr/lib/jvm/java-21-openjdk-amd64\n.*")
        || !dev.hermit.platform.Target.host().orElseThrow().id().equals("linux/amd64"), build.err());
    Proc run = Proc.run(List.of(asked.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()),
        null, dir);
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().startsWith("Java 21 [b, a] 1<2 on "), run.toString());
    Proc inspect = Hermit.run("inspect", asked.toString());
    assertTrue(inspect.out().contains("\truntime.java        21\n")
        && inspect.out().contains("\truntime.javaChosen  asked for\n")
        && inspect.out().contains("\tdebian.suite        trixie\n")
        && inspect.out().contains("\thermetic            yes "), inspect.out());

    // No --java: the class files say 21. --check runs it on the host and in an empty root.
    Path chosen = dir.resolve("chosen");
    Proc auto = Hermit.run("build", jar.toString(), "-o", chosen.toString(), "--check", "-v");
    assertEquals(0, auto.code(), auto.toString());
    assertTrue(auto.err().contains("] Java 21: the lowest of 17, 21, 25 that loads the app's classes (app/Main.class"
        + " in app21.jar is compiled for Java 21)\n"), auto.err());
    assertTrue(auto.err().contains("Java 21 [b, a] 1<2 on "), auto.err());
    Proc info = Hermit.run("inspect", chosen.toString());
    assertTrue(info.out().contains("\truntime.java        21\n"), info.out());
  }

  /**
   * A Spring Boot jar of an app for Java 21: its Main-Class is Boot's JarLauncher (Java 17 classes), which starts the
   * manifest's Start-Class by name from BOOT-INF/classes. The app's classes choose the runtime, not the launcher's:
   * such a jar got a Java 17 runtime and failed at its start (UnsupportedClassVersionError).
   */
  @Test
  void aSpringBootJarOfAJava21AppGetsJava21() throws IOException {
    jar21();
    assumeTrue(Runtime.version().feature() < 21, "SKIPPED LOUDLY: hermit runs on Java "
        + Runtime.version().feature() + " here, so Java 21 would be its own choice");
    Proc fetch = Hermit.fetchJars("apps/boot-loader/pom.xml", dir.resolve("loader"), dir);
    assertEquals(0, fetch.code(), "fetching Spring Boot's loader from Maven Central: " + fetch);
    Path loader;
    try (Stream<Path> s = Files.list(dir.resolve("loader"))) {
      loader = s.filter(p -> p.getFileName().toString().startsWith("spring-boot-loader-")).findFirst().orElseThrow();
    }
    Manifest m = new Manifest();
    m.getMainAttributes().putValue("Manifest-Version", "1.0");
    m.getMainAttributes().putValue("Main-Class", "org.springframework.boot.loader.launch.JarLauncher");
    m.getMainAttributes().putValue("Start-Class", "app.Main");
    m.getMainAttributes().putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
    m.getMainAttributes().putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
    Path boot = dir.resolve("boot21.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(boot), m);
        JarFile launcher = new JarFile(loader.toFile())) {
      for (JarEntry e : java.util.Collections.list(launcher.entries())) {
        if (!e.getName().startsWith("META-INF/")) {
          out.putNextEntry(new JarEntry(e.getName()));
          launcher.getInputStream(e).transferTo(out);
        }
      }
      // Boot's launcher puts BOOT-INF/classes/ on its class path by its directory entry
      for (String d : List.of("BOOT-INF/", "BOOT-INF/classes/", "BOOT-INF/classes/app/")) {
        out.putNextEntry(new JarEntry(d));
      }
      try (Stream<Path> s = Files.list(dir.resolve("classes/app"))) {
        for (Path c : s.sorted().toList()) {
          out.putNextEntry(new JarEntry("BOOT-INF/classes/app/" + c.getFileName()));
          Files.copy(c, out);
        }
      }
    }
    Proc build = Hermit.run("build", boot.toString(), "-o", dir.resolve("boot21").toString(), "--check", "-v");
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().matches("(?s).*\\] Java 21: the lowest of 17, 21, 25 that loads the app's classes "
        + "\\(BOOT-INF/classes/app/Main\\S*\\.class in boot21\\.jar is compiled for Java 21\\)\n.*"), build.err());
    assertEquals(2, build.err().lines().filter(l -> l.startsWith("         stdout: Java 21 [b, a] 1<2 on ")).count(),
        "the real JarLauncher started the app on the host and in an empty root: " + build.err());
  }

  /**
   * google-java-format 1.29.0 is Java 17 bytecode, but its formatter refers to JDK 21 javac classes (JCAnyPattern,
   * ConstantCaseLabelTree, ...) from classes reachable from its Main, and fails on Java 17 with NoClassDefFoundError.
   * The class files alone would choose 17; the link check before linking raises it to 21, says why, and the build
   * formats a file.
   */
  /**
   * Sources for Java 21 (a record pattern in a switch) built by a hermit running on Java 17, whose javac cannot
   * parse them: a Java 21 javac compiles them (one installed, else Debian's, from the SDK cache the runtime comes
   * from too). Without --java the error says which --java would.
   */
  @Test
  void sourcesAgainstAJarForJava21CompileForJava21WithoutBeingAsked() throws IOException {
    assumeJava17WithAMirror("its own javac reads Java 21 class files");
    // a library compiled for Java 21 (class file major 65), as Error Prone 2.53 or Closure Compiler are: JDK 17's
    // javac cannot read it ("class file has wrong version 65.0, should be 61.0")
    Path libSrc = Files.createDirectories(dir.resolve("libsrc/greet"));
    Files.writeString(libSrc.resolve("Greeter.java"),
        "package greet; public class Greeter { public static String hello() { return \"hello from a Java 21 jar\"; } }");
    assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
        dir.resolve("libclasses").toString(), libSrc.resolve("Greeter.java").toString()));
    Path greeter = dir.resolve("libclasses/greet/Greeter.class");
    byte[] bytes = Files.readAllBytes(greeter);
    bytes[6] = 0;
    bytes[7] = 65; // Java 21's major version; the bytecode itself is the same
    Files.write(greeter, bytes);
    Path app = Files.createDirectories(dir.resolve("app/lib"));
    try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(
        Files.newOutputStream(app.resolve("greeter.jar")))) {
      out.putNextEntry(new java.util.jar.JarEntry("greet/Greeter.class"));
      out.write(bytes);
    }
    Files.writeString(app.getParent().resolve("Main.java"), """
        public class Main {
          public static void main(String[] args) {
            System.out.println(greet.Greeter.hello() + " on Java " + Runtime.version().feature());
          }
        }
        """);
    Path exe = dir.resolve("greeter");
    Proc build = Hermit.run("build", app.getParent().toString(), "-v", "-o", exe.toString());
    assertEquals(0, build.code(), build.toString());
    // javac's detail lines follow the error on its line: "(bad class file: ...; class file has wrong version ...)"
    assertTrue(build.err().contains("compiling for Java 17 failed (compilation failed: Main.java:3: cannot access "
        + "greet.Greeter (bad class file: "), build.err());
    assertTrue(build.err().contains("class file has wrong version 65.0, should be 61.0"), build.err());
    assertTrue(build.err().contains(") and greeter.jar needs Java 21 (greet/Greeter.class): compiling for Java 21\n"),
        build.err());
    assertTrue(build.err().contains("compiled 1 source file for Java 21 against 1 jar"), build.err());
    Proc run = Proc.run(List.of(exe.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()), null,
        dir);
    assertEquals("hello from a Java 21 jar on Java 21\n", run.out(), run.toString());
  }

  /**
   * Sources calling Java 21's API (virtual threads, List.getFirst) built without --java by a hermit on Java 17:
   * javac --release 17 says only "cannot find symbol"; hermit compiles them for the Java that has the API, as it
   * chooses the runtime's Java for a jar's class files.
   */
  @Test
  void sourcesCallingJava21ApiCompileForJava21WithoutBeingAsked() throws IOException {
    assumeJava17WithAMirror("its own javac has Java 21's API");
    Path src = Files.writeString(Files.createDirectories(dir.resolve("virtual")).resolve("Main.java"), """
        import java.util.*;
        public class Main {
          public static void main(String[] args) throws Exception {
            List<String> names = new ArrayList<>(List.of("first", "second"));
            Thread t = Thread.ofVirtual().start(() -> System.out.println(names.getFirst() + " on a virtual thread: "
                + Thread.currentThread().isVirtual() + ", Java " + Runtime.version().feature()));
            t.join();
          }
        }
        """);
    Path exe = dir.resolve("virtual-app");
    Proc build = Hermit.run("build", src.toString(), "-v", "-o", exe.toString());
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().contains("compiling for Java 17 failed: java.lang.Thread.ofVirtual is in Java 21: compiling "
        + "for Java 21\n"), build.err());
    assertTrue(build.err().contains("] Java 21: the lowest of 17, 21, 25 that loads the app's classes"), build.err());
    Proc run = Proc.run(List.of(exe.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()), null,
        dir);
    assertEquals("first on a virtual thread: true, Java 21\n", run.out(), run.toString());

    // asked for Java 17, it is not raised: the message says which Java has what javac missed
    Proc asked = Hermit.run("build", src.toString(), "--java", "17", "-o", dir.resolve("asked17").toString());
    assertEquals(1, asked.code(), asked.toString());
    assertTrue(asked.err().contains("(java.lang.Thread.ofVirtual is in Java 21: build with --java 21)"), asked.err());
  }

  @Test
  void sourcesForJava21CompileWithAJava21Javac() throws IOException {
    assumeJava17WithAMirror("its own javac compiles Java 21 sources");
    Path src = Files.writeString(dir.resolve("Shapes.java"), """
        public class Shapes {
          record Point(int x, int y) {}
          public static void main(String[] args) {
            Object o = new Point(6, 7);
            System.out.println(switch (o) {
              case Point(int x, int y) when x < y -> "Java " + Runtime.version().feature() + ": " + x * y;
              default -> "other";
            });
          }
        }
        """);
    Proc plain = Hermit.run("build", src.toString(), "-o", dir.resolve("plain").toString());
    assertEquals(1, plain.code(), plain.toString());
    assertTrue(plain.err().contains("(if these sources are for a newer Java than 17, build with --java 21 or --java "
        + "25)"), plain.err());

    // and a library given to --bundle-library by its path on this machine comes along though the runtime is
    // Debian's: it was refused as "no such file in the sysroot" of the fetched SDK
    java.util.regex.Matcher bz2 = java.util.regex.Pattern.compile("\tlibbz2\\.so\\.1\\.0 \\(.*\\) => (\\S+)")
        .matcher(Proc.run(List.of("/sbin/ldconfig", "-p"), Proc.HOST, null, dir).out());
    assertTrue(bz2.find(), "this machine's libbz2.so.1.0");
    Path own = Files.copy(Path.of(bz2.group(1)), dir.resolve("libbz2-private.so"));
    Path exe = dir.resolve("shapes");
    Proc build = Hermit.run("build", src.toString(), "--java", "21", "--bundle-library", own.toString(), "-v", "-o",
        exe.toString());
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().contains("         javac: "), build.err());
    assertTrue(build.err().contains("bundled as asked (--bundle-library): libbz2-private.so, libbz2.so, libbz2.so.1.0\n"),
        build.err());
    Proc run = Proc.run(List.of(exe.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()), null,
        dir);
    assertEquals("Java 21: 42\n", run.out(), run.toString());

    // Java 21's preview of an unnamed class with an instance main (JEP 445), as java --enable-preview --source 21
    // runs it: it was "no class in Hello.java declares public static void main(String[])"
    Path unnamed = Files.writeString(Files.createDirectories(dir.resolve("unnamed")).resolve("Hello.java"),
        "void main() {\n  System.out.println(\"unnamed on \" + Runtime.version().feature());\n}\n");
    Path hello = dir.resolve("unnamed-hello");
    Proc preview = Hermit.run("build", unnamed.toString(), "--java", "21", "-J--enable-preview", "-o",
        hello.toString());
    assertEquals(0, preview.code(), preview.toString());
    Proc ran = Proc.run(List.of(hello.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()), null,
        dir);
    assertEquals("unnamed on 21\n", ran.out(), ran.toString());
  }

  @Test
  void aJava17JarThatNeedsJava21InternalsGetsJava21() throws IOException {
    jar21(); // the same preconditions: a mirror (and a javac 21+ to compare against, unused here)
    Path lib = dir.resolve("lib");
    Proc fetch = Hermit.fetchJars("apps/google-java-format-1.29/pom.xml", lib, dir);
    assertEquals(0, fetch.code(), "fetching google-java-format 1.29.0: " + fetch);
    List<String> args = new java.util.ArrayList<>(List.of("build", "--main", "com.google.googlejavaformat.java.Main",
        "--class-path", lib + "/*", "-o", dir.resolve("gjf").toString()));
    for (String p : List.of("api", "code", "file", "parser", "tree", "util")) {
      args.add("-J--add-exports=jdk.compiler/com.sun.tools.javac." + p + "=ALL-UNNAMED");
    }
    Proc build = Hermit.run(args.toArray(String[]::new));
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().matches("(?s).*\\] Java 21: classes reachable from the main class refer to \\d+ JDK classes "
        + "and members that Java 17 lacks and Java 21 has: [^\n]*com\\.sun\\.source\\.tree\\.[^\n]*"
        + " <- com\\.google\\.googlejavaformat\\.java\\.JavaInputAstVisitor.*"), build.err());
    Path source = dir.resolve("Ugly.java");
    Files.writeString(source, "class Ugly{void f(){int x=1;}}\n");
    Proc run = Proc.run(List.of(dir.resolve("gjf").toString(), source.toString()),
        Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()), null, dir);
    assertEquals(0, run.code(), run.toString());
    assertEquals("class Ugly {\n  void f() {\n    int x = 1;\n  }\n}\n", run.out(), run.toString());
  }

  /**
   * linux/riscv64: Debian bookworm (Java 17) has no riscv64 packages, so for the example's Java 17 classes hermit
   * takes Java 21 from trixie and says why; the output runs under qemu-riscv64-static through HERMIT_EMULATOR.
   * Costs the trixie riscv64 SDK (about 90 MB, once) and a qemu run of the JVM.
   */
  @Test
  void anUnknownJavaVersionIsOneLineNamingTheKnownOnes() {
    Proc p = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "--java", "22",
        "-o", dir.resolve("x").toString());
    assertEquals(2, p.code(), p.toString());
    assertTrue(p.err().startsWith("hermit: unknown --java '22': hermit's runtimes are Java 17, 21, 25\n"), p.err());
    assertTrue(!Files.exists(dir.resolve("x")));
  }

  /** Costs a second SDK (trixie arm64: 6 packages, about 90 MB, once) and a qemu run of the JVM. */
  @Test
  void aJava21BuildForArm64RunsUnderQemu() throws IOException {
    Path jar = jar21();
    String qemu = "qemu-aarch64-static";
    assumeTrue(Proc.run(List.of("sh", "-c", "command -v " + qemu), Proc.HOST, null, null).code() == 0,
        "SKIPPED LOUDLY: no " + qemu + " here (apt-get install qemu-user-static)");
    Path exe = dir.resolve("arm64");
    Proc build = Hermit.run("build", jar.toString(), "--java", "21", "--target", "linux/arm64", "-o", exe.toString());
    assertEquals(0, build.code(), build.toString());
    Proc inspect = Hermit.run("inspect", exe.toString());
    assertTrue(inspect.out().contains("ELF 64-bit LSB executable, arm64 (EM_AARCH64), static")
        && inspect.out().contains("\truntime.java        21\n")
        && inspect.out().matches("(?s).*\\tdebian\\.packages +openjdk-21-jdk-headless +\\S+ +arm64 .*"), inspect.out());
    Proc run = CrossIT.runHere(dev.hermit.platform.Target.parse("linux/arm64"), exe, dir.resolve("cache"), dir);
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().startsWith("Java 21 [b, a] 1<2 on aarch64"), run.toString());
  }

  /** Sources for Java 21 on a hermit that runs on Java 17, compiled with Debian's javac: skipped loudly elsewhere. */
  private static void assumeJava17WithAMirror(String otherwise) {
    assumeTrue(Runtime.version().feature() < 21, "SKIPPED LOUDLY: hermit runs on Java " + Runtime.version().feature()
        + " here, so " + otherwise);
    try {
      DebianMirror.choose(System.getenv("HERMIT_DEBIAN_MIRROR"), Path.of("/"));
    } catch (HermitException e) {
      assumeTrue(false, "SKIPPED LOUDLY: " + e.getMessage());
    }
  }
}
