package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.HermitException;
import dev.hermit.platform.Target;
import dev.hermit.provision.DebianMirror;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross builds as a user makes them: one {@code hermit build --target A,B,...} for all seven Linux targets with
 * nothing prepared, of a multi-jar app from Maven Central (testdata/apps/cross: picocli and gson; the example's own
 * build is BuildAndRunIT's, and it takes the same path per target, so building it seven times more proved nothing
 * this build does not). Each target's JDK and C library come from Debian's archive (provisioning, verified
 * as apt verifies; linux/riscv64 gets Java 21 from trixie, the others Java 17 from bookworm), into one SDK cache
 * that the suite shares ({@code hermit.test.sdk}, cli/target/it-sdk), so a later test for the same target
 * downloads nothing; ProvisionIT checks the fetch itself from an empty cache. {@link Runners} probes how each
 * target runs here: where this kernel runs it (i386 on many x86_64 kernels) the output runs as it is; elsewhere
 * under qemu-user with {@code HERMIT_EMULATOR}, as docs/PROVISIONING.md tells users to test cross builds in CI. The
 * arm64 and riscv64 apps also run in an empty root (with the emulator copied in where one is needed). The manual
 * {@code --jdk}/{@code --sysroot} path is SysrootIT's.
 */
class CrossIT {
  /** The suite's shared SDK cache: the first test that needs a target's SDK fetches it. */
  static final Path SDK = Path.of(System.getProperty("hermit.test.sdk", "target/it-sdk")).toAbsolutePath();
  static final List<String> TARGETS = List.of("linux/amd64", "linux/arm64", "linux/arm/v7", "linux/386",
      "linux/ppc64le", "linux/s390x", "linux/riscv64");
  /** Targets whose app also runs in an empty root. */
  static final List<String> EMPTY_ROOT = List.of("linux/arm64", "linux/riscv64");
  @TempDir static Path dir;
  static Proc app;

  /** One command for every platform, as a user ships a release: dist-app/NAME-OS-ARCH each. */
  @BeforeAll
  static void buildEveryPlatformInOneCommand() throws IOException {
    Map<String, String> env = provisioning(dir);
    String all = String.join(",", TARGETS);
    Path src = Files.createDirectories(dir.resolve("cross"));
    Files.copy(Hermit.REPO.resolve("testdata/apps/cross/Main.java"), src.resolve("Main.java"));
    Proc fetch = Hermit.fetchJars("apps/cross/pom.xml", src.resolve("lib"), dir);
    assertEquals(0, fetch.code(), "fetching the app's jars from Maven Central: " + fetch);
    app = Hermit.runJar(env, dir, "build", src.toString(), "--target", all, "-o", dir.resolve("dist-app").toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "linux/amd64,   'ELF 64-bit LSB executable, amd64 (EM_X86_64)',   ld-linux-x86-64.so.2,        amd64,   17",
      "linux/arm64,   'ELF 64-bit LSB executable, arm64 (EM_AARCH64)',  ld-linux-aarch64.so.1,       aarch64, 17",
      "linux/arm/v7,  'ELF 32-bit LSB executable, arm (EM_ARM)',        ld-linux-armhf.so.3,         arm,     17",
      "linux/386,     'ELF 32-bit LSB executable, 386 (EM_386)',        ld-linux.so.2,               i386,    17",
      "linux/ppc64le, 'ELF 64-bit LSB executable, ppc64le (EM_PPC64)', ld64.so.2,                   ppc64le, 17",
      "linux/s390x,   'ELF 64-bit MSB executable, s390x (EM_S390)',     ld64.so.1,                   s390x,   17",
      "linux/riscv64, 'ELF 64-bit LSB executable, riscv64 (EM_RISCV)',  ld-linux-riscv64-lp64d.so.1, riscv64, 21"})
  void buildsForEveryArchitectureAndRuns(String target, String elf, String loader, String osArch, int java)
      throws IOException {
    Target t = Target.parse(target);
    assertEquals(0, app.code(), app.toString());
    Path appExe = dir.resolve("dist-app/cross-" + t.fileName());
    assertTrue(app.err().contains("] building for " + target + "\n"), app.err());
    assertTrue(app.err().contains("] wrote " + appExe + " (" + target + ", "), app.err());
    if (t.id().equals("linux/riscv64")) { // no --java: Java 17's suite has no riscv64, so hermit says why 21
      assertTrue(app.err().contains("] Java 21: the lowest of 21, 25 that loads the app's classes; Debian "
          + "bookworm (Java 17) has no riscv64 packages; Debian trixie has\n"), app.err());
    }

    Proc inspect = Hermit.run("inspect", appExe.toString());
    assertTrue(inspect.out().contains(elf) && inspect.out().contains(", static\n"), inspect.out());
    assertTrue(inspect.out().matches("(?s).*\\ttarget +" + Pattern.quote(target) + "\\n.*"), inspect.out());
    assertTrue(inspect.out().matches("(?s).*\\thermetic +yes .*" + Pattern.quote(loader) + ".*"), inspect.out());
    assertTrue(inspect.out().contains("\truntime.java        " + java + "\n"), inspect.out());

    // A non-ASCII argument comes through as UTF-8 and gson prints it as it is: the runtime's encodings are UTF-8.
    String says = "{\"greeting\":\"hi thére\",\"os.arch\":\"" + osArch + "\",\"java\":\"" + java + "\""
        + (target.equals("linux/arm/v7") ? ",\"sun.arch.abi\":\"gnueabihf\"" : "") + "}\n";
    Proc runApp = runHere(t, appExe, dir.resolve("run-" + t.fileName()).resolve("app-cache"), dir, "--greeting",
        "hi thére");
    assertEquals(0, runApp.code(), runApp.toString());
    assertEquals(says, runApp.out(), runApp.toString());
    if (EMPTY_ROOT.contains(target)) {
      Proc empty = inEmptyRoot(t, appExe, dir.resolve("root-" + t.fileName()), "--greeting", "hi thére");
      assertEquals(0, empty.code(), empty.toString());
      assertEquals(says, empty.out(), empty.toString());
    }
  }

  /**
   * The targets are built several at once (one per core, at most four), yet each target's lines come together, in
   * the order the targets were named: its "building for", its steps, its "wrote".
   */
  @Test
  void theTargetsAreBuiltAtOnceAndTheirLinesComeInTargetOrder() {
    assertEquals(0, app.code(), app.toString());
    int atOnce = Math.min(TARGETS.size(), Math.min(4, Runtime.getRuntime().availableProcessors()));
    if (atOnce > 1) {
      assertTrue(app.err().contains("] building " + TARGETS.size() + " targets, " + atOnce + " at a time (-j)"),
          app.err());
    }
    List<String> lines = app.err().lines().toList();
    int at = -1;
    for (String target : TARGETS) {
      int building = indexOf(lines, "] building for " + target, at + 1);
      int wrote = indexOf(lines, "] wrote " + dir.resolve("dist-app/cross-" + Target.parse(target).fileName())
          + " (" + target + ", ", building + 1);
      assertTrue(building > at && wrote > building, target + " out of order:\n" + app.err());
      for (String other : TARGETS) { // nothing of another target between them
        assertTrue(lines.subList(building + 1, wrote).stream().noneMatch(l -> l.contains("building for " + other)),
            target + "'s lines are interleaved with " + other + "'s:\n" + app.err());
      }
      at = wrote;
    }
  }

  static int indexOf(List<String> lines, String part, int from) {
    for (int i = Math.max(0, from); i < lines.size(); i++) {
      if (lines.get(i).contains(part)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * An app with java.desktop (text drawn into an image) for linux/arm64: its SDK grows by the X11, sound, image and
   * font libraries and the DejaVu fonts, which go into the output, so the text is drawn in an empty root.
   */
  @Test
  void aDesktopAppGetsItsLibrariesAndFontsAndDrawsTextInAnEmptyRoot() throws IOException {
    Path src = Files.createDirectories(dir.resolve("desktop"));
    Files.copy(Hermit.REPO.resolve("testdata/apps/desktop/Main.java"), src.resolve("Main.java"));
    Path exe = dir.resolve("desktop-arm64");
    Path lock = dir.resolve("desktop-sdk.lock"); // pins the base set, then grows by java.desktop's libraries
    Proc build = Hermit.runJar(provisioning(dir), dir, "build", src.toString(), "--target", "linux/arm64", "-o",
        exe.toString(), "-v", "--sdk-lock", lock.toString());
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().contains("] pinned Debian bookworm arm64 (6 packages) in " + lock)
        && build.err().contains("] pinned 24 more packages of Debian bookworm arm64 (30 packages) in " + lock),
        build.err());
    assertTrue(Files.readString(lock).contains("\nbookworm arm64 libx11-6 "), Files.readString(lock));
    assertTrue(build.err().contains("] java.desktop: adding the X11, sound, image and font libraries it loads")
        && build.err().contains("fonts for java.desktop: DejaVuSans.ttf"), build.err());
    Proc run = inEmptyRoot(Target.parse("linux/arm64"), exe, dir.resolve("root-desktop"));
    assertEquals(0, run.code(), run.toString());
    assertEquals("drew text of some width on aarch64 with SansSerif\n", run.out(), run.toString());
  }

  /**
   * Runs an output of {@code target} in a root holding only it (and, where this kernel cannot run the target, the
   * static qemu it runs under, as HERMIT_EMULATOR), with /proc, /dev and an empty /tmp, and no environment.
   */
  static Proc inEmptyRoot(Target target, Path exe, Path root, String... args) throws IOException {
    assumeTrue(Proc.isRoot(), "SKIPPED LOUDLY: an empty root needs root (unshare -m, mount, chroot)");
    Runners.Runner runner = Runners.of(target);
    Files.createDirectories(root);
    Files.copy(exe, root.resolve("app"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String run = "/app";
    String env = "HERMIT_CDS=off";
    if (!runner.isNative()) {
      Proc which = Proc.run(List.of("sh", "-c", "command -v " + runner.qemu().orElseThrow()), Proc.HOST, null, null);
      assumeTrue(which.code() == 0, "SKIPPED LOUDLY: " + runner.qemu().orElseThrow() + " is not installed");
      Files.copy(Path.of(which.out().strip()), root.resolve("qemu"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      run = "/qemu /app";
      env += " HERMIT_EMULATOR=/qemu JAVA_TOOL_OPTIONS=-Xint";
    }
    String script = "set -e; r='" + root + "'; mkdir -p $r/proc $r/dev $r/tmp; chmod 1777 $r/tmp;"
        + " mount -t proc proc $r/proc; mount --rbind /dev $r/dev;"
        + " exec env -i " + env + " /usr/sbin/chroot $r " + run + " \"$@\"";
    List<String> command = new ArrayList<>(List.of("unshare", "-m", "sh", "-c", script, "sh"));
    command.addAll(List.of(args));
    return Proc.run(command, Proc.HOST, null, null);
  }

  /**
   * The environment of a build that provisions into the suite's shared SDK cache, from the host's mirror (or
   * HERMIT_DEBIAN_MIRROR); skips loudly when there is no mirror to fetch from.
   */
  static Map<String, String> provisioning(Path home) {
    try {
      DebianMirror.choose(System.getenv("HERMIT_DEBIAN_MIRROR"), Path.of("/"));
    } catch (HermitException e) {
      assumeTrue(false, "SKIPPED LOUDLY: " + e.getMessage());
    }
    Map<String, String> env = new HashMap<>(Proc.HOST);
    env.put("HERMIT_SDK_DIR", SDK.toString());
    env.put("HOME", home.toString());
    if (System.getenv("HERMIT_DEBIAN_MIRROR") != null) {
      env.put("HERMIT_DEBIAN_MIRROR", System.getenv("HERMIT_DEBIAN_MIRROR"));
    }
    return env;
  }

  /**
   * The runtime's own natives can need more than the base SDK has: java.smartcardio's libj2pcsc.so needs
   * libpcsclite.so.1 (every app with java.se has the module: a script engine, javac at run time). The build adds
   * Debian's libpcsclite1 to the SDK, as for the app's natives, instead of failing with "libraries the runtime
   * needs are not in ...", and the app runs in an empty root.
   */
  @Test
  void aRuntimeModuleNeedingALibraryTheBaseSdkLacksGetsItsDebianPackage() throws Exception {
    Path src = Files.createDirectories(dir.resolve("smartcardio"));
    Files.writeString(src.resolve("Main.java"), """
        public class Main {
          public static void main(String[] args) {
            System.out.println("smartcardio: " + javax.smartcardio.TerminalFactory.class.getSimpleName());
          }
        }
        """);
    Path exe = dir.resolve("smartcardio-arm64");
    Proc build = Hermit.runJar(provisioning(dir), dir, "build", src.toString(), "--target", "linux/arm64", "-o",
        exe.toString());
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().contains("] the runtime's libraries need libpcsclite.so.1: adding libpcsclite1t64 or "
        + "libpcsclite1 from Debian bookworm\n"), build.err());
    Proc empty = inEmptyRoot(Target.parse("linux/arm64"), exe, dir.resolve("root-smartcardio"));
    assertEquals("smartcardio: TerminalFactory\n", empty.out(), empty.toString());
  }

  /**
   * A JNI library for linux/arm64 that needs libgomp.so.1, which the base SDK (the JDK, glibc, libstdc++, zlib)
   * lacks, as XGBoost's does: the build adds Debian's libgomp1 to the SDK and bundles the library, and the app
   * calls into it in an empty root.
   */
  @Test
  void aNativeNeedingALibraryTheBaseSdkLacksGetsItsDebianPackage() throws Exception {
    Path src = Files.createDirectories(dir.resolve("gomp"));
    // linked against a stand-in with libgomp's soname: the output must carry Debian's real one
    Path jni = jniCalling(src, "libgomp.so.1", "omp_get_max_threads", "libgompuser.so", "threads");
    Files.writeString(src.resolve("Main.java"), """
        import java.io.InputStream;
        import java.nio.file.Files;
        import java.nio.file.Path;
        import java.nio.file.StandardCopyOption;
        public class Main {
          static native int threads();
          public static void main(String[] args) throws Exception {
            Path so = Files.createTempFile("gompuser", ".so");
            try (InputStream in = Main.class.getResourceAsStream("/native/libgompuser.so")) {
              Files.copy(in, so, StandardCopyOption.REPLACE_EXISTING);
            }
            System.load(so.toString());
            Files.delete(so); // loaded: the mapping stays, the test leaves no file in the host's /tmp
            System.out.println("OpenMP threads >= 1: " + (threads() >= 1));
          }
        }
        """);
    Path jar = mainJar(src, "gomp.jar", Map.of("native/libgompuser.so", jni));
    Path exe = dir.resolve("gomp-arm64");
    Proc build = Hermit.runJar(provisioning(dir), dir, "build", jar.toString(), "--target", "linux/arm64", "-o",
        exe.toString(), "-v");
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().contains("] native libraries of the app need libgomp.so.1: adding libgomp1t64 or libgomp1 "
        + "from Debian bookworm\n") && build.err().contains("bundled for them: libgomp.so.1"), build.err());
    // the round that found libgomp missing was retried: what the natives step says, it says once
    List<String> natives = build.err().lines().filter(l -> l.contains("native ") && l.contains("!/")).toList();
    assertFalse(natives.isEmpty(), build.err());
    assertEquals(natives.size(), new java.util.HashSet<>(natives).size(), build.err());
    Target arm64 = Target.parse("linux/arm64");
    Proc run = runHere(arm64, exe, dir.resolve("run-gomp/cache"), dir);
    assertEquals("OpenMP threads >= 1: true\n", run.out(), run.toString());
    Proc empty = inEmptyRoot(arm64, exe, dir.resolve("root-gomp"));
    assertEquals("OpenMP threads >= 1: true\n", empty.out(), empty.toString());
  }

  /**
   * A native for linux/arm64 that needs a library no Debian package ships (Pi4J's pigpio plugin needs
   * libpigpio.so.1, which Raspberry Pi users build from source): the build stops naming the native, the library and
   * the two ways on, where Debian's answer alone named none; with --allow-missing it builds.
   */
  @Test
  void aNativeNeedingALibraryDebianLacksNamesTheWaysOn() throws Exception {
    Path src = Files.createDirectories(dir.resolve("nowhere"));
    Path jni = jniCalling(src, "libhermit-nowhere.so.7", "nowhere", "libpins.so", "pins");
    Files.writeString(src.resolve("Main.java"), "public class Main { public static void main(String[] a) {} }");
    Path jar = mainJar(src, "pins.jar", Map.of("lib/aarch64/libpins.so", jni));
    Path exe = dir.resolve("pins-arm64");
    Proc refused = Hermit.runJar(provisioning(dir), dir, "build", jar.toString(), "--target", "linux/arm64", "-o",
        exe.toString());
    assertEquals(1, refused.code(), refused.toString());
    String last = refused.err().lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.startsWith("hermit: Debian bookworm has no package ") && last.contains(
        "no package of its Contents index ships libhermit-nowhere.so.7: pins.jar!/lib/aarch64/libpins.so needs"
        + " libhermit-nowhere.so.7. Where the target has it (installed there from elsewhere) or the app does without"
        + " it, build with --allow-missing libhermit-nowhere.so.7"), refused.err());
    assertFalse(Files.exists(exe), "no output after a failed build");
    Proc allowed = Hermit.runJar(provisioning(dir), dir, "build", jar.toString(), "--target", "linux/arm64", "-o",
        exe.toString(), "--allow-missing", "libhermit-nowhere.so.7");
    assertEquals(0, allowed.code(), allowed.toString());
    assertTrue(allowed.err().contains("left out, as --allow-missing says: pins.jar!/lib/aarch64/libpins.so needs "
        + "libhermit-nowhere.so.7"), allowed.err());
  }

  /**
   * --check runs an output of another platform under qemu-ARCH-static from PATH, on the host and in an empty root that
   * holds the emulator too, as `go test -exec` runs a cross-compiled test: it passes for an app that exits 0 and fails
   * (exit 3) for one that does not. Before, such an output was not run at all. The app lists a directory: under
   * qemu a 32-bit program cannot read ext4's 64-bit directory offsets ("Value too large for defined data type"), which
   * real hardware can, so the emulated check keeps its cache on a tmpfs.
   */
  @ParameterizedTest
  @CsvSource({"linux/arm64, qemu-aarch64-static", "linux/arm/v7, qemu-arm-static"})
  void checkRunsAForeignOutputUnderQemu(String platform, String qemu) throws Exception {
    Runners.Runner runner = Runners.of(Target.parse(platform));
    assumeTrue(!runner.isNative(), "SKIPPED LOUDLY: this host runs " + platform + " natively; the emulated check is"
        + " for others");
    assumeTrue(Proc.isRoot(), "SKIPPED LOUDLY: the empty root of --check needs root or user namespaces");
    Path src = Files.createDirectories(dir.resolve("check-" + Target.parse(platform).fileName()));
    Path java = Files.writeString(src.resolve("Arch.java"), "public class Arch { public static void main(String[] a)"
        + " throws Exception { try (var s = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("
        + "\"java.home\"), \"lib\"))) { System.out.println(System.getProperty(\"os.arch\") + \" \" + (s.count() > 3)); }"
        + " System.exit(a.length); } }");
    Path exe = dir.resolve("arch-" + Target.parse(platform).fileName());
    String name = exe.getFileName().toString();
    Proc ok = Hermit.runJar(provisioning(dir), src, "build", java.toString(), "--target", platform, "-o",
        exe.toString(), "--check", "-v");
    assertEquals(0, ok.code(), ok.toString());
    assertTrue(ok.err().contains("checking: running " + name + " under " + qemu + " on the host")
        && ok.err().contains("checking: running " + name + " under " + qemu + " in an empty root")
        && ok.err().contains("] check passed on the host and in an empty root\n"), ok.err());
    assertTrue(ok.err().contains("stdout: " + (platform.contains("arm64") ? "aarch64" : "arm") + " true"),
        "the run's output (-v): " + ok.err());
    Proc failed = Hermit.runJar(provisioning(dir), src, "build", java.toString(), "--target", platform, "-o",
        exe.toString(), "--check", "--", "one");
    assertEquals(3, failed.code(), failed.toString());
    assertTrue(failed.err().contains("hermit: check failed on the host: " + name + " exited with code 1"),
        failed.err());
  }

  /**
   * An aarch64 JNI library {@code jni} whose {@code Main.method()} returns {@code function()} of a library with the
   * soname {@code needed}, linked against a stand-in of that library (so the JNI library names it in DT_NEEDED).
   */
  static Path jniCalling(Path dir, String needed, String function, String jni, String method) throws Exception {
    Path stub = clang(dir, needed, "int " + function + "(void) { return 0; }\n");
    return clang(dir, jni, "int " + function + "(void);\nint Java_Main_" + method + "(void *env, void *cls) { return "
        + function + "(); }\n", stub.toString());
  }

  /**
   * {@code src/NAME}: Main, compiled from {@code src/Main.java} for Java 17, as its Main-Class, and {@code natives}
   * (the name in the jar, the file).
   */
  static Path mainJar(Path src, String name, Map<String, Path> natives) throws IOException {
    Path classes = Files.createDirectories(src.resolve("classes"));
    assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
        classes.toString(), src.resolve("Main.java").toString()));
    Map<String, Path> entries = new java.util.TreeMap<>(natives);
    entries.put("Main.class", classes.resolve("Main.class"));
    Path jar = src.resolve(name);
    java.util.jar.Manifest mf = new java.util.jar.Manifest();
    mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "Main");
    try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), mf)) {
      for (Map.Entry<String, Path> e : entries.entrySet()) {
        out.putNextEntry(new java.util.jar.JarEntry(e.getKey()));
        out.write(Files.readAllBytes(e.getValue()));
      }
    }
    return jar;
  }

  /** Links C source into an aarch64 shared library with clang and lld, as JNI libraries are built. */
  static Path clang(Path dir, String soname, String source, String... more) throws Exception {
    Path c = Files.writeString(dir.resolve(soname + ".c"), source);
    List<String> cmd = new ArrayList<>(List.of("clang", "--target=aarch64-linux-gnu", "-nostdlib", "-shared",
        "-fuse-ld=lld", "-fPIC", "-Wl,-soname," + soname, "-o", dir.resolve(soname).toString(), c.toString()));
    cmd.addAll(List.of(more));
    Proc p = Proc.run(cmd, Proc.HOST, null, dir);
    assumeTrue(p.code() != 127 && !p.err().contains("No such file"), "SKIPPED LOUDLY: clang is not installed");
    assertEquals(0, p.code(), String.join(" ", cmd) + ": " + p);
    return dir.resolve(soname);
  }

  /**
   * Runs an output of {@code target} here: natively where the kernel runs it; else under qemu-user, where the
   * launcher's execve of the target's loader first fails (118, no binfmt_misc) and then, with HERMIT_EMULATOR,
   * goes through qemu. {@code -Xint} halves the time under emulation (FIELD-NOTES §4).
   */
  static Proc runHere(Target target, Path exe, Path cache, Path dir, String... args) {
    Runners.Runner runner = Runners.of(target);
    List<String> command = new ArrayList<>(List.of(exe.toString()));
    command.addAll(List.of(args));
    if (runner.isNative()) {
      return Proc.run(command, Map.of("HERMIT_CACHE_DIR", cache.toString()), null, dir);
    }
    Proc which = Proc.run(List.of("sh", "-c", "command -v " + runner.qemu().orElseThrow()), Proc.HOST, null, null);
    assumeTrue(which.code() == 0, "SKIPPED LOUDLY: " + runner.qemu().orElseThrow()
        + " is not installed (apt: qemu-user-static)");
    String qemu = which.out().strip();
    command.add(0, qemu);
    if (!runner.kernelRuns()) {
      Proc alone = Proc.run(command, Map.of("HERMIT_CACHE_DIR", cache.toString()), null, dir);
      assertEquals(118, alone.code(), alone.toString());
      assertTrue(alone.err().contains("exec format error"), alone.toString());
    } // forced (HERMIT_TEST_EMULATE) on a kernel that runs the target: qemu hands the loader's execve to the kernel
    return Proc.run(command, Map.of("HERMIT_CACHE_DIR", cache.toString(), "HERMIT_EMULATOR", qemu,
        "JAVA_TOOL_OPTIONS", "-Xint"), null, dir);
  }
}
