package dev.hermit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.InputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /**
   * Sources that use the release's preview features (pattern matching in switch, a preview of Java 17) compile when
   * the app runs with --enable-preview (-J), as {@code java --enable-preview Main.java} runs them; without it javac
   * refuses them, naming the feature.
   */
  @Test
  void sourcesUsingPreviewFeaturesCompileWhenTheAppRunsWithThem() throws IOException {
    assumeTrue(Runtime.version().feature() == 17, "Java 17's preview feature: pattern matching in switch");
    Path app = Files.createDirectories(dir.resolve("preview"));
    Files.writeString(app.resolve("Main.java"), "public class Main { public static void main(String[] a) {"
        + " Object o = a.length; System.out.println(switch (o) { case Integer i -> \"int \" + i; default -> \"?\"; }); } }");
    InputException e = assertThrows(InputException.class, () -> new InputResolver(
        Files.createDirectories(dir.resolve("work-1")), 17, w -> {}).resolve(app, null, List.of(), List.of()));
    assertTrue(e.getMessage().contains("preview"), e.getMessage());
    // javac's own detail line, in parentheses already, gets no second pair
    assertTrue(e.getMessage().contains(" (use --enable-preview to enable patterns in switch statements) ("),
        e.getMessage());
    // javac's own hint names --enable-preview, a java option, which hermit takes as -J; and the feature is final in 21
    assertTrue(e.getMessage().endsWith(" (if these sources are for a newer Java than 17, build with --java 21 or "
        + "--java 25; to use Java 17's preview features, build with -J--enable-preview, which the output then runs "
        + "with)"), e.getMessage());

    AppInput in = new InputResolver(Files.createDirectories(dir.resolve("work-2")), 17, w -> {})
        .resolve(app, null, List.of(), List.of("--enable-preview"));
    ClassVersions.Headers headers = ClassVersions.Headers.read(in.classPath());
    assertEquals(0xFFFF, headers.preview(17).orElseThrow().minor(), "compiled with Java 17's preview features");
    assertTrue(headers.preview(21).isEmpty(), "which no other Java runs");
  }

  /**
   * One source file given, as {@code java Main.java} runs it since Java 22 (JEP 458): the classes it uses from its
   * source tree compile with it, the tree's root found from its package; the tree's other files, which it does not
   * use, are not compiled (one here does not compile). It was "cannot find symbol: Helper".
   */
  @Test
  void aSourceFileGetsTheClassesItUsesFromItsSourceTree() throws IOException {
    Path root = Files.createDirectories(dir.resolve("tree"));
    Path main = Files.writeString(Files.createDirectories(root.resolve("app")).resolve("Main.java"),
        "package app; public class Main { public static void main(String[] a) {"
            + " System.out.println(Helper.name() + util.Util.twice(21)); } }");
    Files.writeString(root.resolve("app/Helper.java"), "package app; class Helper { static String name() {"
        + " return \"helper \"; } }");
    Files.writeString(Files.createDirectories(root.resolve("util")).resolve("Util.java"),
        "package util; public class Util { public static int twice(int x) { return 2 * x; } }");
    Files.writeString(root.resolve("util/Broken.java"), "package util; class Broken { not java }");
    assertEquals(root.toAbsolutePath(), JavaSources.sourceRoot(main));
    AppInput in = new InputResolver(Files.createDirectories(dir.resolve("work-tree")), 17, w -> {})
        .resolve(main, null, List.of(), List.of());
    assertEquals("app.Main", in.mainClass());
    java.util.Set<String> names = ClassPathEntries.classNames(in.classPath());
    assertTrue(names.containsAll(java.util.Set.of("app.Main", "app.Helper", "util.Util")), names.toString());
    assertTrue(!names.contains("util.Broken"), names.toString());
    // a file whose directories do not match its package is its own root
    Path loose = Files.writeString(dir.resolve("Loose.java"), "package far.away; class Loose {}");
    assertEquals(dir.toAbsolutePath(), JavaSources.sourceRoot(loose));
  }

  /**
   * A jar of lib/ whose javac plugin is compiled for a newer Java than the javac (Error Prone 2.53 under JDK 17's):
   * javac crashes loading it and reports no diagnostic; the message names the crash, not "no error message".
   */
  @Test
  void aJavacCrashIsNamedInTheMessage() throws IOException {
    Path pluginSrc = Files.createDirectories(dir.resolve("plugin/p"));
    Files.writeString(pluginSrc.resolve("P.java"), "package p; public class P implements com.sun.source.util.Plugin {"
        + " public String getName() { return \"P\"; } public void init(com.sun.source.util.JavacTask t, String... a) {} }");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
        dir.resolve("plugin-classes").toString(), pluginSrc.resolve("P.java").toString()));
    byte[] plugin = Files.readAllBytes(dir.resolve("plugin-classes/p/P.class"));
    plugin[6] = 0;
    plugin[7] = (byte) (Runtime.version().feature() + 45); // one Java newer than this javac
    Path app = Files.createDirectories(dir.resolve("crash/lib"));
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(app.resolve("plugin.jar")))) {
      out.putNextEntry(new JarEntry("META-INF/services/com.sun.source.util.Plugin"));
      out.write("p.P\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.putNextEntry(new JarEntry("p/P.class"));
      out.write(plugin);
    }
    Files.writeString(app.getParent().resolve("Main.java"), "public class Main { public static void main(String[] a) {} }");
    InputException e = assertThrows(InputException.class, () -> new InputResolver(
        Files.createDirectories(dir.resolve("crash-work")), Runtime.version().feature(), w -> {})
        .resolve(app.getParent(), null, List.of()));
    assertTrue(e.getMessage().startsWith("compilation failed: javac crashed: java.lang.UnsupportedClassVersionError: "
        + "p/P has been compiled by a more recent version of the Java Runtime"), e.getMessage());
  }

  /**
   * javac's diagnostics as javac gives them: every error in the message, with its detail (symbol, location) and its
   * path from the directory built; a successful build's warnings printed, not dropped.
   */
  @Test
  void everyErrorIsNamedAndWarningsAreNotDropped() throws IOException {
    Path bad = Files.createDirectories(dir.resolve("bad/pkg"));
    Files.writeString(bad.resolve("Main.java"), """
        package pkg;
        public class Main {
          public static void main(String[] a) { System.out.println(nam); }
          static void f() { undefinedCall(); }
        }
        """);
    InputException e = assertThrows(InputException.class, () -> new InputResolver(
        Files.createDirectories(dir.resolve("bad-work")), 17, w -> {}).resolve(bad.getParent(), null, List.of()));
    assertEquals("compilation failed: 2 errors: pkg/Main.java:3: cannot find symbol (symbol: variable nam; "
        + "location: class pkg.Main) | pkg/Main.java:4: cannot find symbol (symbol: method undefinedCall(); "
        + "location: class pkg.Main)", e.getMessage());

    Path ok = Files.createDirectories(dir.resolve("ok/pkg"));
    Files.writeString(ok.resolve("Main.java"), """
        package pkg;
        public class Main {
          public static void main(String[] a) { System.out.println(new Integer(1)); }
        }
        """);
    List<String> warnings = new java.util.ArrayList<>();
    new InputResolver(Files.createDirectories(dir.resolve("ok-work")), 17, warnings::add)
        .resolve(ok.getParent(), null, List.of());
    assertEquals(List.of("javac: pkg/Main.java:3: Integer(int) in java.lang.Integer has been deprecated and marked "
        + "for removal"), warnings);
  }

  /**
   * A directory holding one executable jar is built as java -jar runs that jar: jars beside it that its Class-Path
   * does not name stay out, as there, and the build names them (a directory of modular jars, run with java -p,
   * lost them without a word) with the command that takes them all.
   */
  @Test
  void jarsBesideTheOneExecutableJarThatItDoesNotNameAreNamed() throws IOException {
    Path app = Files.createDirectories(dir.resolve("mods"));
    Path classes = Files.createDirectories(dir.resolve("mods-classes"));
    Path src = Files.createDirectories(dir.resolve("mods-src/a"));
    Files.writeString(src.resolve("Main.java"), "package a; public class Main { public static void main(String[] x) {} }");
    Files.writeString(src.resolve("Api.java"), "package a; public class Api {}");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        src.resolve("Main.java").toString(), src.resolve("Api.java").toString()));
    jar(app.resolve("app.jar"), classes, "a/Main.class", "a.Main");
    jar(app.resolve("lib.api.jar"), classes, "a/Api.class", null);
    List<String> warnings = new ArrayList<>();
    AppInput in = new InputResolver(Files.createDirectories(dir.resolve("mods-work")), 17, warnings::add)
        .resolve(app, null, List.of());
    assertEquals(List.of(app.resolve("app.jar")), in.classPath());
    assertEquals(List.of(app + " holds one executable jar, app.jar, built as java -jar runs it: the jars beside it "
        + "that its manifest's Class-Path does not name stay out (lib.api.jar), as under java -jar; if the app needs "
        + "them: hermit build --class-path '" + app + "/*' --main a.Main"), warnings);
  }

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
    // run as java -cp would, every jar on java.class.path (apps that scan it for classes see the libraries)
    assertEquals(null, in.launchJar());
    assertEquals(List.of("app/app.jar", "app/lib/inlib.jar", "app/lib/beside.jar"), in.treeClassPath());
  }

  /** --class-path with a directory of sources: more libraries, compiled against and packed (it was dropped). */
  @Test
  void theClassPathGivenWithASourceDirectoryAddsItsJars() throws IOException {
    Path app = Files.createDirectories(dir.resolve("app"));
    Path classes = greeterClasses("classes");
    Path extra = Files.createDirectories(dir.resolve("elsewhere")).resolve("extra.jar");
    jar(extra, classes, "a/Greeter.class", null);
    Files.writeString(app.resolve("Main.java"),
        "public class Main { public static void main(String[] x) { System.out.println(a.Greeter.hi()); } }");
    InputResolver resolver = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, w -> {});

    AppInput in = resolver.resolve(app, null, List.of(extra.toString()));
    assertEquals("Main", in.mainClass());
    assertEquals(List.of(extra), in.classPath().subList(1, in.classPath().size()));
    assertEquals("app/lib/extra.jar", in.files().get(extra));

    InputException e = assertThrows(InputException.class, () -> resolver.resolve(app, null,
        List.of(classes.toString())));
    assertTrue(e.getMessage().startsWith("--class-path " + classes + ": with a directory of sources the class path "
        + "takes jars"), e.getMessage());
  }

  /**
   * --class-path with one .java file, as {@code java -cp 'lib/*' Main.java} runs it: its jars are compiled against
   * and packed beside the class. They were ignored, and the build stopped at "package a does not exist".
   */
  @Test
  void theClassPathGivenWithASourceFileIsCompiledAgainstAndPacked() throws IOException {
    Path classes = greeterClasses("classes-1");
    Path lib = Files.createDirectories(dir.resolve("single/lib"));
    jar(lib.resolve("greeter.jar"), classes, "a/Greeter.class", null);
    Path main = Files.writeString(dir.resolve("single/Hello.java"),
        "public class Hello { public static void main(String[] x) { System.out.println(a.Greeter.hi()); } }");
    InputResolver resolver = new InputResolver(Files.createDirectories(dir.resolve("work-single")), 17, w -> {});

    AppInput in = resolver.resolve(main, null, List.of(lib + "/*"));
    assertEquals("Hello", in.mainClass());
    assertEquals(List.of(lib.resolve("greeter.jar")), in.classPath().subList(1, in.classPath().size()));
    assertEquals("app/lib/greeter.jar", in.files().get(lib.resolve("greeter.jar")));

    InputException e = assertThrows(InputException.class, () -> resolver.resolve(main, null,
        List.of(classes.toString())));
    assertTrue(e.getMessage().startsWith("--class-path " + classes + ": with a .java file the class path takes jars"),
        e.getMessage());
  }

  /**
   * Sources compile against their own libraries only, not the classes of the JVM that runs hermit (its jar's
   * picocli, xz and zstd): a source naming one built, and its output then stopped at NoClassDefFoundError.
   */
  @Test
  void sourcesDoNotSeeTheClassesHermitRunsWith() throws IOException {
    Path main = Files.writeString(Files.createDirectories(dir.resolve("leak")).resolve("Hello.java"),
        "public class Hello { public static void main(String[] a) { System.out.println(dev.hermit.app.InputResolver.class); } }");
    InputException e = assertThrows(InputException.class, () -> new InputResolver(
        Files.createDirectories(dir.resolve("work-leak")), 17, w -> {}).resolve(main, null, List.of(), List.of()));
    assertTrue(e.getMessage().contains("package dev.hermit.app does not exist"), e.getMessage());
  }

  /**
   * A jar in lib/ that only serves javac (it registers an annotation processor and nothing else, and no class of
   * the app names its classes) is compiled with but not packed, as a build tool's processor path holds it: Lombok
   * brought jdk.compiler and more into the runtime. Named by the app (Lombok's @SneakyThrows calls lombok.Lombok), or
   * with the app compiling code at run time itself, it is packed as before.
   */
  @Test
  void aJarThatOnlyServesJavacIsNotPacked() throws IOException {
    Path quiet = dir.resolve("quiet.jar");
    processorJar(quiet, "Quiet", "return false;");
    Path app = Files.createDirectories(dir.resolve("processed"));
    Path lib = Files.createDirectories(app.resolve("lib"));
    Files.copy(quiet, lib.resolve("quiet.jar"));
    Files.writeString(app.resolve("Main.java"), "public class Main { public static void main(String[] a) {} }");
    AppInput in = new InputResolver(Files.createDirectories(dir.resolve("work-p1")), 17, w -> {})
        .resolve(app, null, List.of(), List.of());
    assertEquals(1, in.classPath().size(), in.classPath().toString());
    assertTrue(!in.files().containsKey(lib.resolve("quiet.jar")), in.files().toString());

    // an annotation of its the JVM never loads (CLASS-retained, as Lombok's @lombok.Generated) names no need
    Path annotations = Files.createDirectories(dir.resolve("annotations-src/p"));
    Files.writeString(annotations.resolve("Mark.java"), "package p; public @interface Mark {}");
    Files.writeString(annotations.resolve("Kept.java"), "package p; @java.lang.annotation.Retention("
        + "java.lang.annotation.RetentionPolicy.RUNTIME) public @interface Kept {}");
    Path annotationClasses = Files.createDirectories(dir.resolve("annotations-classes"));
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", annotationClasses.toString(),
        annotations.resolve("Mark.java").toString(), annotations.resolve("Kept.java").toString()));
    try (java.nio.file.FileSystem zip = java.nio.file.FileSystems.newFileSystem(lib.resolve("quiet.jar"))) {
      for (String c : List.of("p/Mark.class", "p/Kept.class")) {
        Files.copy(annotationClasses.resolve(c), zip.getPath(c));
      }
    }
    Files.writeString(app.resolve("Main.java"), "@p.Mark public class Main { public static void main(String[] a) {} }");
    in = new InputResolver(Files.createDirectories(dir.resolve("work-p4")), 17, w -> {})
        .resolve(app, null, List.of(), List.of());
    assertEquals(1, in.classPath().size(), "a CLASS-retained annotation: " + in.classPath());
    Files.writeString(app.resolve("Main.java"), "@p.Kept public class Main { public static void main(String[] a) {} }");
    in = new InputResolver(Files.createDirectories(dir.resolve("work-p5")), 17, w -> {})
        .resolve(app, null, List.of(), List.of());
    assertEquals(List.of(lib.resolve("quiet.jar")), in.classPath().subList(1, in.classPath().size()),
        "a RUNTIME-retained one");

    Files.writeString(app.resolve("Main.java"), "public class Main { public static void main(String[] a) {"
        + " System.out.println(p.Quiet.class); } }");
    in = new InputResolver(Files.createDirectories(dir.resolve("work-p2")), 17, w -> {})
        .resolve(app, null, List.of(), List.of());
    assertEquals(List.of(lib.resolve("quiet.jar")), in.classPath().subList(1, in.classPath().size()), "named");

    Files.writeString(app.resolve("Main.java"), "public class Main { public static void main(String[] a) {"
        + " System.out.println(javax.tools.ToolProvider.getSystemJavaCompiler()); } }");
    in = new InputResolver(Files.createDirectories(dir.resolve("work-p3")), 17, w -> {})
        .resolve(app, null, List.of(), List.of());
    assertEquals(List.of(lib.resolve("quiet.jar")), in.classPath().subList(1, in.classPath().size()),
        "the app's own javac may run it");
  }

  /**
   * An annotation processor of the libraries that throws stops the build with what it threw, where, and why: hermit
   * compiling in-process said "internal error: java.lang.RuntimeException" and asked for a bug report.
   */
  @Test
  void aProcessorThatThrowsIsNamedWithWhatItThrew() throws IOException {
    Path app = processorApp("boom-17");
    InputException e = assertThrows(InputException.class, () -> new InputResolver(
        Files.createDirectories(dir.resolve("work-boom-17")), 17, w -> {}).resolve(app, null, List.of(), List.of()));
    assertEquals("compilation failed: " + BOOM, e.getMessage());
  }

  /**
   * The same under a newer Java's javac, run as a process: its message came from its first line, which was the JVM's
   * warning about sun.misc.Unsafe (an old Lombok under Java 25's javac), not the processor's failure.
   */
  @Test
  void aProcessorThatThrowsUnderANewerJavacIsNamedWithWhatItThrew() throws IOException {
    Path jdk25 = null;
    try (java.util.stream.Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
      for (Path j : jdks.sorted().toList()) {
        Path release = j.resolve("release");
        if (Files.isExecutable(j.resolve("bin/javac")) && Files.isRegularFile(release)
            && Files.readString(release).contains("JAVA_VERSION=\"25")) {
          jdk25 = j;
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // no /usr/lib/jvm
    }
    assumeTrue(jdk25 != null, "needs a Java 25 JDK in /usr/lib/jvm (this machine kind has Temurin 25 there)");
    Path app = processorApp("boom-25");
    String javac = jdk25.resolve("bin/javac").toString();
    InputException e = assertThrows(InputException.class, () -> new InputResolver(
        Files.createDirectories(dir.resolve("work-boom-25")), 25, w -> {}, v -> List.of(javac))
        .resolve(app, null, List.of(), List.of()));
    assertEquals("compilation failed (the javac of Java 25): " + BOOM, e.getMessage());
  }

  private static final String BOOM = "an annotation processor of the libraries threw an exception in p.Boom: "
      + "java.lang.IllegalStateException: boom in the processor; caused by java.lang.ClassNotFoundException: "
      + "no.such.Thing";

  /** An app whose lib/ holds a processor that touches sun.misc.Unsafe (a newer JVM warns), then throws. */
  private Path processorApp(String name) throws IOException {
    Path app = Files.createDirectories(dir.resolve(name));
    Path lib = Files.createDirectories(app.resolve("lib"));
    processorJar(lib.resolve("boom.jar"), "Boom", """
        try {
          var f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
          f.setAccessible(true);
          ((sun.misc.Unsafe) f.get(null)).objectFieldOffset(Boom.class.getDeclaredField("x"));
          Class.forName("no.such.Thing");
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("boom in the processor", e);
        }
        return false;""");
    Files.writeString(app.resolve("Main.java"), "public class Main { public static void main(String[] a) {} }");
    return app;
  }

  /** A jar registering one annotation processor, p.NAME, whose process method is {@code body}. */
  private void processorJar(Path jar, String name, String body) throws IOException {
    Path src = Files.createDirectories(dir.resolve(name + "-src/p"));
    Files.writeString(src.resolve(name + ".java"), """
        package p;
        import java.util.Set;
        import javax.annotation.processing.*;
        import javax.lang.model.SourceVersion;
        import javax.lang.model.element.TypeElement;
        @SupportedAnnotationTypes("*")
        public class NAME extends AbstractProcessor {
          long x;
          @Override public SourceVersion getSupportedSourceVersion() { return SourceVersion.latestSupported(); }
          @Override public boolean process(Set<? extends TypeElement> a, RoundEnvironment r) {
            BODY
          }
        }""".replace("NAME", name).replace("BODY", body));
    Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
        classes.toString(), src.resolve(name + ".java").toString()));
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
      j.putNextEntry(new JarEntry("p/" + name + ".class"));
      j.write(Files.readAllBytes(classes.resolve("p/" + name + ".class")));
      j.putNextEntry(new JarEntry("META-INF/services/javax.annotation.processing.Processor"));
      j.write(("p." + name + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /**
   * A source tree compiles as one: packages in subdirectories, none of lib/ or a hidden directory, and no module
   * declaration (whose requires would find no module on the class path).
   */
  @Test
  void packagesInSubdirectoriesCompileWithTheRest() throws IOException {
    Path app = Files.createDirectories(dir.resolve("tree"));
    Files.createDirectories(app.resolve("com/acme/util"));
    Files.writeString(app.resolve("com/acme/Main.java"), "package com.acme; public class Main { public static void"
        + " main(String[] x) { System.out.println(com.acme.util.Six.times(7)); } }");
    Files.writeString(app.resolve("com/acme/util/Six.java"),
        "package com.acme.util; public class Six { public static int times(int n) { return 6 * n; } }");
    Files.createDirectories(app.resolve(".git")).resolve("Broken.java").toFile().createNewFile();
    Files.writeString(app.resolve("module-info.java"), "module com.acme { requires com.google.gson; }");
    Files.writeString(Files.createDirectories(app.resolve("lib")).resolve("Broken.java"), "not java");

    List<String> warnings = new java.util.ArrayList<>();
    AppInput in = new InputResolver(Files.createDirectories(dir.resolve("tree-work")), 17, warnings::add).resolve(app,
        null, List.of());

    assertEquals("com.acme.Main", in.mainClass());
    assertEquals(List.of("module-info.java is left out: the sources are compiled and run on the class path, as java "
        + "-jar runs a jar"), warnings);
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(in.classPath().get(0).toFile())) {
      assertEquals(java.util.Set.of("META-INF/", "META-INF/MANIFEST.MF", "com/", "com/acme/", "com/acme/Main.class",
          "com/acme/util/", "com/acme/util/Six.class"),
          new java.util.TreeSet<>(jar.stream().map(JarEntry::getName).toList()));
    }
  }

  /**
   * The files beside the sources are resources, as {@code java -cp DIR} finds them (Weld needs META-INF/beans.xml):
   * packed into the app's jar by their path from the source root, except what is hidden, under lib/, a jar or
   * class, or a native binary (the last build's output, written into the directory).
   */
  @Test
  void filesBesideTheSourcesArePackedAsResources() throws Exception {
    Path app = Files.createDirectories(dir.resolve("weld"));
    Files.createDirectories(app.resolve("com/acme"));
    Files.writeString(app.resolve("com/acme/Main.java"), "package com.acme; public class Main { public static void"
        + " main(String[] x) { System.out.println(Main.class.getResource(\"/META-INF/beans.xml\")); } }");
    Files.writeString(app.resolve("com/acme/messages.properties"), "hi=hello\n");
    Files.writeString(Files.createDirectories(app.resolve("META-INF")).resolve("beans.xml"), "<beans/>\n");
    Files.writeString(Files.createDirectories(app.resolve(".idea")).resolve("workspace.xml"), "<ide/>");
    Files.writeString(Files.createDirectories(app.resolve("lib")).resolve("notes.txt"), "not a resource");
    Files.copy(Path.of(System.getProperty("java.home"), "bin", "java"), app.resolve("app")); // a previous output
    Path image = Files.createDirectories(app.resolve("image/blobs/sha256")); // and its --image
    Files.writeString(app.resolve("image/oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(image.resolve("0123"), "a gzipped layer");

    Files.writeString(app.resolve("com/acme/Shell.java"), "package com.acme; public class Shell {"
        + " public String greet(String name) { return name; } }");
    AppInput in = new InputResolver(Files.createDirectories(dir.resolve("weld-work")), 17, w -> {}).resolve(app,
        null, List.of());
    // compiled with -parameters, as Spring Boot's builds are: Spring Shell and Spring MVC read the names
    try (java.net.URLClassLoader l = new java.net.URLClassLoader(new java.net.URL[] {in.classPath().get(0).toUri()
        .toURL()}, null)) {
      assertEquals("name", l.loadClass("com.acme.Shell").getMethod("greet", String.class).getParameters()[0].getName());
    }
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(in.classPath().get(0).toFile())) {
      assertEquals(java.util.Set.of("META-INF/", "META-INF/MANIFEST.MF", "META-INF/beans.xml", "com/", "com/acme/",
          "com/acme/Main.class", "com/acme/Shell.class", "com/acme/messages.properties"), new java.util.TreeSet<>(jar.stream().map(JarEntry::getName).toList()));
      assertEquals("hi=hello\n", new String(jar.getInputStream(jar.getEntry("com/acme/messages.properties"))
          .readAllBytes()));
    }
  }

  /**
   * An unpacked jar (Spring Boot's extract --launcher layout, an unzipped fat jar) is run as {@code java -cp DIR
   * MAIN} with its manifest's Main-Class; a directory with nothing to build says what it takes.
   */
  @Test
  void anUnpackedJarRunsWithItsManifestsMainClass() throws IOException {
    Path app = Files.createDirectories(dir.resolve("unpacked"));
    Path src = Files.createDirectories(dir.resolve("unpacked-src/app"));
    Files.writeString(src.resolve("Main.java"), "package app; public class Main { public static void main(String[] a) {} }");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", app.toString(),
        src.resolve("Main.java").toString()));
    Files.createDirectories(app.resolve("META-INF"));
    Files.writeString(app.resolve("META-INF/MANIFEST.MF"), "Manifest-Version: 1.0\nMain-Class: app.Main\n");
    AppInput in = new InputResolver(Files.createDirectories(dir.resolve("unpacked-work")), 17, w -> { })
        .resolve(app, null, List.of());
    assertEquals("app.Main", in.mainClass());
    assertEquals(List.of(app), in.classPath());
    assertEquals(null, in.launchJar(), "run with -cp, not -jar");

    Path empty = Files.createDirectories(dir.resolve("nothing"));
    Files.writeString(empty.resolve("README"), "no app here");
    InputException e = assertThrows(InputException.class, () -> new InputResolver(
        Files.createDirectories(dir.resolve("nothing-work")), 17, w -> { }).resolve(empty, null, List.of()));
    assertTrue(e.getMessage().endsWith("nor an unpacked jar (META-INF/MANIFEST.MF with a Main-Class)"),
        e.getMessage());
  }

  /** A build tool's project is not a source tree (its tests would compile without their libraries): hermit says so. */
  @Test
  void aMavenOrGradleProjectIsNotTakenForASourceTree() throws IOException {
    for (String build : List.of("pom.xml", "build.gradle.kts")) {
      Path project = Files.createDirectories(dir.resolve("project-" + build));
      Files.writeString(project.resolve(build), "");
      Path tests = Files.createDirectories(project.resolve("src/test/java"));
      Files.writeString(tests.resolve("MainTest.java"), "class MainTest { org.junit.Test t; }");
      dev.hermit.InputException e = org.junit.jupiter.api.Assertions.assertThrows(dev.hermit.InputException.class,
          () -> new InputResolver(Files.createDirectories(dir.resolve("work-" + build)), 17, w -> {}).resolve(project,
              null, List.of()));
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(
          build.equals("pom.xml") ? "is a Maven project: build its jar (mvn package)"
              : "is a Gradle project: build its distribution (gradle installDist"),
          e.getMessage());
    }
    // a pom.xml beside sources laid out as packages, no src/main or src/test (one that fetched lib/): sources, as
    // with a .java file beside it; it was refused, with advice (mvn package) that built an empty jar
    Path quick = Files.createDirectories(dir.resolve("quick/p"));
    Files.writeString(quick.getParent().resolve("pom.xml"), "<project/>");
    Files.writeString(quick.resolve("Main.java"), "package p; public class Main { public static void main(String[] a) {} }");
    assertEquals("p.Main", new InputResolver(Files.createDirectories(dir.resolve("work-quick")), 17, w -> {})
        .resolve(quick.getParent(), null, List.of()).mainClass());
  }

  /**
   * A library's annotation processor runs, as under {@code javac -cp 'lib/*'}: JMH's finds the benchmarks and writes
   * META-INF/BenchmarkList. Here a processor writes a class the app uses and a resource; both are in the app's jar,
   * the generated source is not.
   */
  @Test
  void theLibrariesAnnotationProcessorsRunAndWhatTheyWriteIsPacked() throws IOException {
    Path classes = Files.createDirectories(dir.resolve("proc-classes"));
    Path src = Files.createDirectories(dir.resolve("proc-src/p"));
    Files.writeString(src.resolve("Gen.java"), """
        package p;
        import java.io.Writer;
        import java.util.Set;
        import javax.annotation.processing.*;
        import javax.lang.model.SourceVersion;
        import javax.lang.model.element.TypeElement;
        import javax.tools.StandardLocation;
        @SupportedAnnotationTypes("p.Marked")
        public class Gen extends AbstractProcessor {
          @Override public SourceVersion getSupportedSourceVersion() { return SourceVersion.latestSupported(); }
          @Override public boolean process(Set<? extends TypeElement> types, RoundEnvironment round) {
            if (types.isEmpty()) return false;
            try (Writer w = processingEnv.getFiler().createSourceFile("gen.Answer").openWriter()) {
              w.write("package gen; public class Answer { public static int of() { return 42; } }");
              processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", "META-INF/marked.txt")
                  .openWriter().append("Main\\n").close();
            } catch (java.io.IOException e) { throw new RuntimeException(e); }
            return true;
          }
        }""");
    Files.writeString(src.resolve("Marked.java"), "package p; public @interface Marked {}");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        src.resolve("Gen.java").toString(), src.resolve("Marked.java").toString()));
    Files.createDirectories(classes.resolve("META-INF/services"));
    Files.writeString(classes.resolve("META-INF/services/javax.annotation.processing.Processor"), "p.Gen\n");
    Path app = Files.createDirectories(dir.resolve("proc-app/lib"));
    Path lib = app.resolve("gen.jar");
    try (OutputStream out = Files.newOutputStream(lib); JarOutputStream j = new JarOutputStream(out)) {
      for (String e : List.of("p/Gen.class", "p/Marked.class", "META-INF/services/javax.annotation.processing.Processor")) {
        j.putNextEntry(new JarEntry(e));
        j.write(Files.readAllBytes(classes.resolve(e)));
      }
    }
    Files.writeString(app.getParent().resolve("Main.java"),
        "@p.Marked public class Main { public static void main(String[] x) { System.out.println(gen.Answer.of()); } }");

    List<String> details = new java.util.ArrayList<>();
    AppInput in = new InputResolver(Files.createDirectories(dir.resolve("proc-work")), 17, w -> {})
        .details(details::add).resolve(app.getParent(), null, List.of());
    assertEquals(List.of("compiled 1 source file for Java 17 against 1 jar; annotation processors of those jars ran: "
        + "p.Gen", "not packed, as javac alone uses them (annotation processors that no class of the app names): "
        + "gen.jar"), details, "-v says what was compiled, which processors ran and what serves javac only");
    // directories have entries, as the jar tool writes them: getResource("META-INF/") and a framework's lookup of
    // a directory of generated files (Micronaut's bean references) find them
    try (java.util.jar.JarFile built = new java.util.jar.JarFile(in.classPath().get(0).toFile())) {
      List<String> names = built.stream().map(java.util.zip.ZipEntry::getName).toList();
      assertEquals(List.of("META-INF/", "META-INF/MANIFEST.MF"), names.subList(0, 2), names.toString());
      assertTrue(names.containsAll(List.of("gen/", "gen/Answer.class", "META-INF/marked.txt", "Main.class")),
          names.toString());
      assertTrue(names.indexOf("gen/") < names.indexOf("gen/Answer.class"), names.toString());
      assertEquals(1, names.stream().filter(n -> n.equals("META-INF/")).count(), names.toString());
    }

    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(in.classPath().get(0).toFile())) {
      java.util.Set<String> names = new java.util.TreeSet<>(jar.stream().map(JarEntry::getName).toList());
      assertEquals(java.util.Set.of("META-INF/", "META-INF/MANIFEST.MF", "META-INF/marked.txt", "Main.class", "gen/",
          "gen/Answer.class"), names);
    }

    // beside it a jar that registers a processor it does not hold (sisu-inject's, among kotlin-main-kts's
    // dependencies): javac stopped at it ("Bad service configuration file"); the one held still runs, and the build
    // says which was left out
    Path broken = app.resolve("broken.jar");
    try (OutputStream out = Files.newOutputStream(broken); JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new JarEntry("META-INF/services/javax.annotation.processing.Processor"));
      j.write("org.eclipse.sisu.space.SisuIndexAPT6\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    List<String> warnings = new java.util.ArrayList<>();
    AppInput again = new InputResolver(Files.createDirectories(dir.resolve("proc-work2")), 17, warnings::add)
        .resolve(app.getParent(), null, List.of());
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(again.classPath().get(0).toFile())) {
      assertTrue(jar.getEntry("gen/Answer.class") != null, "p.Gen ran");
    }
    assertTrue(warnings.stream().anyMatch(w -> w.contains("register annotation processors whose classes none of them "
        + "holds") && w.contains("org.eclipse.sisu.space.SisuIndexAPT6") && w.contains("the others only: p.Gen")),
        warnings.toString());
  }

  /**
   * Sources for a Java newer than the one running hermit compile with the javac the resolver is given (a Java 25
   * JDK's here, where one is installed): a compact source file's {@code void main()} (JEP 512) is its main class.
   * Where hermit's own javac would do, the given one is never asked for.
   */
  @Test
  void sourcesForANewerJavaCompileWithItsJavacAndAnInstanceMainIsAMain() throws IOException {
    Path javac25 = null;
    try (java.util.stream.Stream<Path> s = Files.list(Path.of("/usr/lib/jvm"))) {
      for (Path home : s.sorted().toList()) {
        if (Files.isExecutable(home.resolve("bin/javac")) && Files.isRegularFile(home.resolve("release"))
            && Files.readString(home.resolve("release")).contains("JAVA_VERSION=\"25")) {
          javac25 = home.resolve("bin/javac");
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // none installed
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(javac25 != null && Runtime.version().feature() < 25,
        "SKIPPED LOUDLY: no Java 25 javac in /usr/lib/jvm, or hermit runs on Java 25 itself");
    Path src = Files.writeString(Files.createDirectories(dir.resolve("compact")).resolve("Hi.java"),
        "void main() {\n  IO.println(\"hi\");\n}\n");
    List<String> javac = List.of(javac25.toString());
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();

    AppInput in = new InputResolver(Files.createDirectories(dir.resolve("work25")), 25, w -> {}, v -> {
      assertEquals(25, v);
      asked.incrementAndGet();
      return javac;
    }).resolve(src, null, List.of());

    assertEquals("Hi", in.mainClass());
    assertEquals(1, asked.get());
    byte[] main = ClassPathEntries.findClass(in.classPath(), "Hi");
    assertEquals(69, ((main[6] & 0xff) << 8) | (main[7] & 0xff), "Java 25 class files");

    AppInput old = new InputResolver(Files.createDirectories(dir.resolve("work17")), 17, w -> {}, v -> {
      throw new AssertionError("hermit's own javac compiles for 17");
    }).resolve(Files.writeString(dir.resolve("Old.java"),
        "public class Old { public static void main(String[] a) {} }"), null, List.of());
    assertEquals("Old", old.mainClass());
    java.nio.file.Path broken = Files.writeString(dir.resolve("Broken.java"), "void main() {}"); // compact: Java 25
    dev.hermit.InputException e = org.junit.jupiter.api.Assertions.assertThrows(dev.hermit.InputException.class,
        () -> new InputResolver(Files.createDirectories(dir.resolve("work-broken")), 17, w -> {}).resolve(broken,
            null, List.of()));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("build with --java 25)"), e.getMessage());
    java.nio.file.Path patterns = Files.writeString(Files.createDirectories(dir.resolve("patterns")).resolve("R.java"),
        "public class R { record P(int x) {} static boolean f(Object o) { return o instanceof P(int x); } }");
    e = org.junit.jupiter.api.Assertions.assertThrows(dev.hermit.InputException.class,
        () -> new InputResolver(Files.createDirectories(dir.resolve("work-patterns")), 17, w -> {}).resolve(patterns,
            null, List.of()));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("build with --java 21 or --java 25)"),
        e.getMessage());
  }

  /** A directory (under the test's) holding a.Greeter, compiled: {@code Greeter.hi()} says "hi". */
  private Path greeterClasses(String name) throws IOException {
    Path classes = Files.createDirectories(dir.resolve(name));
    Path src = Files.createDirectories(dir.resolve(name + "-src/a"));
    Files.writeString(src.resolve("Greeter.java"), "package a; public class Greeter { public static String hi() { return \"hi\"; } }");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        src.resolve("Greeter.java").toString()));
    return classes;
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
