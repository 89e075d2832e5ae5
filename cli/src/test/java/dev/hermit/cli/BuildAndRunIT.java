package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds real executables (the example, a single .java file) and runs them as a user would. */
class BuildAndRunIT {
  @TempDir static Path dir;
  static Path probe;
  static Path cache;

  @BeforeAll
  static void buildProbe() throws IOException {
    Path src = dir.resolve("Probe.java");
    Files.copy(Path.of("src/test/resources/apps/Probe.java"), src);
    // the default packing (the suite's HERMIT_PACK=fast is for speed): every run below decodes level-19 frames
    probe = Hermit.build(dir.resolve("probe"), src.toString(), "--pack=small");
    cache = dir.resolve("cache");
  }

  static Map<String, String> env(String... kv) {
    Map<String, String> env = new HashMap<>(Proc.UTF8);
    env.put("HERMIT_CACHE_DIR", cache.toString());
    for (int i = 0; i < kv.length; i += 2) {
      env.put(kv[i], kv[i + 1]);
    }
    return env;
  }

  static Proc probe(Map<String, String> env, String stdin, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(probe.toString()));
    command.addAll(List.of(args));
    return Proc.run(command, env, stdin, dir);
  }

  /** Into directories that do not exist yet, as go build -o makes them. */
  @Test
  void theExampleBuildsAndRuns() {
    Path hello = Hermit.build(dir.resolve("out/bin/hello"), Hermit.REPO.resolve("examples/hello").toString());
    Proc p = Proc.run(List.of(hello.toString(), "world"), env(), null, dir);
    assertEquals(0, p.code(), p.toString());
    assertTrue(p.out().startsWith("Hello from a single hermit executable"), p.toString());
    assertTrue(p.out().contains("arg: world\n"), p.toString());
  }

  /**
   * Every extracted file has the app's build time, as its jar records it (docs/FORMAT.md, MTIME): what a server
   * reads for a resource's Last-Modified (a jar: URL's time is the jar file's) is the same after the cache is gone,
   * as in a fresh container or on another replica, where it was each extraction's own time before.
   */
  @Test
  void extractedFilesHaveTheAppsBuildTime() throws IOException {
    Path src = Files.createDirectories(dir.resolve("mtime-src"));
    Files.writeString(src.resolve("Stamp.java"), "public class Stamp { public static void main(String[] a) throws "
        + "Exception { System.out.println(Stamp.class.getResource(\"/r.txt\").openConnection().getLastModified()"
        + " / 1000); } }");
    Path classes = Files.createDirectories(dir.resolve("mtime-classes"));
    assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
        classes.toString(), src.resolve("Stamp.java").toString()));
    java.time.LocalDateTime built = java.time.LocalDateTime.of(2026, 11, 30, 14, 15, 16);
    long want = built.toEpochSecond(java.time.ZoneOffset.UTC); // MS-DOS times carry no zone: read as UTC
    Path jar = dir.resolve("stamp.jar");
    Map<String, byte[]> entries = new java.util.LinkedHashMap<>(); // every entry's time set, the manifest's too
    entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nMain-Class: Stamp\r\n\r\n".getBytes());
    entries.put("Stamp.class", Files.readAllBytes(classes.resolve("Stamp.class")));
    entries.put("r.txt", "v1".getBytes());
    try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
      for (Map.Entry<String, byte[]> en : entries.entrySet()) {
        java.util.zip.ZipEntry e = new java.util.zip.ZipEntry(en.getKey());
        e.setTimeLocal(en.getKey().equals("r.txt") ? built : built.minusDays(1)); // the newest counts
        out.putNextEntry(e);
        out.write(en.getValue());
        out.closeEntry();
      }
    }
    Path exe = Hermit.build(dir.resolve("stamp"), jar.toString());
    Proc inspect = Hermit.run("inspect", exe.toString());
    assertTrue(inspect.out().matches("(?s).*\tfileTime +2026-11-30T14:15:16Z \\(the app's build time.*"),
        inspect.toString());
    Path fresh = dir.resolve("mtime-cache");
    for (int run = 0; run < 2; run++) {
      Hermit.deleteTree(fresh);
      Proc p = Proc.run(List.of(exe.toString()), env("HERMIT_CACHE_DIR", fresh.toString()), null, dir);
      assertEquals(0, p.code(), p.toString());
      assertEquals(want + "\n", p.out(), "run " + run + ": the jar's time, not the extraction's: " + p);
    }
    try (Stream<Path> cached = Files.list(fresh)) {
      Path entry = cached.filter(e -> Files.isDirectory(e.resolve("rt"))).findFirst().orElseThrow();
      // the runtime too, extracted by the second process from a later zstd frame
      assertEquals(want, Files.getLastModifiedTime(entry.resolve("rt/lib/modules")).toMillis() / 1000);
    }
  }

  /**
   * A launcher jar at the top of its home, which it finds beside itself at run time (Jetty's start.jar: jetty.home
   * is start.jar's directory, its modules and lib/ below): the directory is packed whole, so the output's jar finds
   * its configuration and loads its jars as in the directory. Packed alone it found neither ("Unknown modules").
   */
  @Test
  void aLauncherJarFindsItsHomeBesideItself() throws IOException {
    Path home = Files.createDirectories(dir.resolve("launcher-home"));
    Path src = Files.createDirectories(dir.resolve("launcher-src"));
    Files.writeString(src.resolve("Start.java"), """
        import java.nio.file.*;
        public class Start {
          public static void main(String[] a) throws Exception {
            Path home = Path.of(Start.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
            try (var loader = new java.net.URLClassLoader(new java.net.URL[] {
                home.resolve("lib/ext/hello.jar").toUri().toURL()})) {
              Object hi = loader.loadClass("Hello").getMethod("hi").invoke(null);
              System.out.println(Files.readString(home.resolve("etc/greeting.txt")).strip() + " " + hi);
            }
          }
        }""");
    Files.writeString(src.resolve("Hello.java"), "public class Hello { public static String hi() { return \"from lib\"; } }");
    Path classes = Files.createDirectories(dir.resolve("launcher-classes"));
    assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
        classes.toString(), src.resolve("Start.java").toString(), src.resolve("Hello.java").toString()));
    String jarTool = Path.of(System.getProperty("java.home"), "bin", "jar").toString();
    Files.createDirectories(home.resolve("lib/ext"));
    Proc j1 = Proc.run(List.of(jarTool, "cfe", home.resolve("start.jar").toString(), "Start", "-C", classes.toString(),
        "Start.class"), Proc.HOST, null, dir);
    Proc j2 = Proc.run(List.of(jarTool, "cf", home.resolve("lib/ext/hello.jar").toString(), "-C", classes.toString(),
        "Hello.class"), Proc.HOST, null, dir);
    assertEquals(0, j1.code() + j2.code(), j1 + " " + j2);
    Files.writeString(Files.createDirectories(home.resolve("etc")).resolve("greeting.txt"), "configured\n");
    Path exe = Hermit.build(dir.resolve("launcher"), home.toString());
    Proc p = Proc.run(List.of(exe.toString()), env(), null, dir);
    assertEquals("configured from lib\n", p.out(), p.toString());
  }

  /**
   * An application's distribution as Gradle's installDist lays it out (lib/ without an executable jar, bin/ with
   * the start script that names the main class and the class path's order): built as a directory, it runs, with
   * the JVM options the script passes and the files beside lib/ where they name them ($APP_HOME).
   */
  @Test
  void aGradleDistributionDirectoryBuildsFromItsStartScript() throws IOException {
    Path app = Files.createDirectories(dir.resolve("dist/greeter"));
    Path src = Files.createDirectories(dir.resolve("dist-src/com/acme"));
    Files.writeString(src.resolve("Main.java"), "package com.acme; public class Main { public static void main(String[] a)"
        + " throws Exception { System.out.println(Words.hi() + \" \" + String.join(\",\", a) + \" \" + java.nio.file.Files"
        + ".readString(java.nio.file.Path.of(System.getProperty(\"greeter.home\"), \"conf/greeting.txt\")).strip()); } }");
    Files.writeString(src.resolve("Words.java"), "package com.acme; public class Words { public static String hi() {"
        + " return \"hi from a distribution\"; } }");
    Path classes = Files.createDirectories(dir.resolve("dist-classes"));
    assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
        classes.toString(), src.resolve("Main.java").toString(), src.resolve("Words.java").toString()));
    Path lib = Files.createDirectories(app.resolve("lib"));
    String jar = Path.of(System.getProperty("java.home"), "bin", "jar").toString();
    Proc jar1 = Proc.run(List.of(jar, "cf", lib.resolve("greeter-1.0.jar").toString(), "-C", classes.toString(),
        "com/acme/Main.class"), Proc.HOST, null, dir);
    Proc jar2 = Proc.run(List.of(jar, "cf", lib.resolve("words-1.0.jar").toString(), "-C", classes.toString(),
        "com/acme/Words.class"), Proc.HOST, null, dir);
    assertEquals(0, jar1.code() + jar2.code(), jar1 + " " + jar2);
    Files.createDirectories(app.resolve("bin"));
    Files.createDirectories(app.resolve("conf"));
    Files.writeString(app.resolve("conf/greeting.txt"), "and its conf/ beside lib/\n");
    Files.writeString(app.resolve("bin/greeter"), """
        #!/bin/sh
        DEFAULT_JVM_OPTS='"-Dgreeter.home=$APP_HOME"'
        CLASSPATH=$APP_HOME/lib/greeter-1.0.jar:$APP_HOME/lib/words-1.0.jar
        set -- \\
                "-Dorg.gradle.appname=$APP_BASE_NAME" \\
                -classpath "$CLASSPATH" \\
                com.acme.Main \\
                "$@"
        exec "$JAVACMD" "$@"
        """);
    Path exe = Hermit.build(dir.resolve("greeter"), app.toString());
    Proc p = Proc.run(List.of(exe.toString(), "x", "y"), env(), null, dir);
    assertEquals(0, p.code(), p.toString());
    assertEquals("hi from a distribution x,y and its conf/ beside lib/\n", p.out(), p.toString());
  }

  /**
   * A modular app's distribution (Gradle's script for one runs --module-path "$MODULE_PATH" --module app/Main):
   * the output runs it as a module too, so a service it provides only in module-info is found and its classes are
   * in their module. Built on the class path, as before, it found no provider and its module was unnamed.
   */
  @Test
  void aModularDistributionRunsAsAModule() throws IOException {
    Path app = Files.createDirectories(dir.resolve("moddist/greeter"));
    Path src = Files.createDirectories(dir.resolve("moddist-src"));
    Files.createDirectories(src.resolve("com/acme/impl"));
    Files.writeString(src.resolve("module-info.java"), "module greeter { requires java.logging; uses com.acme.Greeting;"
        + " provides com.acme.Greeting with com.acme.impl.Hello; }");
    Files.writeString(src.resolve("com/acme/Greeting.java"), "package com.acme; public interface Greeting { String hi(); }");
    Files.writeString(src.resolve("com/acme/impl/Hello.java"), "package com.acme.impl; public class Hello implements "
        + "com.acme.Greeting { public String hi() { return \"hello\"; } }");
    Files.writeString(src.resolve("com/acme/Main.java"), "package com.acme; public class Main { public static void "
        + "main(String[] a) { System.out.println(Main.class.getModule().getName() + \" \" + java.util.ServiceLoader"
        + ".load(Greeting.class).stream().map(p -> p.get().hi()).toList()); } }");
    Path classes = Files.createDirectories(dir.resolve("moddist-classes"));
    List<String> javac = new java.util.ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
    for (String f : List.of("module-info.java", "com/acme/Greeting.java", "com/acme/impl/Hello.java",
        "com/acme/Main.java")) {
      javac.add(src.resolve(f).toString());
    }
    assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, javac.toArray(String[]::new)));
    Path lib = Files.createDirectories(app.resolve("lib"));
    Proc jar = Proc.run(List.of(Path.of(System.getProperty("java.home"), "bin", "jar").toString(), "cf",
        lib.resolve("greeter-1.0.jar").toString(), "-C", classes.toString(), "."), Proc.HOST, null, dir);
    assertEquals(0, jar.code(), jar.toString());
    Files.createDirectories(app.resolve("bin"));
    Files.writeString(app.resolve("bin/greeter"), """
        #!/bin/sh
        MODULE_PATH=$APP_HOME/lib/greeter-1.0.jar
        exec "$JAVACMD" --module-path "$MODULE_PATH" --module greeter/com.acme.Main "$@"
        """);
    Path exe = Hermit.build(dir.resolve("modgreeter"), app.toString());
    Proc p = Proc.run(List.of(exe.toString()), env(), null, dir);
    assertEquals(0, p.code(), p.toString());
    assertEquals("greeter [hello]\n", p.out(), p.toString());

    // the same from a class path, as java -p PATH -m MODULE/CLASS runs it: --main MODULE/CLASS
    Path byMain = Hermit.build(dir.resolve("modgreeter-main"), "--main", "greeter/com.acme.Main", "--class-path",
        lib.resolve("greeter-1.0.jar").toString());
    Proc q = Proc.run(List.of(byMain.toString()), env(), null, dir);
    assertEquals("greeter [hello]\n", q.out(), q.toString());
    Proc wrong = Hermit.run("build", "--main", "other/com.acme.Main", "--class-path",
        lib.resolve("greeter-1.0.jar").toString(), "-o", dir.resolve("never").toString());
    assertEquals(1, wrong.code(), wrong.toString());
    assertTrue(wrong.err().contains("the main class other/com.acme.Main is in the module other, which no jar of the class path "
        + "is (by its module-info.class, its Automatic-Module-Name or its file name, as java -p names them); they are "
        + "greeter"), wrong.err());
  }

  /**
   * A plain jar is an automatic module on java's module path: named by its Automatic-Module-Name, else by its file
   * name. {@code --main MODULE/CLASS} runs it as {@code java -p JAR -m MODULE/CLASS} does (it was refused as a
   * module no jar declares).
   */
  @Test
  void anAutomaticModuleRunsByItsNameAsJavaNamesIt() throws IOException {
    Path src = Files.createDirectories(dir.resolve("auto-src/au"));
    Files.writeString(src.resolve("Main.java"), "package au; public class Main { public static void main(String[] a) {"
        + " Module m = Main.class.getModule(); System.out.println(m.getName() + \" \" + m.getDescriptor()"
        + ".isAutomatic()); } }");
    Path classes = Files.createDirectories(dir.resolve("auto-classes"));
    assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
        classes.toString(), src.resolve("Main.java").toString()));
    Path mf = Files.writeString(dir.resolve("auto.mf"), "Automatic-Module-Name: com.acme.auto\n");
    String jarTool = Path.of(System.getProperty("java.home"), "bin", "jar").toString();
    Path named = dir.resolve("auto.jar");
    Path plain = dir.resolve("plainname-2.3.jar");
    Proc j1 = Proc.run(List.of(jarTool, "cfm", named.toString(), mf.toString(), "-C", classes.toString(), "."),
        Proc.HOST, null, dir);
    Proc j2 = Proc.run(List.of(jarTool, "cf", plain.toString(), "-C", classes.toString(), "."), Proc.HOST, null, dir);
    assertEquals(0, j1.code() + j2.code(), j1 + " " + j2);
    Path byName = Hermit.build(dir.resolve("automod"), "--main", "com.acme.auto/au.Main", "--class-path",
        named.toString());
    Proc p = Proc.run(List.of(byName.toString()), env(), null, dir);
    assertEquals("com.acme.auto true\n", p.out(), p.toString());
    Path byFile = Hermit.build(dir.resolve("automod-file"), "--main", "plainname/au.Main", "--class-path",
        plain.toString());
    Proc q = Proc.run(List.of(byFile.toString()), env(), null, dir);
    assertEquals("plainname true\n", q.out(), q.toString());
  }

  /**
   * A directory of sources with its libraries in lib/ runs as {@code java -cp 'lib/*:classes'} would: the libraries
   * are on java.class.path, which some apps scan for classes (Weka's class discovery found none before).
   */
  @Test
  void aSourceDirectorysLibrariesAreOnTheClassPathProperty() throws IOException {
    Path app = Files.createDirectories(dir.resolve("scanner"));
    Path lib = Files.createDirectories(app.resolve("lib"));
    Path classes = Files.createDirectories(dir.resolve("scanner-classes"));
    Path words = Files.writeString(dir.resolve("Words.java"), "public class Words {}");
    assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
        classes.toString(), words.toString()));
    Proc jar = Proc.run(List.of(Path.of(System.getProperty("java.home"), "bin", "jar").toString(), "cf",
        lib.resolve("words-1.0.jar").toString(), "-C", classes.toString(), "Words.class"), Proc.HOST, null, dir);
    assertEquals(0, jar.code(), jar.toString());
    Files.writeString(app.resolve("Main.java"), """
        import java.io.File;
        import java.nio.file.Path;
        public class Main {
          public static void main(String[] args) {
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
              System.out.println(Path.of(e).getFileName());
            }
          }
        }
        """);
    Path exe = Hermit.build(dir.resolve("scanner-exe"), app.toString());
    Proc p = Proc.run(List.of(exe.toString()), env(), null, dir);
    assertEquals(0, p.code(), p.toString());
    assertEquals("scanner.jar\nwords-1.0.jar\n", p.out(), p.toString());
  }

  /**
   * Production options that load a JDK module no class of the app refers to (a flight recording, a debugger
   * agent, JMX remote access): built into the example, the output starts, records, listens and greets, where
   * before it died at start with "Module jdk.jfr not found".
   */
  @Test
  void jvmOptionsThatLoadModulesStillStart() throws IOException {
    Path recording = dir.resolve("rec.jfr");
    Path exe = Hermit.build(dir.resolve("hello-options"), Hermit.REPO.resolve("examples/hello").toString(),
        "-J-XX:StartFlightRecording=filename=" + recording,
        "-J-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0",
        "-J-Dcom.sun.management.jmxremote.port=0", "-J-Dcom.sun.management.jmxremote.authenticate=false",
        "-J-Dcom.sun.management.jmxremote.ssl=false", "-J-Dgreeting=hello world");
    // inspect quotes an option with a space, which would otherwise read as two
    Proc inspect = Hermit.run("inspect", exe.toString());
    assertTrue(inspect.out().contains(" -Dcom.sun.management.jmxremote.ssl=false '-Dgreeting=hello world'\n"),
        inspect.toString());
    Proc p = Proc.run(List.of(exe.toString(), "options"), env(), null, dir);
    assertEquals(0, p.code(), p.toString());
    assertTrue(p.out().contains("Listening for transport dt_socket at address: "), p.toString());
    assertTrue(p.out().contains("Hello from a single hermit executable") && p.out().contains("arg: options\n"),
        p.toString());
    assertTrue(Files.size(recording) > 0, "the flight recording is written at exit: " + recording);
  }

  /**
   * The JDK's classes lose their line numbers by default (jlink's --strip-java-debug-attributes): a stack trace
   * reads "Unknown Source" for their frames; --jdk-line-numbers keeps them, as under java ("Integer.java:NNN").
   */
  @Test
  void jdkLineNumbersAreKeptWhenAskedFor() throws IOException {
    Path src = dir.resolve("trace/Trace.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, "public class Trace { public static void main(String[] a) {"
        + " try { Integer.parseInt(\"x\"); } catch (NumberFormatException e) {"
        + " System.out.println(e.getStackTrace()[e.getStackTrace().length - 2]); } } }");
    Path stripped = Hermit.build(dir.resolve("trace-stripped"), src.toString(), "-q");
    Path kept = Hermit.build(dir.resolve("trace-kept"), src.toString(), "-q", "--jdk-line-numbers");
    Proc a = Proc.run(List.of(stripped.toString()), env(), null, dir);
    Proc b = Proc.run(List.of(kept.toString()), env(), null, dir);
    assertTrue(a.out().startsWith("java.base/java.lang.Integer.parseInt(Unknown Source)"), a.toString());
    assertTrue(b.out().matches("java\\.base/java\\.lang\\.Integer\\.parseInt\\(Integer\\.java:\\d+\\)\\s*"),
        b.toString());
  }

  @Test
  void aCdsArchiveSurvivesExtractionAndIsUsed() {
    // -Xshare:on makes the JVM refuse to start unless the archive maps: the test fails if CDS is not in use.
    Path cds = dir.resolve("hello-cds");
    Proc build = Hermit.runJar(Map.of("PATH", "/usr/bin:/bin"), dir, "build",
        Hermit.REPO.resolve("examples/hello").toString(), "--cds", "-J-Xshare:on", "-q", "-o", cds.toString());
    assertEquals(0, build.code(), build.toString());
    assertEquals("", build.out() + build.err(), "-q prints nothing, not even the CDS dump's warnings");
    Proc p = Proc.run(List.of(cds.toString()), env(), null, dir);
    assertEquals(0, p.code(), p.toString());
    assertTrue(p.out().startsWith("Hello from a single hermit executable"), p.toString());
    Proc foreign = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "--cds", "--target",
        Runners.foreign().id(), "-o", dir.resolve("never").toString());
    assertEquals(1, foreign.code(), foreign.toString());
    assertTrue(foreign.err().contains("a class-data-sharing archive made at build time needs a build for this host's"
        + " platform"), foreign.err());
    assertTrue(foreign.err().strip().endsWith("cannot run here (--cds auto|off|build)"), foreign.err());
  }

  /**
   * --locales: the runtime formats as a JDK does for the languages named (de_DE spelled as LANG does), falls back to
   * the root locale for the others, and is smaller than with all of jdk.localedata, which the app's
   * Locale.forLanguageTag brings by default.
   */
  @Test
  void localesCarryTheFormatsNamedAndNoOthers() throws IOException {
    Path src = Files.writeString(dir.resolve("Fmt.java"), """
        import java.time.LocalDate;
        import java.time.format.DateTimeFormatter;
        import java.time.format.FormatStyle;
        import java.util.Locale;
        public class Fmt {
          public static void main(String[] args) {
            for (String tag : args) {
              System.out.println(tag + " " + Fmt.format(Locale.forLanguageTag(tag)));
            }
          }
          static String format(Locale l) {
            return java.text.NumberFormat.getInstance(l).format(1234567.5) + " "
                + LocalDate.of(2026, 12, 4).format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(l));
          }
        }
        """);
    Path some = dir.resolve("fmt-de-fr");
    Proc someBuild = Hermit.run("build", src.toString(), "--locales", "de_DE,fr", "-o", some.toString());
    assertEquals(0, someBuild.code(), someBuild.toString());
    Path all = dir.resolve("fmt-all");
    Proc allBuild = Hermit.run("build", src.toString(), "-o", all.toString());
    assertEquals(0, allBuild.code(), allBuild.toString());
    String hint = "jdk.localedata carries every locale's formats (about 4.4 MB packed); --locales de,fr keeps only";
    assertTrue(allBuild.err().contains(hint), "the build says how to trim it: " + allBuild.err());
    assertFalse(someBuild.err().contains(hint), someBuild.err());
    Proc p = Proc.run(List.of(some.toString(), "de", "fr", "ja"), env(), null, dir);
    assertEquals(0, p.code(), p.toString());
    assertEquals(List.of("de " + format("de"), "fr " + format("fr"), "ja " + formatRoot()), p.out().lines().toList(),
        p.toString());
    Proc q = Proc.run(List.of(all.toString(), "ja"), env(), null, dir);
    assertEquals(List.of("ja " + format("ja")), q.out().lines().toList(), q.toString());
    assertTrue(Files.size(some) + 3_000_000 < Files.size(all), Files.size(some) + " against " + Files.size(all));
    Proc inspect = Hermit.run("inspect", some.toString());
    assertTrue(inspect.out().lines().anyMatch(l -> l.strip().matches("runtime\\.locales\\s+de-DE fr")), inspect.out());
  }

  /** What this JDK, which carries every locale, prints for a tag (and for the root locale). */
  private static String format(String tag) {
    java.util.Locale l = java.util.Locale.forLanguageTag(tag);
    return java.text.NumberFormat.getInstance(l).format(1234567.5) + " " + java.time.LocalDate.of(2026, 12, 4)
        .format(java.time.format.DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle.LONG).withLocale(l));
  }

  private static String formatRoot() {
    return format("und");
  }

  @Test
  void argumentsPassThroughExactly() {
    Proc p = probe(env(), null, "a", "b c", "ünïcødé ✓", "", "-version", "@notafile", "$HOME", "*");
    assertEquals(0, p.code(), p.toString());
    assertEquals("[a]\n[b c]\n[ünïcødé ✓]\n[]\n[-version]\n[@notafile]\n[$HOME]\n[*]\n", p.out());
  }

  @Test
  void exitCodesPassThrough() {
    for (int code : new int[] {0, 3, 255}) {
      assertEquals(code, probe(env(), null, "exit", Integer.toString(code)).code());
    }
  }

  @Test
  void stdinIsPipedThrough() {
    String text = "line one\nzwei ü\n" + "x".repeat(100_000) + "\n";
    Proc p = probe(env(), text, "cat");
    assertEquals(0, p.code(), p.err());
    assertEquals(text, p.out());
  }

  @Test
  void theEnvironmentIsVisible() {
    Proc p = probe(env("HERMIT_TEST_VAR", "some value ✓"), null, "env", "HERMIT_TEST_VAR");
    assertEquals("HERMIT_TEST_VAR=some value ✓\n", p.out(), p.toString());
  }

  /** ps, top and pgrep show the process as java, as under a JDK, not as the bundled loader it runs through. */
  @Test
  void theProcessIsNamedJava() {
    Proc p = probe(env(), null, "file", "/proc/self/comm");
    assertEquals("java\n", p.out(), p.toString());
  }

  @Test
  void theAppKnowsItsExecutable() {
    Proc p = probe(env(), null, "prop", "hermit.executable");
    assertEquals("hermit.executable=" + probe.toAbsolutePath() + "\n", p.out(), p.toString());
  }

  @Test
  void runsWithAnEmptyEnvironmentAndNoJavaAnywhere() {
    // env -i: no PATH, no JAVA_HOME, no HOME; the cache falls back to a private directory under /tmp.
    Proc p = probe(Map.of(), null, "x y");
    assertEquals(0, p.code(), p.toString());
    assertEquals("[x y]\n", p.out());
  }

  @Test
  void theOutputIsOneStaticExecutable() {
    assertTrue(Files.isRegularFile(probe) && Files.isExecutable(probe));
    // for the host's platform: the same ELF class, byte order and machine as the host's own /usr/bin/true
    java.util.regex.Pattern kind =
        java.util.regex.Pattern.compile("^(ELF \\d+-bit [LM]SB) [a-z -]*executable, ([^,]+),");
    Proc host = Proc.run(List.of("file", "-b", "-L", "/usr/bin/true"), Map.of("PATH", "/usr/bin:/bin"), null, null);
    java.util.regex.Matcher want = kind.matcher(host.out());
    assertTrue(want.find(), host.toString());
    Proc file = Proc.run(List.of("file", "-b", probe.toString()), Map.of("PATH", "/usr/bin:/bin"), null, null);
    assertTrue(file.out().startsWith(want.group(1) + " executable, " + want.group(2) + ",")
        && file.out().contains("statically linked"), file.out() + " is not like " + host.out());
    Proc readelf = Proc.run(List.of("readelf", "-lW", probe.toString()), Map.of("PATH", "/usr/bin:/bin"), null, null);
    assertEquals(0, readelf.code(), readelf.toString());
    assertFalse(readelf.out().contains("INTERP"), readelf.out());
    assertFalse(readelf.out().contains("DYNAMIC"), readelf.out());
  }

  @Test
  void concurrentFirstRunsAllSucceedAndShareOneCacheEntry() throws Exception {
    Path fresh = dir.resolve("cache-concurrent");
    Map<String, String> env = env("HERMIT_CACHE_DIR", fresh.toString());
    List<java.util.concurrent.CompletableFuture<Proc>> runs = new java.util.ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String arg = "run " + i;
      runs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> probe(env, null, arg),
          java.util.concurrent.Executors.newSingleThreadExecutor()));
    }
    for (int i = 0; i < 16; i++) {
      Proc p = runs.get(i).get();
      assertEquals(0, p.code(), p.toString());
      assertEquals("[run " + i + "]\n", p.out());
    }
    try (Stream<Path> s = Files.list(fresh)) {
      List<String> names = s.map(p -> p.getFileName().toString()).toList();
      assertEquals(1, names.size(), "cache holds " + names);
    }
  }
}
