package dev.hermit.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.jdk.Jdk;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.spi.ToolProvider;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link check over real runtime images linked by jlink from the JDK running the test, and class files compiled
 * by its javac: references to JDK classes and members that do not exist are made by renaming stand-in classes in
 * the compiled constant pools (ClassPatch), so the test needs no second JDK.
 */
public class LinkCheckTest {
  static final int FEATURE = Runtime.version().feature();
  @TempDir static Path dir;
  static Path classPath;
  static List<Path> jars = new ArrayList<>();

  /** The stand-ins and the JDK names they become. */
  static final Map<String, String> RENAMES = Map.of(
      "p/Later", "java/util/Later",                 // no such class in java.base
      "p/Color", "java/awt/Color",                  // a class of java.desktop, which the image lacks
      "p/Str", "java/lang/String",                  // noSuchMethod() is missing, length() is not
      "p/AL", "java/util/ArrayList",                // stream() is inherited from the interface Collection
      "p/Int", "java/lang/Integer",                 // NO_SUCH is missing, MAX_VALUE is not
      "p/Zis", "java/util/zip/ZipInputStream",      // LOCSIG is a field of the interface ZipConstants
      "p/MH", "java/lang/invoke/MethodHandle",      // invokeExact takes any descriptor (signature polymorphic)
      "p/Nonnull", "javax/annotation/Nonnull",      // no JDK class: a library's, absent from the class path
      "p/Own", "java/util/Own");                    // in a JDK package, but the app's own (on the class path)

  @BeforeAll
  static void compile() throws IOException {
    Path src = Files.createDirectories(dir.resolve("src/p"));
    Files.writeString(src.resolve("Probe.java"), """
        package p;
        public class Probe {
          public static Object run(Str s, AL a, MH mh) throws Throwable {
            Later.go();
            new Color().brighter();
            Str.noSuchMethod();
            int n = s.length() + Int.NO_SUCH + Int.MAX_VALUE;
            a.stream();
            mh.invokeExact(n, "x");
            Own.touch();
            return Zis.LOCSIG + "" + Nonnull.class;
          }
        }
        """);
    Files.writeString(src.resolve("Stubs.java"), """
        package p;
        class Later { static void go() {} }
        class Color { Color brighter() { return this; } }
        class Str { static void noSuchMethod() {} int length() { return 0; } }
        class AL { java.util.stream.Stream<?> stream() { return null; } }
        class Int { static int NO_SUCH; static int MAX_VALUE; }
        class Zis { static long LOCSIG; }
        class MH { void invokeExact(int i, String s) {} }
        class Nonnull {}
        class Own { static void touch() {} }
        """);
    Files.writeString(src.resolve("X.java"), "package p; public class X { public static void go() {} }");
    Path q = Files.createDirectories(dir.resolve("src/q"));
    Files.writeString(q.resolve("Mr.java"), "package q; public class Mr { public static void run() { p.X.go(); } }");
    Files.writeString(q.resolve("Mr2.java"), "package q; public class Mr2 { public static void run() { p.X.go(); } }");
    Path out = dir.resolve("out");
    JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of("-d", out.toString()));
    for (String f : List.of("p/Probe.java", "p/Stubs.java", "p/X.java", "q/Mr.java", "q/Mr2.java")) {
      args.add(dir.resolve("src").resolve(f).toString());
    }
    assertEquals(0, javac.run(null, log, log, args.toArray(String[]::new)), log.toString());

    // The app's class directory: Probe and Own, renamed.
    classPath = Files.createDirectories(dir.resolve("classes"));
    Files.createDirectories(classPath.resolve("p"));
    Files.createDirectories(classPath.resolve("java/util"));
    Files.write(classPath.resolve("p/Probe.class"), ClassPatch.rename(Files.readAllBytes(out.resolve("p/Probe.class")), RENAMES));
    Files.write(classPath.resolve("java/util/Own.class"), ClassPatch.rename(Files.readAllBytes(out.resolve("p/Own.class")), RENAMES));

    // Multi-release: each copy of q.Mr / q.Mr2 calls X.go() renamed to a different missing java.util class.
    byte[] mr = Files.readAllBytes(out.resolve("q/Mr.class"));
    byte[] mr2 = Files.readAllBytes(out.resolve("q/Mr2.class"));
    String future = "META-INF/versions/" + (FEATURE + 1) + "/";
    jars.add(jar("mr.jar", true, Map.of(
        "q/Mr.class", calls(mr, "Later1"),                     // overridden by versions/9 on every runtime
        "META-INF/versions/9/q/Mr.class", calls(mr, "Later2"), // what the runtime loads: checked
        future + "q/Mr.class", calls(mr, "Later3"),            // for a newer runtime only
        future + "q/Mr2.class", calls(mr2, "Later4"),          // for a newer runtime only
        "q/Mr2.class", calls(mr2, "Later5"))));                // the base, as nothing overrides it here
    byte[] inner = bytesOf(jar("inner.jar", false, Map.of("q/Mr.class", calls(mr, "Later6"))));
    jars.add(jar("boot.jar", false, Map.of("BOOT-INF/lib/inner.jar", inner)));
    // Not multi-release: the JVM ignores META-INF/versions.
    jars.add(jar("plain.jar", false, Map.of("META-INF/versions/9/q/Mr.class", calls(mr, "Later7"))));
  }

  static byte[] calls(byte[] cls, String missing) throws IOException {
    return ClassPatch.rename(cls, Map.of("p/X", "java/util/" + missing));
  }

  static Path jar(String name, boolean multiRelease, Map<String, byte[]> entries) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (multiRelease) {
      m.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
    }
    Path p = dir.resolve(name);
    try (OutputStream o = Files.newOutputStream(p); JarOutputStream j = new JarOutputStream(o, m)) {
      for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
        j.putNextEntry(new ZipEntry(e.getKey()));
        j.write(e.getValue());
        j.closeEntry();
      }
    }
    return p;
  }

  static byte[] bytesOf(Path p) throws IOException {
    return Files.readAllBytes(p);
  }

  static Path link(String name, String endian) {
    Jdk jdk = Jdk.running();
    assumeTrue(jdk.hasJmods(), "SKIPPED LOUDLY: the JDK running the tests (" + jdk.home() + ") has no jmods to link");
    Path image = dir.resolve(name);
    if (Files.isDirectory(image)) {
      return image;
    }
    StringWriter log = new StringWriter();
    int code = ToolProvider.findFirst("jlink").orElseThrow().run(new PrintWriter(log), new PrintWriter(log),
        "--module-path", jdk.jmods().toString(), "--add-modules", "java.base", "--output", image.toString(),
        "--endian", endian, "--strip-java-debug-attributes", "--no-header-files", "--no-man-pages");
    assertEquals(0, code, log.toString());
    return image;
  }

  static List<Path> appClassPath() {
    List<Path> cp = new ArrayList<>(List.of(classPath));
    cp.addAll(jars);
    return cp;
  }

  /** What the check must find in the app above, whichever way the image is read. */
  static void assertFindsExactlyTheMissingReferences(LinkReport r) {
    List<String> found = r.missing().stream()
        .map(m -> m.owner() + (m.member() == null ? "" : "." + m.member()) + (m.module() == null ? "" : " @" + m.module())
            + " <- " + String.join(",", m.from()))
        .toList();
    assertEquals(new TreeSet<>(List.of(
        "java/util/Later <- p/Probe",
        "java/awt/Color @java.desktop <- p/Probe",
        "java/lang/String.noSuchMethod()V <- p/Probe",
        "java/lang/Integer.NO_SUCH:I <- p/Probe",
        "java/util/Later2 <- q/Mr",
        "java/util/Later5 <- q/Mr2",
        "java/util/Later6 <- q/Mr")), new TreeSet<>(found), String.join("\n", r.details()));
    assertEquals(FEATURE, r.feature());
    // Probe, Own; mr.jar's q.Mr (version 9) and q.Mr2 (base); the nested q.Mr
    assertEquals(5, r.classesChecked());
  }

  @Test
  void findsMissingClassesMembersAndModulesInALinkedImage() {
    Path image = link("image-little", "little");
    LinkReport r = LinkCheck.run(appClassPath(), Jdk.running(), image);
    assertFindsExactlyTheMissingReferences(r);
    assertTrue(r.runtimeSource().contains("jrt"), r.runtimeSource());
    assertTrue(r.headline().startsWith("7 references from the app's classes into the JDK do not resolve"), r.headline());
    assertTrue(r.headline().endsWith(": 6 missing from Java " + FEATURE + " (2 packages), 1 in JDK modules the runtime "
        + "lacks (1 module)"), r.headline());
    List<String> summary = r.summary(2);
    assertEquals(4, summary.size(), String.join("\n", summary));
    assertTrue(summary.get(1).startsWith("  java.lang: method java.lang.Integer.NO_SUCH")
        || summary.get(1).startsWith("  java.lang: field java.lang.Integer.NO_SUCH : int"), summary.get(1));
    assertTrue(r.details().contains("in module java.desktop, which the runtime lacks:"), String.join("\n", r.details()));
    assertTrue(r.details().contains("    method java.lang.String.noSuchMethod() : void <- p.Probe"),
        String.join("\n", r.details()));
  }

  /** A build reads the app's classes once per feature version and gives that read to each check that asks. */
  @Test
  void oneReadOfTheAppsClassesServesEveryCheckOfThatVersion() {
    Path image = link("image-little", "little");
    java.util.function.IntFunction<AppClasses> reader = AppClasses.reader(appClassPath());
    AppClasses read = reader.apply(FEATURE);
    assertTrue(read == reader.apply(FEATURE), "read again for the same version");
    assertEquals(FEATURE + 1, reader.apply(FEATURE + 1).feature());
    LinkReport first = LinkCheck.run(read, Jdk.running(), image);
    LinkReport second = LinkCheck.run(read, Jdk.running(), image);
    assertFindsExactlyTheMissingReferences(first);
    assertEquals(first.details(), second.details(), "a second check of the same read finds what the first did");
    assertEquals(LinkCheck.run(appClassPath(), Jdk.running(), image).details(), first.details(),
        "the same as a check that reads the class path itself");
    // a multi-release jar gives another version other classes: a read for one is refused for another
    assertThrows(IllegalArgumentException.class, () -> LinkCheck.run(reader.apply(FEATURE + 1), Jdk.running(), image));
  }

  /**
   * A class compiled for a newer Java than the runtime's never loads there (ClassVersions reports it): its references
   * are not checked, or the warning would suggest a --java that still cannot load it.
   */
  @Test
  void aClassTooNewForTheRuntimeIsNotChecked() throws IOException {
    Path image = link("image-little", "little");
    byte[] probe = Files.readAllBytes(classPath.resolve("p/Probe.class"));
    int newer = 44 + FEATURE + 1;
    probe[6] = (byte) (newer >> 8);
    probe[7] = (byte) newer;
    Path later = Files.createDirectories(dir.resolve("later"));
    Files.createDirectories(later.resolve("p"));
    Files.write(later.resolve("p/Probe.class"), probe);
    assertEquals(0, AppClasses.read(List.of(later), FEATURE).classes().size());
    assertTrue(LinkCheck.run(List.of(later), Jdk.running(), image).missing().isEmpty());
    assertEquals(1, AppClasses.read(List.of(later), FEATURE + 1).classes().size(), "a newer runtime reads it");
  }

  /** jimage is the build host's byte order only: a big-endian image (s390x) is read from the jmods instead. */
  @Test
  void readsABigEndianImageFromTheJmods() {
    Path image = link("image-big", "big");
    assertThrows(IOException.class, () -> ClassSource.jrt(image).close(),
        "this JVM read a big-endian jimage: the jmods fallback may no longer be needed");
    LinkReport r = LinkCheck.run(appClassPath(), Jdk.running(), image);
    assertFindsExactlyTheMissingReferences(r);
    assertTrue(r.runtimeSource().contains("jmods"), r.runtimeSource());
  }

  @Test
  void aCleanAppReportsNothing() {
    LinkReport r = LinkCheck.run(List.of(dir.resolve("out").resolve("q").getParent()), Jdk.running(),
        Jdk.running().home());
    // The stand-ins themselves (package p, q) refer to nothing missing.
    assertTrue(r.isEmpty(), String.join("\n", r.details()));
    assertTrue(r.classesChecked() >= 12, "classes checked: " + r.classesChecked());
  }

  @Test
  void resolvesInheritedAndSignaturePolymorphicMembersInTheRunningJdk() throws IOException {
    try (ClassSource s = ClassSource.jrt(null)) {
      RuntimeIndex jdk = new RuntimeIndex(s);
      assertTrue(jdk.hasMember(method("java/util/ArrayList", "stream", "()Ljava/util/stream/Stream;")));
      assertTrue(jdk.hasMember(method("java/util/ArrayList", "hashCode", "()I")));
      assertTrue(jdk.hasMember(method("java/util/List", "getClass", "()Ljava/lang/Class;")), "Object's, via an interface");
      assertTrue(jdk.hasMember(method("java/lang/invoke/MethodHandle", "invokeExact", "(JJ)Ljava/lang/String;")));
      assertFalse(jdk.hasMember(method("java/lang/String", "invokeExact", "(JJ)Ljava/lang/String;")));
      assertTrue(jdk.hasMember(new ClassInfo.MemberRef(true, "java/util/zip/ZipInputStream", "LOCSIG", "J")));
      assertFalse(jdk.hasMember(new ClassInfo.MemberRef(true, "java/lang/Integer", "MAX_VALUE", "J")), "wrong type");
      assertEquals(FEATURE >= 21, jdk.hasMember(method("java/util/List", "reversed", "()Ljava/util/List;")),
          "List.reversed() exists from Java 21");
      assertEquals(List.of("java.desktop"), jdk.modulesOf("java/awt"), "java.datatransfer has only java/awt/datatransfer");
      assertEquals(List.of(), jdk.modulesOf("javax/annotation"), "java.compiler has only javax/annotation/processing");
    }
  }

  static ClassInfo.MemberRef method(String owner, String name, String descriptor) {
    return new ClassInfo.MemberRef(false, owner, name, descriptor);
  }

  @Test
  void everyJdkPackageHasAPrefixTheCheckLooksUp() {
    for (var m : ModuleFinder.ofSystem().findAll()) {
      for (String p : m.descriptor().packages()) {
        String slashed = p.replace('.', '/') + "/";
        assertTrue(LinkCheck.JDK_PREFIXES.stream().anyMatch(slashed::startsWith), p + " of " + m.descriptor().name());
      }
    }
  }

  @Test
  void aMultiReleaseJarYieldsTheVersionTheRuntimeLoads() {
    List<String> entries = List.of("a/A.class", "META-INF/versions/11/a/A.class", "META-INF/versions/21/a/A.class",
        "META-INF/versions/21/a/B.class", "module-info.class", "META-INF/versions/9/module-info.class",
        "META-INF/versions/x/a/C.class", "a/res.txt");
    assertEquals(Map.of("a/A.class", "META-INF/versions/11/a/A.class"), AppClasses.select(entries, true, 17));
    assertEquals(Map.of("a/A.class", "META-INF/versions/21/a/A.class", "a/B.class", "META-INF/versions/21/a/B.class"),
        AppClasses.select(entries, true, 21));
    assertEquals(Map.of("a/A.class", "a/A.class"), AppClasses.select(entries, false, 21));
  }

  /** A JDK newer than the one running the tests, installed on this machine (Temurin's under /usr/lib/jvm). */
  public static Jdk newerInstalledJdk() throws IOException {
    try (var homes = Files.list(Path.of("/usr/lib/jvm"))) {
      for (Path home : homes.sorted().toList()) {
        if (Files.isRegularFile(home.resolve("release")) && Files.isRegularFile(home.resolve("lib/modules"))) {
          Jdk jdk = Jdk.at(home);
          if (jdk.featureVersion() >= 21 && jdk.featureVersion() > FEATURE) {
            return jdk;
          }
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // no /usr/lib/jvm
    }
    return null;
  }

  @Test
  void namesTheFirstNewerJavaThatHasAMissingReference() throws IOException {
    assumeTrue(FEATURE < 21, "SKIPPED LOUDLY: the JDK running the tests already has Java 21's API");
    Jdk newer = newerInstalledJdk();
    assumeTrue(newer != null, "SKIPPED LOUDLY: no JDK newer than Java " + FEATURE + " under /usr/lib/jvm");
    Path src = Files.createDirectories(dir.resolve("newer-src/n"));
    Files.writeString(src.resolve("Uses.java"), """
        package n;
        public class Uses {
          public static Object run(Lst l) { return l.reversed() + "" + Seq.class + Str2.noSuchEither(); }
        }
        class Lst { Lst reversed() { return this; } }
        class Seq {}
        class Str2 { static int noSuchEither() { return 0; } }
        """);
    Path out = dir.resolve("newer-out");
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, log, log, "-d", out.toString(),
        src.resolve("Uses.java").toString()), log.toString());
    Path classes = Files.createDirectories(dir.resolve("newer-classes/n"));
    // List.reversed() and SequencedCollection came with Java 21; String.noSuchEither() exists in no JDK
    Files.write(classes.resolve("Uses.class"), ClassPatch.rename(Files.readAllBytes(out.resolve("n/Uses.class")),
        Map.of("n/Lst", "java/util/List", "n/Seq", "java/util/SequencedCollection", "n/Str2", "java/lang/String")));
    LinkReport r = LinkCheck.run(List.of(classes.getParent()), Jdk.running(), link("image-little", "little"));
    assertEquals(3, r.notInJdk().size(), String.join("\n", r.details()));

    LinkReport marked = LinkCheck.firstVersions(r, List.of(newer));
    int v = newer.featureVersion();
    Map<String, Integer> first = new java.util.TreeMap<>();
    marked.missing().forEach(m -> first.put(m.describe(), m.firstJava()));
    assertEquals(Map.of("method java.util.List.reversed() : java.util.List", v,
        "class java.util.SequencedCollection", v, "method java.lang.String.noSuchEither() : int", 0), first);
    assertTrue(marked.headline().endsWith("(2 packages; 2 in Java " + v + " (--java " + v + "), 1 in none of Java "
        + v + ")"), marked.headline());
    assertTrue(marked.summary(5).contains("  java.util: method java.util.List.reversed() : java.util.List (in Java " + v
        + "); class java.util.SequencedCollection (in Java " + v + ") <- n.Uses"), String.join("\n", marked.summary(5)));
    assertTrue(marked.details().contains("    method java.lang.String.noSuchEither() : int <- n.Uses"),
        String.join("\n", marked.details()));
    assertEquals(r, LinkCheck.firstVersions(r, List.of()), "no newer JDK: the report as it was");
    LinkReport found = LinkCheck.firstVersions(new LinkReport(r.feature(), r.classesChecked(), r.runtimeSource(),
        r.missing().stream().filter(m -> !m.owner().equals("java/lang/String")).toList()), List.of(newer));
    assertTrue(found.headline().endsWith("(1 package; all are in Java " + v + " (--java " + v + "))"), found.headline());
  }

  @Test
  void describesMembersAsJavaWritesThem() {
    assertEquals("method java.util.List.of(java.lang.Object[], int) : java.util.List",
        new Missing("java/util/List", "of([Ljava/lang/Object;I)Ljava/util/List;", null, new TreeSet<>()).describe());
    assertEquals("field java.lang.Integer.NO_SUCH : long[][]",
        new Missing("java/lang/Integer", "NO_SUCH:[[J", null, new TreeSet<>()).describe());
    assertEquals("class java.lang.Thread$Builder", new Missing("java/lang/Thread$Builder", null, null,
        new TreeSet<>()).describe());
  }
}
