package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --native over a real app using two multi-platform JNI jars from Maven Central (zstd-jni 1.5.5-11 and sqlite-jdbc
 * 3.46.1.3, whose linux/amd64 libraries NEED libpthread.so.0, linked against glibc before 2.34): auto keeps only
 * the target's natives and bundles what they need, so the app runs in an empty root; none refuses the app (exit 3);
 * inspect lists the natives; a pure-Java app builds with none.
 */
class NativesIT {
  @TempDir static Path dir;
  static Path app;
  static Proc autoBuild;
  static Path auto;
  static Path all;

  @BeforeAll
  static void setUp() throws IOException {
    app = Files.createDirectories(dir.resolve("app"));
    Proc fetch = Hermit.fetchJars("apps/natives/pom.xml", app.resolve("lib"), dir);
    assertEquals(0, fetch.code(), "fetching the JNI jars: " + fetch);
    Files.copy(Path.of("src/test/resources/apps/natives/Natives.java"), app.resolve("Natives.java"));
    auto = dir.resolve("natives-auto");
    autoBuild = Hermit.run("build", app.toString(), "-o", auto.toString(), "-v");
    assertEquals(0, autoBuild.code(), autoBuild.toString());
    all = Hermit.build(dir.resolve("natives-all"), app.toString(), "--native=all");
  }

  static void assertRuns(Proc p) {
    assertEquals(0, p.code(), p.toString());
    assertTrue(p.out().contains("zstd: ok 7000 -> ") && p.out().contains("sqlite: ok 3.46.1"), p.toString());
  }

  @Test
  void autoDropsTheOtherPlatformsNativesAndSaysSo() throws IOException {
    assumeTrue(dev.hermit.platform.Target.parse("linux/amd64").isHost(), "SKIPPED LOUDLY: the expected lines name "
        + "zstd-jni's and sqlite-jdbc's linux/amd64 libraries; this host is " + System.getProperty("os.arch"));
    long a = Files.size(auto);
    long b = Files.size(all);
    System.out.println("NativesIT sizes: --native=auto " + a + " bytes, --native=all " + b + " bytes");
    assertTrue(a < b - 15_000_000, "auto " + a + " must be far smaller than all " + b);
    String err = autoBuild.err();
    assertTrue(err.matches("(?s).*natives: 2 kept, 39 for other platforms dropped \\([0-9.]+ MB smaller\\); "
        + "bundled for them: libpthread.so.0.*"), err);
    assertTrue(err.contains("native zstd-jni-1.5.5-11.jar!/linux/amd64/libzstd-jni-1.5.5-11.so: linux/amd64 glibc, "
        + "needs libpthread.so.0 libc.so.6: kept"), err);
    assertTrue(err.contains("Linux-Musl/x86_64/libsqlitejdbc.so: linux/amd64 musl, needs libc.musl-x86_64.so.1: "
        + "dropped (another platform)"), "a musl library cannot load into the glibc runtime: " + err);
  }

  @Test
  void autoRunsOnTheHost() {
    assertRuns(Proc.run(List.of(auto.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()),
        null, dir));
  }

  @Test
  void autoRunsInAnEmptyRootWhereTheJniLibrariesFindLibpthread() throws IOException {
    assumeTrue(Proc.isRoot(), "SKIPPED LOUDLY: chroot and unshare need root");
    // No /tmp: the natives are extracted to the cache's tmp and System.load-ed from there.
    assertRuns(HermeticIT.inRoot(Files.createDirectories(dir.resolve("root-bare")), auto, false, false, false));
    assertRuns(HermeticIT.inRoot(Files.createDirectories(dir.resolve("root-full")), auto, true, true, true));
  }

  /**
   * A source directory NAME holding {@code main} as Main.java and, beside the jars a lib/ would hold, the JNI library
   * lib/libLIB.so compiled by clang from {@code c} (the C file not kept); the test is skipped, loudly, without clang.
   */
  /** A Main that loads the JNI library {@code lib} and prints "METHOD N", N what its native int METHOD() returns. */
  static String printingNative(String lib, String method) {
    return """
        public class Main {
          static native int %2$s();
          public static void main(String[] args) {
            System.loadLibrary("%1$s");
            System.out.println("%2$s " + %2$s());
          }
        }
        """.formatted(lib, method);
  }

  static Path appWithLibrary(String name, String main, String lib, String c) throws IOException {
    Path src = Files.createDirectories(dir.resolve(name));
    Path libs = Files.createDirectories(src.resolve("lib"));
    Files.writeString(src.resolve("Main.java"), main);
    Path source = Files.writeString(libs.resolve(lib + ".c"), c);
    Proc cc = Proc.run(List.of("clang", "-shared", "-fPIC", "-o", libs.resolve("lib" + lib + ".so").toString(),
        source.toString()), Proc.HOST, null, libs);
    assumeTrue(cc.code() != 127 && !cc.err().contains("No such file"), "SKIPPED LOUDLY: clang is not installed");
    assertEquals(0, cc.code(), cc.toString());
    Files.delete(source);
    return src;
  }

  /**
   * A JNI library that uses a symbol no library of the output defines (RocksDB's riscv64 build uses libatomic's
   * {@code __atomic_exchange_1} without naming libatomic as a need): the build names the library and the symbol, and
   * the output fails where it loads the library, with the loader's words, as the warning says.
   */
  @Test
  void aNativeUsingASymbolNoLibraryDefinesIsNamedByTheBuild() throws Exception {
    // its address taken, the symbol is bound as the library loads (a call alone binds at the first call)
    Path src = appWithLibrary("unbound-app", """
        public class Main {
          public static void main(String[] args) {
            try {
              System.loadLibrary("unbound");
              System.out.println("loaded");
            } catch (UnsatisfiedLinkError e) {
              System.out.println(e.getMessage());
            }
          }
        }
        """, "unbound", "void hermit_nowhere(void);\nvoid (*hermit_at)(void) = hermit_nowhere;\n"
        + "int hermit_defined(void) { return 1; }\n");

    Path exe = dir.resolve("unbound-app-out");
    Proc build = Hermit.run("build", src.toString(), "-o", exe.toString());
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().contains("hermit: warning: lib!/libunbound.so uses a symbol that neither it, the libraries "
        + "it needs nor the JVM's define: hermit_nowhere. Where the app loads it, the load fails (\"undefined symbol\"), "
        + "or, where the loader binds a function at its first call, the process ends there (\"symbol lookup error\"), "
        + "as under java\n"), build.err());
    Proc host = Proc.run(List.of(exe.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("unbound-cache").toString()),
        null, dir);
    assertEquals(0, host.code(), host.toString());
    assertTrue(host.out().contains("libunbound.so: undefined symbol: hermit_nowhere"), host.toString());
  }

  /**
   * A JNI library that calls libatomic's functions without naming libatomic as a need (RocksDB's riscv64 build does;
   * here {@code __atomic_load} of a 24-byte struct, which no CPU does lock-free): the build bundles libatomic and has
   * the loader load it before the JVM, so the library finds them, on the host and in an empty root, where under
   * {@code java} it ends with "symbol lookup error" unless started with {@code LD_PRELOAD=libatomic.so.1}.
   */
  @Test
  void aNativeUsingLibatomicWithoutNamingItGetsItPreloaded() throws Exception {
    Path src = appWithLibrary("atomic-app", printingNative("atomicuser", "value"), "atomicuser", "typedef struct { long a, b, c; } big;\nstatic big shared = {1, 2, 39};\n"
        + "int Java_Main_value(void *env, void *cls) { big out; __atomic_load(&shared, &out, __ATOMIC_SEQ_CST);"
        + " return (int) (out.a + out.b + out.c); }\n");
    Path exe = dir.resolve("atomic-app-out");
    Proc build = Hermit.run("build", src.toString(), "-o", exe.toString(), "-v");
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().contains("libatomic.so.1 preloaded (bundled, and loaded before the JVM): "
        + "lib!/libatomicuser.so uses its __atomic_ functions without naming it as a need"), build.err());
    assertTrue(!build.err().contains("hermit: warning: lib!/libatomicuser.so")
        && !build.err().contains("as asked (--bundle-library)"), build.err());
    // a cache directory with a space in its path: the loader's preload list is split at spaces
    Proc host = Proc.run(List.of(exe.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("atomic cache").toString()),
        null, dir);
    assertEquals("value 42\n", host.out(), host.toString());
    Proc inspect = Hermit.run("inspect", exe.toString());
    assertTrue(inspect.out().contains("\tpreload             libatomic.so.1 (the loader loads it before the JVM)\n"),
        inspect.out());
    assumeTrue(Proc.isRoot(), "SKIPPED LOUDLY: chroot and unshare need root");
    Proc root = HermeticIT.inRoot(Files.createDirectories(dir.resolve("root-atomic")), exe, false, false, false);
    assertEquals("value 42\n", root.out(), root.toString());
  }

  /**
   * A source directory whose lib/ holds a JNI library beside the jars (as sqlite4java's is shipped): the library is
   * packed beside the jars and its directory is on java.library.path, so {@code System.loadLibrary} finds it on the
   * host and in an empty root, as {@code java -Djava.library.path=lib -cp 'lib/*:.'} would.
   */
  @Test
  void aLibraryInLibBesideTheJarsIsPackedAndOnTheLibraryPath() throws Exception {
    Path src = appWithLibrary("libdir-app", printingNative("answer", "answer"), "answer", "int Java_Main_answer(void *env, void *cls) { return 42; }\n");

    Path exe = dir.resolve("libdir-app-out");
    Proc build = Hermit.run("build", src.toString(), "-o", exe.toString(), "-v");
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().contains("native lib!/libanswer.so: ") && build.err().contains(": kept (loads into the "
        + "runtime)") && build.err().contains("/rt/lib/sys:${HERMIT_ROOT}/app/lib (not the target's"), build.err());
    Proc host = Proc.run(List.of(exe.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("libdir-cache").toString()),
        null, dir);
    assertEquals("answer 42\n", host.out(), host.toString());
    assumeTrue(Proc.isRoot(), "SKIPPED LOUDLY: chroot and unshare need root");
    Proc root = HermeticIT.inRoot(Files.createDirectories(dir.resolve("root-libdir")), exe, false, false, false);
    assertEquals("answer 42\n", root.out(), root.toString());
  }

  /**
   * A jar carrying a program for the target (as embedded Redis carries redis-server): kept, named as a program rather
   * than a library, and the build warns that it starts through the target's loader, which an empty root lacks.
   */
  @Test
  void aProgramInAJarIsKeptAndTheBuildSaysItNeedsTheTargetsLoader() throws IOException {
    Path src = Files.createDirectories(dir.resolve("program-app"));
    Files.writeString(src.resolve("Main.java"), "public class Main { public static void main(String[] a) {} }");
    Path lib = Files.createDirectories(src.resolve("lib"));
    Path program = Path.of(System.getProperty("java.home"), "bin", "java"); // a program of this host, with PT_INTERP
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(
        lib.resolve("embedded-tool-1.0.jar")))) {
      z.putNextEntry(new java.util.zip.ZipEntry("bin/tool-server"));
      z.write(Files.readAllBytes(program));
    }
    Proc build = Hermit.run("build", src.toString(), "-o", dir.resolve("program-out").toString(), "-v");
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().contains("native embedded-tool-1.0.jar!/bin/tool-server: ")
        && build.err().contains(": kept (a program for the target, which the app may run)"), build.err());
    assertTrue(build.err().contains("hermit: warning: the app carries a program it may run as a process: "
        + "embedded-tool-1.0.jar!/bin/tool-server (through /") && build.err().contains(". A program starts through "
        + "the target's own loader and C library, not the bundled ones, so where the target has none (an empty root, "
        + "FROM scratch) it cannot start\n"), build.err());
    assertFalse(build.err().contains("bundled for them"), "nothing bundled for a program: " + build.err());
    // inspect says the same: a program, whose loader and libraries are the target's, and the glibc it needs is its
    // own need (the bundled libraries' need of the bundled glibc is not the target's)
    Proc inspect = Hermit.run("inspect", dir.resolve("program-out").toString());
    assertTrue(inspect.out().contains("bin/tool-server  linux/amd64 glibc (a program the app may start: it runs on "
        + "the target's loader and C library)"), inspect.out());
    java.util.regex.Matcher hermetic = java.util.regex.Pattern.compile("\thermetic +no: needs from the target "
        + "/lib64/ld-linux-x86-64.so.2 \\(1 file\\), .*; its programs need glibc >= (\\S+)\n").matcher(inspect.out());
    assertTrue(hermetic.find(), inspect.out());
    String javaNeeds = java.util.Arrays.stream(Proc.run(List.of("readelf", "-V", program.toString()), Proc.HOST, null, null)
        .out().split("\\s+")).filter(w -> w.startsWith("GLIBC_2.")).map(w -> w.substring(6))
        .max(java.util.Comparator.comparing(Runtime.Version::parse)).orElseThrow();
    assertEquals(javaNeeds, hermetic.group(1), "the program's own glibc need: " + inspect.out());
  }

  /**
   * RocksDB picks its musl library when the target's /lib has a musl loader (an Alpine root), whatever C library
   * the process runs: the output's environment says ROCKSDB_MUSL_LIBC=false when the glibc is bundled, unless the
   * user's says otherwise. A stand-in of RocksDB's probe class, in a jar named like RocksDB's, reports the variable.
   */
  @Test
  void rocksDbIsToldTheBundledCLibraryIsGlibc() throws IOException {
    Path src = Files.createDirectories(dir.resolve("rocks-src/org/rocksdb/util"));
    Path env = Files.writeString(src.resolve("Environment.java"), """
        package org.rocksdb.util;
        public class Environment { public static String musl() { return System.getenv("ROCKSDB_MUSL_LIBC"); } }
        """);
    Path main = Files.writeString(dir.resolve("rocks-src/Main.java"), """
        public class Main {
          public static void main(String[] a) { System.out.println("musl: " + org.rocksdb.util.Environment.musl()); }
        }
        """);
    Path classes = dir.resolve("rocks-classes");
    JarManifestIT.javac(classes, 17, null, env, main);
    java.util.jar.Manifest m = new java.util.jar.Manifest();
    m.getMainAttributes().putValue("Manifest-Version", "1.0");
    m.getMainAttributes().putValue("Main-Class", "Main");
    Path jar = dir.resolve("rocksdbjni-9.7.3.jar");
    JarManifestIT.jar(jar, m, classes, "");
    Path out = dir.resolve("rocks");
    Proc build = Hermit.run("build", jar.toString(), "-o", out.toString(), "-v");
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().contains("org.rocksdb.util.Environment probes the target's C library on its file system: "
        + "ROCKSDB_MUSL_LIBC=false"), build.err());
    Map<String, String> cache = Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString());
    assertEquals("musl: false\n", Proc.run(List.of(out.toString()), cache, null, dir).out());
    Map<String, String> mine = new java.util.HashMap<>(cache);
    mine.put("ROCKSDB_MUSL_LIBC", "true");
    assertEquals("musl: true\n", Proc.run(List.of(out.toString()), mine, null, dir).out(), "the user's setting wins");
    Path system = dir.resolve("rocks-system");
    Hermit.build(system, jar.toString(), "--libc=system");
    assertEquals("musl: null\n", Proc.run(List.of(system.toString()), cache, null, dir).out(),
        "with the target's C library, RocksDB's own probe is right");
  }

  @Test
  void noneRefusesTheAppNamingEveryJarAndClass() {
    Path out = dir.resolve("natives-none");
    Proc p = Hermit.run("build", app.toString(), "-o", out.toString(), "--native=none");
    assertEquals(3, p.code(), p.toString());
    assertTrue(p.err().contains("zstd-jni-1.5.5-11.jar: 17 native libraries for ")
        && p.err().contains("sqlite-jdbc-3.46.1.3.jar: 24 native libraries for "), p.err());
    assertTrue(p.err().contains("org.sqlite.SQLiteJDBCLoader: calls System.load")
        && p.err().matches("(?s).*com.github.luben.zstd.Zstd: [0-9]+ native methods.*"), p.err());
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void hermitNative0RefusesItToo() {
    Proc p = Hermit.runJar(Map.of("HERMIT_NATIVE", "0", "PATH", System.getenv("PATH")), dir, "build",
        app.toString(), "-o", dir.resolve("natives-env").toString());
    assertEquals(3, p.code(), p.toString());
    assertTrue(p.err().contains("the build allows no native code"), p.err());
  }

  @Test
  void aPureJavaAppBuildsWithNoneAndRuns() {
    Path hello = Hermit.build(dir.resolve("hello"), Hermit.REPO.resolve("examples/hello").toString(), "--native=none");
    Proc p = Proc.run(List.of(hello.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()), null,
        dir);
    assertEquals(0, p.code(), p.toString());
    assertFalse(p.out().isEmpty(), p.toString());
  }

  @Test
  void inspectListsTheNativesAndCountsThem() {
    assumeTrue(dev.hermit.platform.Target.parse("linux/amd64").isHost(), "SKIPPED LOUDLY: the expected lines name "
        + "zstd-jni's and sqlite-jdbc's linux/amd64 libraries; this host is " + System.getProperty("os.arch"));
    Proc a = Hermit.run("inspect", auto.toString());
    assertEquals(0, a.code(), a.toString());
    assertTrue(a.out().contains("linux/amd64/libzstd-jni-1.5.5-11.so  linux/amd64 glibc (loads into the runtime)  "
        + "needs libpthread.so.0 libc.so.6"), a.out());
    assertTrue(a.out().contains("app/lib/sqlite-jdbc-3.46.1.3.jar: 1 library"), a.out());
    assertTrue(a.out().matches("(?s).*\thermetic +yes .*"), a.out());

    Proc b = Hermit.run("inspect", all.toString());
    assertTrue(b.out().contains("app/lib/zstd-jni-1.5.5-11.jar: 17 libraries"), b.out());
    assertTrue(b.out().contains("win/amd64/libzstd-jni-1.5.5-11.dll  windows/amd64 (another platform: never loaded)"),
        b.out());
    assertTrue(b.out().matches("(?s).*\thermetic +yes .*"), "all also bundles what the loadable natives need: "
        + b.out());

    Proc json = Hermit.run("inspect", "--json", auto.toString());
    assertTrue(json.out().contains("\"platform\": \"linux/amd64 glibc\""), json.out());
  }

  /**
   * --bundle-library: a system library the app loads by name (JNA's Native.load("bz2")) comes in the output with
   * what it needs, so it loads in an empty root, and on this machine the output's copy is the one loaded. Without
   * it, the empty root has no libbz2 ("Unable to load library 'bz2'").
   */
  @Test
  void aLibraryLoadedByNameIsBundledWhenAskedFor() throws IOException {
    Path src = Files.createDirectories(dir.resolve("bundled"));
    Proc fetch = Hermit.mvn(dir, "-f", Hermit.REPO.resolve("testdata/apps/corpus/jna/pom.xml").toString(),
        "dependency:copy-dependencies", "-Dcorpus.lib=" + dir.resolve("corpus")); // into corpus/jna
    assertEquals(0, fetch.code(), "fetching JNA: " + fetch);
    Files.move(dir.resolve("corpus/jna"), src.resolve("lib"));
    Files.copy(Path.of("src/test/resources/apps/bundled/Main.java"), src.resolve("Main.java"));
    Path with = dir.resolve("bundled-with");
    // libssl.so.3 comes with libcrypto.so.3, which it needs, and both under their unversioned names too: a host's
    // libcrypto.so (libssl-dev) is not the one an unversioned dlopen gets
    Proc b = Hermit.run("build", src.toString(), "--bundle-library", "libbz2.so.1.0,libssl.so.3", "-o",
        with.toString(), "-v");
    assertEquals(0, b.code(), b.toString());
    assertTrue(b.err().contains("bundled as asked (--bundle-library): libbz2.so, libbz2.so.1.0, libcrypto.so, "
        + "libcrypto.so.3, libssl.so, libssl.so.3\n"), b.err());
    // one file per library, under its soname; the unversioned name links to it (each was a copy of its own)
    Map<String, String> sys = new java.util.TreeMap<>();
    try (dev.hermit.payload.PayloadReader r = dev.hermit.payload.PayloadReader.open(with)) {
      r.walk((e, content) -> {
        if (e.path().startsWith("rt/lib/sys/lib") && e.path().matches(".*/lib(bz2|crypto|ssl)\\.so.*")) {
          sys.put(e.path().substring("rt/lib/sys/".length()), e.type() + (e.linkTarget() != null ? " " + e.linkTarget()
              : ""));
        }
      });
    }
    assertEquals(Map.of("libbz2.so", "SYMLINK libbz2.so.1.0", "libbz2.so.1.0", "FILE", "libcrypto.so",
        "SYMLINK libcrypto.so.3", "libcrypto.so.3", "FILE", "libssl.so", "SYMLINK libssl.so.3", "libssl.so.3", "FILE"),
        sys);
    Proc host = Proc.run(List.of(with.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("bz-cache").toString()),
        null, dir);
    assertEquals(0, host.code(), host.toString());
    assertTrue(host.out().matches("bzip2 1\\.[0-9.]+ from the output\n"), host.toString());
    Proc empty = CrossIT.inEmptyRoot(dev.hermit.platform.Target.host().orElseThrow(), with, dir.resolve("bz-root"));
    assertEquals(host.out(), empty.out(), empty.toString());

    Path without = Hermit.build(dir.resolve("bundled-without"), src.toString());
    Proc fails = CrossIT.inEmptyRoot(dev.hermit.platform.Target.host().orElseThrow(), without, dir.resolve("bz-root-2"));
    assertTrue(fails.code() != 0 && fails.err().contains("Unable to load library 'bz2'"), fails.toString());

    Proc unknown = Hermit.run("build", src.toString(), "--bundle-library", "libnothere.so.7", "-o",
        dir.resolve("no").toString());
    assertEquals(1, unknown.code(), unknown.toString());
    assertTrue(unknown.err().contains("does not have libnothere.so.7 (asked for)")
        && unknown.err().contains("(--bundle-library)")
        && unknown.err().contains("a library kept elsewhere (a PKCS#11 module in /usr/lib/softhsm/) is given by its "
            + "path"), unknown.toString());
    assertFalse(Files.exists(dir.resolve("no")), "nothing written");

    // A library kept outside the loader's directories (a PKCS#11 module in /usr/lib/softhsm/) is given by its path:
    // named by a soname it was "not on this machine" though the file was there. Bundled under its soname, JNA
    // finds it by name in the empty root as before.
    java.util.regex.Matcher where = java.util.regex.Pattern.compile("\tlibbz2\\.so\\.1\\.0 \\(.*\\) => (\\S+)")
        .matcher(Proc.run(List.of("/sbin/ldconfig", "-p"), Proc.HOST, null, dir).out());
    assertTrue(where.find(), "the host's libbz2.so.1.0, which the build above found");
    Path own = Files.createDirectories(dir.resolve("private-libs")).resolve("libbz2-private.so");
    Files.copy(Path.of(where.group(1)), own);
    Path byPath = dir.resolve("bundled-by-path");
    Proc bp = Hermit.run("build", src.toString(), "--bundle-library", own.toString(), "-o", byPath.toString(), "-v");
    assertEquals(0, bp.code(), bp.toString());
    assertTrue(bp.err().contains("bundled as asked (--bundle-library): libbz2-private.so, libbz2.so, libbz2.so.1.0\n"),
        bp.err());
    Proc byPathRun = CrossIT.inEmptyRoot(dev.hermit.platform.Target.host().orElseThrow(), byPath, dir.resolve("bz-root-3"));
    assertEquals(host.out(), byPathRun.out(), byPathRun.toString());

    Files.writeString(own.resolveSibling("notes.txt"), "not a library");
    for (String bad : List.of(own.resolveSibling("nothere.so").toString(), own.resolveSibling("notes.txt").toString())) {
      Proc refused = Hermit.run("build", src.toString(), "--bundle-library", bad, "-o", dir.resolve("no").toString());
      assertEquals(1, refused.code(), refused.toString());
      assertTrue(refused.err().contains("--bundle-library " + bad + ": " + (bad.endsWith("nothere.so")
          ? "no such file" : "not an ELF shared library")), refused.toString());
      assertFalse(Files.exists(dir.resolve("no")), "nothing written");
    }
  }
}
