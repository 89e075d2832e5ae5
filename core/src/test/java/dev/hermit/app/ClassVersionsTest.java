package dev.hermit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which class files count against a runtime's version. The classes are compiled by the running javac for Java 17;
 * newer ones are the same bytes with the class-file version rewritten (bytes 4-7: minor, major).
 */
class ClassVersionsTest {
  @TempDir static Path dir;
  static byte[] java17;
  static byte[] usesB;
  static byte[] b17;

  @BeforeAll
  static void compile() throws IOException {
    Path src = Files.writeString(dir.resolve("A.java"), "public class A { Object make() { return new B(); } }");
    Path b = Files.writeString(dir.resolve("B.java"), "public class B { }");
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", dir.toString(),
        src.toString(), b.toString());
    assertEquals(0, rc);
    usesB = Files.readAllBytes(dir.resolve("A.class"));
    b17 = Files.readAllBytes(dir.resolve("B.class"));
    java17 = b17;
    assertEquals(61, java17[7], "javac --release 17 writes major 61");
  }

  static byte[] version(int major, int minor) {
    return version(java17, major, minor);
  }

  static byte[] version(byte[] of, int major, int minor) {
    byte[] b = of.clone();
    b[4] = (byte) (minor >> 8);
    b[5] = (byte) minor;
    b[6] = (byte) (major >> 8);
    b[7] = (byte) major;
    return b;
  }

  static byte[] jar(boolean multiRelease, Map<String, byte[]> entries) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().putValue("Manifest-Version", "1.0");
    if (multiRelease) {
      m.getMainAttributes().putValue("Multi-Release", "true");
    }
    return jar(m, entries);
  }

  static byte[] jar(Manifest m, Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream j = new JarOutputStream(bytes, m)) {
      for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).entrySet()) {
        j.putNextEntry(new JarEntry(e.getKey()));
        j.write(e.getValue());
      }
    }
    return bytes.toByteArray();
  }

  static Path file(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream o = Files.newOutputStream(p)) {
      o.write(bytes);
    }
    return p;
  }

  /** The newest class that a runtime of this version cannot load, or null. */
  static ClassVersions.Offender check(Path p, int runtime) {
    return ClassVersions.unloadable(List.of(p), runtime).stream()
        .max(java.util.Comparator.comparingInt(ClassVersions.Offender::major)).orElse(null);
  }

  static String refusal(Path p, String main, int runtime, List<String> warnings) {
    try {
      ClassVersions.requireLoadable(List.of(p), main, runtime, warnings::add);
      return null;
    } catch (ClassVersions.TooNewException e) {
      return e.getMessage();
    }
  }

  @Test
  void theNewestClassIsNamedWithItsJar() throws IOException {
    Path p = file("plain.jar", jar(false, Map.of("a/Old.class", java17, "a/New.class", version(65, 0),
        "a/Newer.class", version(69, 0), "README.class", "not a class".getBytes())));
    ClassVersions.Offender o = check(p, 17);
    assertEquals("a/Newer.class", o.className());
    assertEquals("plain.jar", o.where());
    assertEquals(25, o.javaVersion());
    assertNull(check(p, 25));
    ClassVersions.TooNewException e = assertThrows(ClassVersions.TooNewException.class,
        () -> ClassVersions.requireLoadable(List.of(p), "a.Newer", 21, w -> { }));
    assertEquals("a/Newer.class in plain.jar is compiled for Java 25 (class file version 69.0), but the runtime is "
        + "Java 21: link with a JDK 25 or newer", e.getMessage());
  }

  /** A jar whose directory is whole but one entry's data is not: that entry is named, as bad input. */
  @Test
  void aDamagedEntryIsNamedWithItsJar() throws IOException {
    byte[] bytes = jar(false, Map.of("a/Fine.class", java17, "a/Damaged.class", java17));
    byte[] name = "a/Damaged.class".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int header = indexOf(bytes, name) - 30; // the local header comes first, the central directory at the end
    int data = header + 30 + u16(bytes, header + 26) + u16(bytes, header + 28);
    bytes[data] |= 0x06; // deflate's block type 3, which does not exist: the inflater stops at once
    Path p = file("damaged.jar", bytes);
    String says = "cannot read " + p + ": its entry a/Damaged.class is damaged (invalid block type); build or"
        + " download the jar again";
    assertEquals(says, assertThrows(dev.hermit.InputException.class, () -> check(p, 17)).getMessage());
    // the same when it is the main class, which the input's resolution reads first
    assertEquals(says, assertThrows(dev.hermit.InputException.class,
        () -> ClassPathEntries.findClass(List.of(p), "a.Damaged")).getMessage());
  }

  private static int indexOf(byte[] in, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= in.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (in[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  @Test
  void versionDirectoriesCountOnlyInAMultiReleaseJarAndUpToTheRuntime() throws IOException {
    Map<String, byte[]> entries = Map.of("A.class", java17, "META-INF/versions/21/A.class", version(65, 0));
    Path mr = file("mr.jar", jar(true, entries));
    assertNull(check(mr, 17), "a 17 runtime never reads versions/21");
    assertNull(check(mr, 21));
    Path mr25 = file("mr25.jar", jar(true, Map.of("A.class", java17, "META-INF/versions/21/A.class", version(69, 0))));
    assertEquals("META-INF/versions/21/A.class", check(mr25, 21).className(), "a Java 25 class in versions/21");
    Path plain = file("notmr.jar", jar(false, Map.of("A.class", java17, "META-INF/versions/17/A.class",
        version(69, 0))));
    assertNull(check(plain, 17), "without Multi-Release: true the runtime ignores META-INF/versions");
  }

  /**
   * A Spring Boot jar: its Main-Class is Boot's launcher, which starts the Start-Class by name, and component scans
   * load the other classes of BOOT-INF/classes by name too: each counts, though no loadable class refers to it (an
   * app for Java 21 got a Java 17 runtime and failed with UnsupportedClassVersionError). A plain jar's unreferenced
   * class stays a warning.
   */
  @Test
  void theClassesOfASpringBootJarCountThoughOnlyItsLauncherNamesThem() throws IOException {
    Map<String, byte[]> entries = Map.of("org/springframework/boot/loader/launch/JarLauncher.class", java17,
        "BOOT-INF/classes/app/Main.class", version(65, 0), "BOOT-INF/classes/app/Scanned.class", version(69, 0));
    Manifest m = new Manifest();
    m.getMainAttributes().putValue("Manifest-Version", "1.0");
    m.getMainAttributes().putValue("Main-Class", "org.springframework.boot.loader.launch.JarLauncher");
    m.getMainAttributes().putValue("Start-Class", "app.Main");
    Path boot = file("boot.jar", jar(m, entries));
    AppInput app = new AppInput("boot", "org.springframework.boot.loader.launch.JarLauncher", "boot.jar", List.of(),
        Map.of(), List.of(boot), Map.of("Main-Class", "org.springframework.boot.loader.launch.JarLauncher",
            "Start-Class", "app.Main"));
    List<String> entry = EntryClasses.of(app);
    assertEquals(List.of("org/springframework/boot/loader/launch/JarLauncher", "app/Main", "app/Scanned"), entry);
    ClassVersions.Headers headers = ClassVersions.Headers.read(List.of(boot));
    ClassVersions.TooNewException e = assertThrows(ClassVersions.TooNewException.class,
        () -> ClassVersions.requireLoadable(headers, entry, 21, w -> { }));
    assertEquals("BOOT-INF/classes/app/Scanned.class", e.offender().className(), "the scanned class counts too");
    ClassVersions.requireLoadable(headers, entry, 25, w -> { });

    Path plain = file("plain-unreferenced.jar", jar(false, Map.of("app/Main.class", java17, "app/Later.class",
        version(65, 0))));
    AppInput plainApp = new AppInput("plain", "app.Main", "plain-unreferenced.jar", List.of(), Map.of(),
        List.of(plain), Map.of("Main-Class", "app.Main"));
    assertEquals(List.of("app/Main"), EntryClasses.of(plainApp));
    List<String> warnings = new java.util.ArrayList<>();
    ClassVersions.requireLoadable(ClassVersions.Headers.read(List.of(plain)), EntryClasses.of(plainApp), 17,
        warnings::add);
    assertEquals(1, warnings.size(), "an unreferenced class of a plain jar is left in with a warning");

    // Vert.x's launcher deploys the manifest's Main-Verticle by name
    AppInput vertx = new AppInput("vertx", "io.vertx.launcher.application.VertxApplication", "v.jar", List.of(),
        Map.of(), List.of(plain), Map.of("Main-Class", "io.vertx.launcher.application.VertxApplication",
            "Main-Verticle", "app.Later"));
    assertEquals(List.of("io/vertx/launcher/application/VertxApplication", "app/Later"), EntryClasses.of(vertx));
    assertThrows(ClassVersions.TooNewException.class, () -> ClassVersions.requireLoadable(
        ClassVersions.Headers.read(List.of(plain)), EntryClasses.of(vertx), 17, w -> { }));
  }

  /**
   * Ktor's EngineMain loads the modules its application.conf names: an app class named there counts, though no class
   * refers to it. A name in META-INF (GraalVM's reflection lists, JLine's provider files) does not.
   */
  @Test
  void aClassAConfigurationFileNamesCounts() throws IOException {
    Path ktor = file("ktor.jar", jar(false, Map.of("io/ktor/EngineMain.class", java17,
        "demo/ApplicationKt.class", version(65, 0),
        "application.conf", "ktor {\n  application { modules = [ demo.ApplicationKt.module ] }\n}\n".getBytes())));
    ClassVersions.TooNewException e = assertThrows(ClassVersions.TooNewException.class,
        () -> ClassVersions.requireLoadable(List.of(ktor), "io.ktor.EngineMain", 17, w -> { }));
    assertEquals("demo/ApplicationKt.class", e.offender().className());

    Path listed = file("listed.jar", jar(false, Map.of("io/ktor/EngineMain.class", java17,
        "io/ktor/Optional.class", version(65, 0),
        "META-INF/native-image/reflect-config.json", "[{\"name\":\"io.ktor.Optional\"}]".getBytes())));
    List<String> warnings = new java.util.ArrayList<>();
    ClassVersions.requireLoadable(List.of(listed), "io.ktor.EngineMain", 17, warnings::add);
    assertEquals(1, warnings.size(), "named only in META-INF: left in, with a warning");
  }

  /**
   * An app compiled for Java 21 as a whole, whose classes a framework finds by a package scan (Camel's
   * base-package-scan): nothing names them, yet they load. A library that keeps a few classes for newer runtimes
   * beside older ones (JLine) loads those only when it can: a warning, as before.
   */
  @Test
  void aCodeBaseCompiledForANewerJavaAsAWholeCounts() throws IOException {
    assertEquals("demo", ClassVersions.codeBase("demo/MyRoutes"));
    assertEquals("org/jline", ClassVersions.codeBase("org/jline/terminal/impl/ffm/CLibrary$termios"));
    assertEquals("Main", ClassVersions.codeBase("Main"));
    Path camel = file("camel-scan.jar", jar(false, Map.of("org/apache/camel/main/Main.class", java17,
        "demo/MyRoutes.class", version(65, 0), "demo/MyRoutes$1.class", version(65, 0))));
    ClassVersions.TooNewException e = assertThrows(ClassVersions.TooNewException.class,
        () -> ClassVersions.requireLoadable(List.of(camel), "org.apache.camel.main.Main", 17, w -> { }));
    assertEquals("demo/MyRoutes.class", e.offender().className(), "a top-level class is named");

    Path jline = file("jline-like.jar", jar(false, Map.of("org/jline/terminal/Terminal.class", java17,
        "org/jline/terminal/impl/ffm/FfmTerminalProvider.class", version(66, 0))));
    List<String> warnings = new java.util.ArrayList<>();
    ClassVersions.requireLoadable(List.of(jline), "org.jline.terminal.Terminal", 17, warnings::add);
    assertEquals(1, warnings.size(), warnings.toString());
  }

  /** Classes only under META-INF/versions/ of a jar that is not multi-release: ignored by every runtime, said so. */
  @Test
  void versionedClassesOfAJarThatIsNotMultiReleaseAreNamedOnce() throws IOException {
    Map<String, byte[]> entries = Map.of("A.class", java17, "META-INF/versions/21/A.class", version(65, 0),
        "META-INF/versions/21/B.class", version(65, 0), "META-INF/versions/21/C.class", version(65, 0),
        "META-INF/versions/9/module-info.class", java17);
    Path merged = file("merged.jar", jar(false, entries));
    ClassVersions.Headers headers = ClassVersions.Headers.read(List.of(merged));
    assertEquals(List.of(), headers.ignoredVersionedClasses(17), "a Java 17 runtime would not read versions/21");
    List<String> w = headers.ignoredVersionedClasses(21);
    assertEquals(1, w.size(), w.toString());
    // A has a base class (a lost optimisation, not named); B and C are only there
    assertTrue(w.get(0).startsWith("merged.jar holds 2 classes only under META-INF/versions/ (for Java 21) but its "
        + "manifest lacks 'Multi-Release: true'"), w.get(0));
    Path mr = file("merged-mr.jar", jar(true, entries));
    assertEquals(List.of(), ClassVersions.Headers.read(List.of(mr)).ignoredVersionedClasses(21));
  }

  /** A build reads the headers once and asks for each Java version it considers (17, 21, 25, then the linked one). */
  @Test
  void oneReadOfTheHeadersAnswersForEveryRuntime() throws IOException {
    Path mr = file("mr-once.jar", jar(true, Map.of("A.class", java17, "META-INF/versions/21/A.class",
        version(66, 0))));
    ClassVersions.Headers headers = ClassVersions.Headers.read(List.of(mr));
    ClassVersions.requireLoadable(headers, "A", 17, w -> { }); // a 17 runtime never reads versions/21
    ClassVersions.TooNewException e = assertThrows(ClassVersions.TooNewException.class,
        () -> ClassVersions.requireLoadable(headers, "A", 21, w -> { }));
    assertEquals("META-INF/versions/21/A.class", e.offender().className());
    ClassVersions.requireLoadable(headers, "A", 22, w -> { }); // class file version 66 is Java 22's
    assertEquals(check(mr, 21).className(), e.offender().className(), "the same answer as a read for 21 alone");
  }

  @Test
  void nestedJarsCountWithTheirOwnMultiReleaseAttribute() throws IOException {
    byte[] nestedMr = jar(true, Map.of("B.class", java17, "META-INF/versions/21/B.class", version(65, 0)));
    byte[] nestedNew = jar(false, Map.of("C.class", version(66, 0)));
    Path boot = file("boot.jar", jar(false, Map.of("BOOT-INF/classes/A.class", java17,
        "BOOT-INF/lib/mr.jar", nestedMr, "BOOT-INF/lib/new.jar", nestedNew)));
    ClassVersions.Offender o = check(boot, 21);
    assertEquals("C.class", o.className());
    assertEquals("BOOT-INF/lib/new.jar in boot.jar", o.where());
    assertEquals("B.class", check(file("boot-mr.jar", jar(false, Map.of("BOOT-INF/lib/mr.jar",
        jar(true, Map.of("B.class", version(65, 0)))))), 17).className());
    assertNull(check(file("war.jar", jar(false, Map.of("WEB-INF/lib/mr.jar", nestedMr))), 17),
        "the nested jar's versions/21 is ignored by a 17 runtime");
    assertEquals("META-INF/versions/21/B.class",
        check(file("war21.jar", jar(false, Map.of("WEB-INF/lib/mr.jar", jar(true, Map.of(
            "META-INF/versions/21/B.class", version(66, 0)))))), 21).className());
  }

  @Test
  void directoriesAndPreviewClasses() throws IOException {
    Path classes = Files.createDirectories(dir.resolve("classes/p"));
    Files.write(classes.resolve("P.class"), version(65, 0xFFFF));
    ClassVersions.Offender o = check(classes.getParent(), 17);
    assertEquals("p/P.class", o.className());
    assertTrue(o.preview());
    assertNull(check(classes.getParent(), 21), "preview classes of 21 load on a 21 runtime (with --enable-preview)");
    assertEquals("p/P.class", check(classes.getParent(), 25).className(), "but on no other");
  }

  @Test
  void tooNewClassesNothingRefersToAreReportedNotRefused() throws IOException {
    // Like JLine 3.26: Java 8 classes and a Java 22 provider, in a package of the same code base (org/jline),
    // loaded by name only on a new enough runtime.
    Path lib = file("optional.jar", jar(false, Map.of("A.class", version(usesB, 52, 0), "B.class", b17,
        "org/jline/Terminal.class", version(b17, 52, 0), "org/jline/ffm/Provider.class", version(66, 0),
        "org/jline/ffm/Other.class", version(66, 0))));
    List<String> warnings = new java.util.ArrayList<>();
    assertNull(refusal(lib, "A", 17, warnings));
    assertEquals(List.of("optional.jar holds 2 classes compiled for Java 22 (e.g. org/jline/ffm/Other.class) that no "
        + "class refers to: left in, as a Java 17 runtime loads them only if the app asks for them by name"), warnings);
  }

  /**
   * On the class path java never reads a module-info.class (vnu.jar's is compiled for Java 25, its classes for 11,
   * and java 17 -jar runs it): it neither refuses a runtime nor counts as a class left in.
   */
  @Test
  void aModuleInfoCountsOnlyOnTheModulePath() throws IOException {
    Path module = file("vnu.jar", jar(false, Map.of("A.class", java17, "module-info.class", version(69, 0))));
    List<String> warnings = new java.util.ArrayList<>();
    assertNull(refusal(module, "A", 17, warnings));
    assertEquals(List.of(), warnings);
    assertEquals(List.of(), ClassVersions.unloadable(List.of(module), 17));
    assertEquals(1, ClassVersions.Headers.read(List.of(module), true).tooNew(17).size());
  }

  @Test
  void tooNewClassesThatAreLoadedAnywayAreRefused() throws IOException {
    List<String> warnings = new java.util.ArrayList<>();
    Path referenced = file("ref.jar", jar(false, Map.of("A.class", usesB, "B.class", version(b17, 69, 0))));
    assertTrue(refusal(referenced, "A", 17, warnings).startsWith("B.class in ref.jar is compiled for Java 25"));
    Path service = file("svc.jar", jar(false, Map.of("A.class", java17, "p/Impl.class", version(69, 0),
        "META-INF/services/java.sql.Driver", "# a driver\np.Impl\n".getBytes())));
    assertTrue(refusal(service, "A", 17, warnings).startsWith("p/Impl.class in svc.jar"), "named as a service");
    Path module = file("mod.jar", jar(false, Map.of("A.class", java17, "module-info.class", version(69, 0))));
    ClassVersions.TooNewException onModulePath = org.junit.jupiter.api.Assertions.assertThrows(
        ClassVersions.TooNewException.class, () -> ClassVersions.requireLoadable(ClassVersions.Headers.read(
            List.of(module), true), List.of("A"), 17, warnings::add));
    assertTrue(onModulePath.getMessage().startsWith("module-info.class in mod.jar"), onModulePath.getMessage());
    Path main = file("main.jar", jar(false, Map.of("x/Main.class", version(69, 0))));
    assertTrue(refusal(main, "x.Main", 17, warnings).startsWith("x/Main.class in main.jar"));
    assertEquals(List.of(), warnings);
  }
}
