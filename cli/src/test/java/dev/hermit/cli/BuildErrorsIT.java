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
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one clear line, a non-zero exit, no stack trace and no output file. */
class BuildErrorsIT {
  @TempDir Path dir;

  void assertFails(int code, String mentions, String... args) throws IOException {
    assertFails(code, List.of(mentions), args);
  }

  /** One build, every one of {@code mentions} in its message. */
  void assertFails(int code, List<String> mentions, String... args) throws IOException {
    Path out = dir.resolve("out");
    String[] all = new String[args.length + 3];
    all[0] = "build";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "-o";
    all[args.length + 2] = out.toString();
    Proc p = Hermit.run(all);
    assertEquals(code, p.code(), p.toString());
    for (String m : mentions) {
      assertTrue(p.err().contains(m), "expected '" + m + "' in: " + p.err());
    }
    assertFalse(p.err().contains("\tat "), "no stack traces: " + p.err());
    assertTrue(p.err().startsWith("hermit: ") || p.err().contains("\nhermit: "), p.err());
    assertFalse(Files.exists(out), "no output may be written");
    try (var s = Files.list(dir)) {
      assertTrue(s.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temp file may be left");
    }
  }

  /**
   * What hermit prints on standard output (inspect's report, --version) that cannot be written (a full disk) is an
   * error, as ls says "write error": it was lost with exit 0.
   */
  @Test
  void aStandardOutputThatCannotBeWrittenIsAnError() throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/full")), "SKIPPED LOUDLY: no /dev/full");
    Process p = new ProcessBuilder(Hermit.javaBin(), "-jar", System.getProperty("hermit.jar"), "inspect", "--json",
        Hermit.javaBin()).redirectOutput(new java.io.File("/dev/full")).start();
    String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(1, p.waitFor(), err);
    assertEquals("hermit: cannot write to standard output (No space left on device)\n", err);
  }

  /**
   * A full temporary directory while jlink writes the runtime: the message names where (jlink's own, "No space left
   * on device", names no place) and what to do; nothing is left there.
   */
  @Test
  void aFullTemporaryDirectoryDuringTheLinkIsNamed() throws Exception {
    assumeTrue(Proc.isRoot(), "SKIPPED LOUDLY: a small tmpfs needs root (unshare -m, mount)");
    Path small = Files.createDirectories(dir.resolve("small-tmp"));
    String script = "mount -t tmpfs -o size=4m tmpfs \"$1\" || exit 99; \"$2\" -Djava.io.tmpdir=\"$1\" -jar \"$3\""
        + " build \"$4\" -o \"$5\" -q; rc=$?; echo \"left:$(ls -A \"$1\")\"; exit $rc";
    ProcessBuilder pb = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh",
        small.toString(), Hermit.javaBin(), System.getProperty("hermit.jar"),
        Hermit.REPO.resolve("examples/hello").toString(), dir.resolve("full-tmp-app").toString());
    pb.environment().put("HERMIT_JLINK_CACHE", "off"); // linked here, not taken from the cache
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(1, p.waitFor(), err);
    assertTrue(err.startsWith("hermit: no space left on device for the linked runtime in " + small + "/hermit-build-")
        && err.contains("JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=DIR"), err);
    assertEquals("left:\n", out, "nothing left in the temporary directory");
    assertFalse(Files.exists(dir.resolve("full-tmp-app")));
  }

  /** --pack and HERMIT_PACK take small or fast; anything else is a usage error naming where it came from. */
  @Test
  void anUnknownPackingIsAUsageError() {
    Path out = dir.resolve("packed");
    Proc flag = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "--pack=tiny", "-o",
        out.toString());
    assertEquals(2, flag.code(), flag.toString());
    assertTrue(flag.err().contains("unknown --pack 'tiny' (small, fast)"), flag.err());
    Proc env = Hermit.runJar(java.util.Map.of("HERMIT_PACK", "tiny", "PATH", System.getenv("PATH")), dir, "build",
        Hermit.REPO.resolve("examples/hello").toString(), "-o", out.toString());
    assertEquals(2, env.code(), env.toString());
    assertTrue(env.err().contains("unknown HERMIT_PACK 'tiny' (small, fast)"), env.err());
    assertFalse(Files.exists(out), "nothing written");
  }

  /** A heap too small for the runtime's files (libjvm.so alone is 20 MB) is said as that, not as a stack trace. */
  @Test
  void aHeapTooSmallIsNamedAndLeavesNothingBehind() {
    Path out = dir.resolve("small-heap/hello");
    Proc p = Proc.run(java.util.List.of(Hermit.javaBin(), "-Xmx16m", "-XX:+UseSerialGC", "-jar",
        System.getProperty("hermit.jar"), "build", Hermit.REPO.resolve("examples/hello").toString(), "-o",
        out.toString(), "-q"), System.getenv(), null, dir);
    assertEquals(1, p.code(), p.toString());
    assertTrue(p.err().contains("hermit: out of memory (Java heap space, with a heap of at most "), p.err());
    assertTrue(p.err().contains("give the JVM more, e.g. java -Xmx1g -jar hermit.jar"), p.err());
    assertFalse(p.err().contains("\tat "), "no stack trace: " + p.err());
    assertFalse(Files.exists(out), "nothing written");
    assertFalse(Files.exists(out.getParent()), "nor the directory made for it");
  }

  @Test
  void aFullDiskIsNamedAndLeavesNothingBehind() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(Proc.isRoot(), "SKIPPED LOUDLY: mounting a small tmpfs needs root");
    Path full = Files.createDirectories(dir.resolve("full"));
    Proc p = Proc.run(java.util.List.of("unshare", "-m", "sh", "-c",
        "mount -t tmpfs -o size=2m none \"$1\" && \"$2\" -jar \"$3\" build \"$4\" -o \"$1/hello\" -q;"
            + " code=$?; ls -A \"$1\"; exit $code",
        "sh", full.toString(), Hermit.javaBin(), System.getProperty("hermit.jar"),
        Hermit.REPO.resolve("examples/hello").toString()), Proc.HOST, null, null);
    assertEquals(1, p.code(), p.toString());
    assertTrue(p.err().startsWith("hermit: ") && p.err().strip().lines().count() == 1, p.toString());
    assertTrue(p.err().contains("cannot write output " + full.resolve("hello") + ": No space left on device"),
        p.toString());
    assertEquals("", p.out(), "the full directory must be left empty: " + p);
  }

  /** A JNI library in a jar needs a library this machine lacks (JavaFX's libglassgtk3.so without GTK). */
  @Test
  void aNativeThatNeedsALibraryThisMachineLacksIsNamed() throws IOException {
    Path work = Files.createDirectories(dir.resolve("natives"));
    Files.writeString(work.resolve("gone.c"), "void gone(void) {}\n");
    Files.writeString(work.resolve("needs.c"), "void gone(void); void Java_Main_call(void) { gone(); }\n");
    Proc cc = Proc.run(java.util.List.of("sh", "-c", "cc -shared -fPIC -o libhermitgone.so -Wl,-soname,libhermitgone.so.1"
        + " gone.c && cc -shared -fPIC -o libneeds.so needs.c -L. -lhermitgone && rm libhermitgone.so"),
        Proc.HOST, null, work);
    assertEquals(0, cc.code(), cc.toString());
    Path jar = jarWithNative("app.jar", work.resolve("libneeds.so"));
    // the way out, named exactly: the package that ships it on Debian (checked with apt, which has no package by the
    // usual name for this one; without apt, the rule's guess), or the option that leaves it out
    boolean apt = Proc.run(java.util.List.of("sh", "-c", "command -v apt-cache"), Proc.HOST, null, null).code() == 0;
    assertFails(1, List.of("native libraries of the app need libraries that this machine (/) does not have: "
        + "app.jar!/natives/linux-x86_64/libneeds.so needs libhermitgone.so.1. The output carries",
        apt ? "(on Debian, the package that ships each one: libhermitgone.so.1: none by the usual name "
            + "(apt-file search libhermitgone.so.1 finds the one that ships it))"
            : "(on Debian, the package that ships each one: libhermitgone1t64 or libhermitgone1)",
        "falls back from (Artemis without libaio uses its NIO journal): --allow-missing libhermitgone.so.1"),
        jar.toString());

    // allowed to be missing (the app would provide it, as JavaCPP does): built, with a warning naming it
    Path out = dir.resolve("allowed");
    Proc p = Hermit.run("build", jar.toString(), "--allow-missing", "libhermitgone.so.1", "-o", out.toString());
    assertEquals(0, p.code(), p.toString());
    assertTrue(p.err().contains("left out, as --allow-missing says: app.jar!/natives/linux-x86_64/libneeds.so needs"
        + " libhermitgone.so.1"), p.err());
    assertTrue(Files.isRegularFile(out), p.toString());
  }

  /**
   * A JNI library built for a newer glibc than the one the output carries: the loader would refuse it ("version
   * `GLIBC_2.99' not found") wherever the app loads it, so the build names the library, the version and the glibc.
   * It is linked against a stand-in libc.so.6 that defines GLIBC_2.99, as a newer distribution's would.
   */
  @Test
  void aNativeThatNeedsANewerGlibcThanTheBundledOneIsNamed() throws IOException {
    Path work = Files.createDirectories(dir.resolve("newer"));
    Files.writeString(work.resolve("libc.c"), "void hermit_new_call(void) {}\n");
    Files.writeString(work.resolve("libc.map"), "GLIBC_2.99 { global: hermit_new_call; local: *; };\n");
    Files.writeString(work.resolve("needs.c"), "void hermit_new_call(void); void Java_Main_call(void) { hermit_new_call(); }\n");
    Proc cc = Proc.run(java.util.List.of("sh", "-c", "mkdir -p stub && cc -shared -fPIC -nostdlib -o stub/libc.so.6"
        + " -Wl,-soname,libc.so.6 -Wl,--version-script=libc.map libc.c"
        + " && cc -shared -fPIC -nostdlib -o libneeds.so needs.c -Lstub -l:libc.so.6"), Proc.HOST, null, work);
    assertEquals(0, cc.code(), cc.toString());
    Path jar = jarWithNative("newer.jar", work.resolve("libneeds.so"));
    assertFails(1, "native libraries of the app need newer system libraries than the ones the output carries (from"
        + " this machine): newer.jar!/natives/linux-x86_64/libneeds.so needs GLIBC_2.99 from libc.so.6 (which has up"
        + " to GLIBC_2.", jar.toString());
  }

  /**
   * Two natives built against two generations of one library (as JavaFX media's libavplugin-54 and -59 against
   * libavcodec.so.54 and .so.59): the message says they are alternatives, which no system has together.
   */
  @Test
  void nativesNeedingGenerationsOfOneLibraryAreToldApart() throws IOException {
    Path work = Files.createDirectories(dir.resolve("generations"));
    Files.writeString(work.resolve("gen.c"), "void gen(void) {}\n");
    Files.writeString(work.resolve("plugin.c"), "void gen(void); void plugin(void) { gen(); }\n");
    Proc cc = Proc.run(List.of("sh", "-c", "for v in 54 59; do cc -shared -fPIC -o libhermitgen.so -Wl,-soname,"
        + "libhermitgen.so.$v gen.c && cc -shared -fPIC -o libplugin-$v.so plugin.c -L. -lhermitgen || exit 1; done"
        + " && rm libhermitgen.so"), Proc.HOST, null, work);
    assertEquals(0, cc.code(), cc.toString());
    Path jar = jarWithNative("media.jar", work.resolve("libplugin-54.so"));
    try (java.nio.file.FileSystem z = java.nio.file.FileSystems.newFileSystem(jar)) {
      Files.copy(work.resolve("libplugin-59.so"), z.getPath("natives/linux-x86_64/libplugin-59.so"));
    }
    assertFails(1, List.of("needs libhermitgen.so.54", "needs libhermitgen.so.59", "libhermitgen.so.54, "
        + "libhermitgen.so.59 are generations of one library, which no system has together: natives built against "
        + "each are alternatives the app picks from at run time (JavaFX media's libavplugin-NN.so), so leave out "
        + "those the target will not have.", "--allow-missing libhermitgen.so.54,libhermitgen.so.59"), jar.toString());
  }

  /** An executable jar whose Main loads {@code lib}, carried as natives/linux-x86_64/libneeds.so. */
  private Path jarWithNative(String name, Path lib) throws IOException {
    Path jar = dir.resolve(name);
    Manifest m = new Manifest();
    m.getMainAttributes().putValue("Manifest-Version", "1.0");
    m.getMainAttributes().putValue("Main-Class", "Main");
    Path classes = Files.createDirectories(dir.resolve("classes-" + name));
    JarManifestIT.javac(classes, 17, null, writeMain());
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
      j.putNextEntry(new java.util.jar.JarEntry("Main.class"));
      j.write(Files.readAllBytes(classes.resolve("Main.class")));
      j.putNextEntry(new java.util.jar.JarEntry("natives/linux-x86_64/libneeds.so"));
      j.write(Files.readAllBytes(lib));
    }
    return jar;
  }

  private Path writeMain() throws IOException {
    Path src = dir.resolve("Main.java");
    Files.writeString(src, "public class Main { public static void main(String[] a) { System.loadLibrary(\"needs\"); } }\n");
    return src;
  }

  @Test
  void aMainClassThatDoesNotExist() throws IOException {
    assertFails(1, "main class does.not.Exist was not found",
        Hermit.REPO.resolve("examples/hello").toString(), "--main", "does.not.Exist");
  }

  @Test
  void aCorruptJar() throws IOException {
    Path jar = dir.resolve("broken.jar");
    Files.write(jar, "this is not a zip file at all".getBytes());
    assertFails(1, "not a valid jar", jar.toString());
  }

  @Test
  void aJarWithoutMainClass() throws IOException {
    Path jar = dir.resolve("lib.jar");
    Manifest m = new Manifest();
    m.getMainAttributes().putValue("Manifest-Version", "1.0");
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
      j.putNextEntry(new java.util.jar.JarEntry("x.txt"));
      j.write(1);
    }
    assertFails(1, "has no Main-Class", jar.toString());
  }

  /** An output that is a directory (a package directory named like the app) is refused before any work is done. */
  @Test
  void anOutputThatIsADirectoryIsRefusedFirst() throws IOException {
    Path taken = Files.createDirectories(dir.resolve("app"));
    Proc p = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "-o", taken.toString());
    assertEquals(1, p.code(), p.toString());
    assertTrue(p.err().contains("hermit: output " + taken + " is a directory: name a file (-o FILE)"), p.err());
    assertFalse(p.err().contains("resolving inputs") || p.err().contains("linking"), "refused first: " + p.err());
  }

  /** An empty -o (a script's unset variable) names no file; it was taken as the working directory. */
  @Test
  void anEmptyOutputNameIsAUsageError() {
    Proc p = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "-o", "");
    assertEquals(2, p.code(), p.toString());
    assertTrue(p.err().contains("hermit: -o names no file (an empty argument)"), p.err());
    assertFalse(p.err().contains("is a directory") || p.err().contains("resolving inputs"), p.err());
  }

  /** A file where the output's directory would be made is refused before any work is done, naming that file. */
  @Test
  void anOutputUnderAFileIsRefusedFirst() throws IOException {
    Path file = Files.writeString(dir.resolve("bin"), "a file");
    Proc p = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "-o",
        dir.resolve("bin/sub/hello").toString());
    assertEquals(1, p.code(), p.toString());
    assertTrue(p.err().contains("hermit: cannot write output " + dir.resolve("bin/sub/hello") + ": " + file
        + " is not a directory (-o FILE)"), p.err());
    assertFalse(p.err().contains("resolving inputs"), "refused first: " + p.err());
  }

  @Test
  void aMissingInput() throws IOException {
    assertFails(1, "does not exist", dir.resolve("nope.jar").toString());
  }

  @Test
  void aSourceThatDoesNotCompile() throws IOException {
    Path src = dir.resolve("Bad.java");
    Files.writeString(src, "public class Bad { public static void main(String[] a) { int x = ; } }");
    assertFails(1, "compilation failed: Bad.java:1:", src.toString());
  }

  @Test
  void anUnknownTargetIsAUsageError() throws IOException {
    assertFails(2, "unknown target 'plan9/mips'", Hermit.REPO.resolve("examples/hello").toString(),
        "--target", "plan9/mips");
    // the environment's too (HERMIT_OS alone built for the host)
    Proc env = Hermit.runJar(java.util.Map.of("HERMIT_OS", "plan9", "PATH", System.getenv("PATH")), dir, "build",
        Hermit.REPO.resolve("examples/hello").toString(), "-o", dir.resolve("plan9").toString());
    assertEquals(2, env.code(), env.toString());
    assertTrue(env.err().contains("(from the environment: HERMIT_OS=plan9; --target overrides it)"), env.err());
  }

  /** --offline: a target whose SDK the cache lacks is named, never downloaded; nothing is written. */
  @Test
  void anOfflineBuildNamesTheSdkTheCacheLacks() throws IOException {
    Path sdks = Files.createDirectories(dir.resolve("offline-sdks"));
    Proc p = Hermit.runJar(java.util.Map.of("HERMIT_SDK_DIR", sdks.toString(), "PATH", System.getenv("PATH")), dir,
        "build", Hermit.REPO.resolve("examples/hello").toString(), "--target", "linux/s390x", "--offline", "-o",
        dir.resolve("offline").toString());
    assertEquals(1, p.code(), p.toString());
    assertTrue(p.err().contains("hermit: the build is offline, and the SDK cache " + sdks + " lacks Debian bookworm's "
        + "packages for Java 17 on linux/s390x (openjdk-17-jdk-headless, libc6"), p.err());
    assertFalse(p.err().contains("downloading") || p.err().contains("verifying"), "nothing fetched: " + p.err());
    assertFalse(Files.exists(dir.resolve("offline")));
    try (java.util.stream.Stream<Path> s = Files.list(sdks)) {
      assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith("bookworm-s390x-5")
          && Files.isDirectory(f)), "no SDK made");
    }
  }

  @Test
  void aJdkForAnotherPlatform() throws IOException {
    String other = Runners.foreign().id();
    assertFails(1, "not " + other, Hermit.REPO.resolve("examples/hello").toString(), "--target", other,
        "--jdk", System.getProperty("java.home"));
  }

  @Test
  void aDirectoryThatIsNotAJdk() throws IOException {
    assertFails(1, "is not a JDK", Hermit.REPO.resolve("examples/hello").toString(), "--jdk", dir.toString());
  }

  @Test
  void anUnknownModule() throws IOException {
    assertFails(1, "module no.such.module is not in the JDK", Hermit.REPO.resolve("examples/hello").toString(),
        "--add-modules", "no.such.module");
  }

  /**
   * A build stopped by a signal while it writes (SIGTERM, Ctrl-C, a CI job cancelled) leaves no half-written file
   * beside the output: the JVM's shutdown hook deletes the temporary file, where it stayed before
   * ({@code .app.NNN.tmp} in Maven's target/hermit).
   */
  @Test
  void aBuildStoppedWhileWritingLeavesNoTemporaryFile() throws Exception {
    Path out = Files.createDirectories(dir.resolve("stopped"));
    Path scratch = Files.createDirectories(dir.resolve("stopped-tmp"));
    stopBuildWhenItHas(out, scratch, "stopped", () -> {
      try (java.util.stream.Stream<Path> s = Files.list(out)) {
        return s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
      }
    });
    try (java.util.stream.Stream<Path> s = Files.list(out); java.util.stream.Stream<Path> t = Files.list(scratch)) {
      assertEquals(List.of(), s.toList(), "nothing left: " + Files.readString(dir.resolve("stopped.log")));
      assertEquals(List.of(), t.toList(), "no scratch tree left: " + Files.readString(dir.resolve("stopped.log")));
    }
  }

  /**
   * A build stopped (SIGTERM to hermit alone) while jlink writes the runtime into its scratch tree: the tree, tens
   * of MB in the temporary directory, stayed (a tester's two kills left 68 MB); jlink is stopped and the tree deleted.
   */
  @Test
  void aBuildStoppedWhileLinkingLeavesNoScratchTree() throws Exception {
    Path out = Files.createDirectories(dir.resolve("stopped-linking"));
    Path scratch = Files.createDirectories(dir.resolve("stopped-linking-tmp"));
    stopBuildWhenItHas(out, scratch, "stopped-linking", () -> {
      try (java.util.stream.Stream<Path> s = Files.walk(scratch, 3)) {
        return s.anyMatch(p -> p.getFileName().toString().equals("rt") && p.getParent().getFileName().toString()
            .startsWith("hermit-build-")); // jlink's output directory
      }
    });
    Thread.sleep(300); // jlink well into its writing
    String log = Files.readString(dir.resolve("stopped-linking.log"));
    try (java.util.stream.Stream<Path> s = Files.list(out); java.util.stream.Stream<Path> t = Files.list(scratch)) {
      assertEquals(List.of(), s.toList(), "no output: " + log);
      assertEquals(List.of(), t.toList(), "no scratch tree: " + log);
    }
    // jlink, stopped by the stop's cleanup, is no failure of the build's to report ("jlink failed (exit 137)")
    assertFalse(log.lines().anyMatch(l -> l.startsWith("hermit: ") && !l.startsWith("hermit: warning: ")), log);
  }

  /** Runs a build of hello as its own process, and sends it SIGTERM once {@code reached} holds; waits for its end. */
  private void stopBuildWhenItHas(Path out, Path scratch, String name,
      java.util.concurrent.Callable<Boolean> reached) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Hermit.javaBin()));
    command.addAll(Hermit.BUILD_JVM);
    command.addAll(List.of("-Djava.io.tmpdir=" + scratch, "-jar", System.getProperty("hermit.jar"), "build",
        Hermit.REPO.resolve("examples/hello").toString(), "-o", out.resolve("app").toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().put("HERMIT_JLINK_CACHE", "off"); // linked afresh, every runtime frame compressed afresh
    Process build = pb.start();
    boolean seen = false;
    for (long end = System.nanoTime() + 180_000_000_000L; !seen && build.isAlive() && System.nanoTime() < end; ) {
      seen = reached.call();
      if (!seen) {
        Thread.sleep(10);
      }
    }
    assertTrue(seen, "the build never got there: " + Files.readString(dir.resolve(name + ".log")));
    build.destroy(); // SIGTERM
    assertTrue(build.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
  }

  /**
   * An output that exists and is not a regular file (a device, a FIFO) is refused before any work: the executable
   * was renamed over it, so {@code -o /dev/null} as root replaced the machine's /dev/null with a 13 MB file.
   */
  @Test
  void anOutputThatIsADeviceOrAFifoIsRefusedAndLeftAsItIs() throws Exception {
    Path fifo = dir.resolve("fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    List<Path> outputs = new java.util.ArrayList<>(List.of(fifo));
    if (Proc.isRoot()) { // a null device of the test's own: were it replaced, nothing of the machine's is lost
      Path device = dir.resolve("null");
      assertEquals(0, new ProcessBuilder("mknod", device.toString(), "c", "1", "3").start().waitFor());
      outputs.add(device);
    }
    for (Path out : outputs) {
      Proc p = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "-o", out.toString());
      assertEquals(1, p.code(), p.toString());
      assertTrue(p.err().contains("hermit: output " + out + " is not a regular file"), p.err());
      assertFalse(p.err().contains("resolving inputs"), "refused first: " + p.err());
      assertTrue(Files.readAttributes(out, java.nio.file.attribute.BasicFileAttributes.class).isOther(),
          out + " is as it was");
    }
  }

  /**
   * An output that is the input jar (or a jar its Class-Path names) is refused before any work: the executable was
   * renamed over the jar, the build then failed reading it ("zip END header not found"), and the jar was lost.
   */
  @Test
  void anOutputThatIsAnInputIsRefusedAndTheInputKept() throws IOException {
    Path jar = dir.resolve("app.jar");
    Manifest m = new Manifest();
    m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "Main");
    m.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, "lib.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
      j.putNextEntry(new java.util.jar.JarEntry("Main.class"));
      j.write(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
    }
    Path lib = Files.write(dir.resolve("lib.jar"), Files.readAllBytes(jar));
    byte[] before = Files.readAllBytes(jar);
    Proc p = Hermit.run("build", jar.toString(), "-o", jar.toString());
    assertEquals(1, p.code(), p.toString());
    assertTrue(p.err().contains("hermit: output " + jar + " is the input: writing it would destroy app.jar; name "
        + "another output"), p.err());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(jar)), "the input is as it was");
    Proc q = Hermit.run("build", jar.toString(), "-o", lib.toString());
    assertEquals(1, q.code(), q.toString());
    assertTrue(q.err().contains("is one of the app's inputs: writing it would destroy lib.jar"), q.err());
  }

  /**
   * An output where no file can be made (/proc) fails naming the output, not the temporary file beside it that the
   * user never sees (".hermit-app.NNN.tmp").
   */
  @Test
  void anOutputWhereNoFileCanBeMadeIsNamed() {
    Proc p = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "-o", "/proc/hermit-test-output");
    assertEquals(1, p.code(), p.toString());
    assertTrue(p.err().contains("/proc/hermit-test-output") && !p.err().contains(".tmp"), p.err());
  }
}
