package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hermit build --check: the output is run once, on the host and in an empty root, and a run that fails makes the
 * build exit 3 with the reason and the end of the run's stderr. The output stays written.
 */
class CheckIT {
  @TempDir static Path dir;
  static Path src;

  @BeforeAll
  static void setUp() throws IOException {
    src = Files.copy(Path.of("src/test/resources/apps/Smoke.java"), dir.resolve("Smoke.java"));
  }

  /** hermit build Smoke.java -o OUT OPTIONS... (in-process, from the temp dir's point of view). */
  static Proc build(String out, String... options) {
    List<String> args = new ArrayList<>(List.of("build", src.toString(), "-o", dir.resolve(out).toString()));
    args.addAll(List.of(options));
    return Hermit.run(args.toArray(String[]::new));
  }

  static void assertNoCheckLeftovers() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      List<Path> left = s.filter(p -> p.getFileName().toString().startsWith("hermit-check-")).toList();
      assertEquals(List.of(), left, "the check's cache and root are removed");
    }
  }

  static void assumeEmptyRoot() {
    assumeTrue(Proc.isRoot() || Proc.run(List.of("unshare", "--map-root-user", "--mount", "true"), Proc.HOST, null,
        null).code() == 0, "SKIPPED LOUDLY: neither root nor user namespaces: no empty root to check in");
  }

  @Test
  void aRunThatWorksPassesWithItsArguments() throws IOException {
    assumeEmptyRoot();
    Proc p = build("echo", "-v", "--check", "--", "echo", "one", "two words", "--not-an-option");
    assertEquals(0, p.code(), p.toString());
    assertTrue(Files.isExecutable(dir.resolve("echo")), p.toString());
    assertTrue(p.err().contains("] check passed on the host and in an empty root\n"), p.toString());
    for (String arg : List.of("one", "two words", "--not-an-option")) {
      assertEquals(2, p.err().lines().filter(l -> l.equals("         stdout: arg: " + arg)).count(),
          "-v shows the stdout of both runs: " + p);
    }
    assertNoCheckLeftovers();
  }

  /**
   * The empty root is a mount of its own, as a container's is: the JVM finds a path's file store among the mounts
   * /proc/self/mounts lists (Helidon's disk-space health check at start-up), and a chroot into a plain directory
   * failed the check with "Mount point not found" for an app that runs in any container. It has a read-only /sys.
   */
  @Test
  void theEmptyRootIsAMountAsAContainersIs() {
    assumeEmptyRoot();
    Proc p = build("store", "-v", "--check", "--", "file-store");
    assertEquals(0, p.code(), p.toString());
    assertEquals(2, p.err().lines().filter(l -> l.startsWith("         stdout: file store: ")).count(),
        "both runs found the working directory's file store: " + p);
    // and /sys, read-only, as container runtimes give it: OSHI found no disks without it, and failed its check
    assertEquals(2, p.err().lines().filter(l -> l.equals("         stdout: sysfs: true")).count(), p.toString());
  }

  @Test
  void argumentsThatAreNotForTheCheckAreUsageErrors() {
    // A usage error stops before any work.
    Proc p = Hermit.run("build", src.toString(), "extra.jar");
    assertEquals(2, p.code(), p.toString());
    assertTrue(p.err().contains("unexpected argument 'extra.jar'"), p.toString());
    Proc q = Hermit.run("build", src.toString(), "--", "echo");
    assertEquals(2, q.code(), q.toString());
    assertTrue(q.err().contains("arguments after '--' are for --check"), q.toString());
    Proc r = Hermit.run("build", src.toString(), "--check", "--check-timeout", "0");
    assertEquals(2, r.code(), r.toString());
  }

  @Test
  void anExitCodeFailsTheCheckNamingTheCodeAndShowingStderr() throws IOException {
    Proc p = build("exit7", "--check", "--", "exit", "7");
    assertEquals(3, p.code(), p.toString());
    assertTrue(p.err().contains("hermit: check failed on the host: exit7 exited with code 7\n"), p.toString());
    assertTrue(p.err().contains("  | smoke: giving up with 7\n"), "its stderr is shown: " + p);
    assertFalse(p.err().contains("smoke: stdout"), "its stdout is not, without -v: " + p);
    assertTrue(Files.isExecutable(dir.resolve("exit7")), "the output stays written");
    assertNoCheckLeftovers();
  }

  /**
   * A crash in native code (onnxruntime's telemetry in an empty root, seen in a sweep) reads as "exited with code
   * 127" where the JVM is PID 1, and its report is on stdout, which the failure does not show: the check names the
   * signal and the problematic frame.
   */
  @Test
  void aCrashInNativeCodeIsNamedWithItsFrame() {
    Proc p = build("crash", "-J-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-J-XX:-CreateCoredumpOnCrash",
        "--check", "--", "crash");
    assertEquals(3, p.code(), p.toString());
    assertTrue(p.err().matches("(?s).*hermit: check failed on the host: crash crashed in native code \\(exit code "
        + "\\d+\\): SIGSEGV in [A-Za-z] .*\\(the JVM's fatal error report is on its standard output; -v shows it\\)\n.*"),
        p.toString());
  }

  /** A long trace (Hadoop's failed login) left only "\tat ..." lines in the tail: frames are left out of it. */
  @Test
  void aLongStackTraceShowsItsExceptionsNotItsFrames() {
    Proc p = build("deep", "--check", "--", "deep");
    assertEquals(3, p.code(), p.toString());
    assertTrue(p.err().contains("  | Exception in thread \"main\" java.lang.IllegalStateException: deep failure\n"),
        p.toString());
    assertTrue(p.err().contains("  | Caused by: java.io.IOException: the cause\n"), p.toString());
    assertFalse(p.err().contains("  | \tat "), p.toString());
  }

  @Test
  void aModuleTheRuntimeLacksIsALinkageError() {
    // Analysis would add java.sql; --modules forces the runtime the check must catch.
    Proc p = build("nosql", "--modules", "java.base", "--check", "--", "sql");
    assertEquals(3, p.code(), p.toString());
    assertTrue(p.err().contains("hermit: check failed on the host: nosql printed a JVM linkage error (exit code 1): "
        + "Exception in thread \"main\" java.lang.NoClassDefFoundError: java/sql/Types"), p.toString());
    assertTrue(p.err().contains("  | Exception in thread \"main\" java.lang.NoClassDefFoundError: java/sql/Types"),
        p.toString());
  }

  @Test
  void whatOnlyTheHostHasFailsInTheEmptyRoot() {
    assumeEmptyRoot();
    Proc p = build("hostfile", "--check", "--", "host-file");
    assertEquals(3, p.code(), p.toString());
    assertTrue(p.err().contains("hermit: check failed in an empty root: hostfile exited with code 1\n"), p.toString());
    assertTrue(p.err().contains("  | Exception in thread \"main\" java.nio.file.NoSuchFileException: "
        + "/usr/lib/os-release"), p.toString());
  }

  /**
   * The empty root's run gets HOME=/, as Docker gives a user its image does not name: without HOME, Java's user.home
   * is "?", a relative path, and an app's cache went into the working directory, which is the user's own, bound in.
   */
  @Test
  void theEmptyRootsHomeIsTheRoot() throws IOException {
    assumeEmptyRoot();
    Path work = Files.createDirectories(dir.resolve("home-work"));
    Proc p = Hermit.runJar(Proc.HOST, work, "build", src.toString(), "-o", dir.resolve("home").toString(), "-v",
        "--check", "--", "home");
    // the host run's cache is in this user's home (Java's user.home is the passwd entry's, not $HOME)
    dev.hermit.FileTrees.deleteQuietly(Path.of(System.getProperty("user.home"), ".cache", "hermit-check-smoke"));
    assertEquals(0, p.code(), p.toString());
    assertTrue(p.err().contains("stdout: user.home: /, cache true\n"), p.toString());
    try (Stream<Path> s = Files.list(work)) {
      assertEquals(List.of(), s.toList(), "the run in the empty root wrote nothing into the working directory");
    }
  }

  /**
   * A run that could not start a program in the empty root, and went on without it (protoc-jar's main catches the
   * failure, exits 0 and has made nothing), passes with a warning naming the program and what the root lacks.
   */
  @Test
  void aProgramTheEmptyRootCannotStartIsNamedThoughTheRunPasses() {
    assumeEmptyRoot();
    Proc p = build("program", "--check", "--", "program");
    assertEquals(0, p.code(), p.toString());
    assertTrue(p.err().contains("hermit: warning: the check passed in an empty root, but there the app could not "
        + "start a program it started on the host (Cannot run program \"/bin/true\": error=2): the app starts "
        + "/bin/true, a program that an empty root does not have"), p.toString());
  }

  /** The build's output without javac's warnings about the smoke program's sources (sun.misc.Unsafe). */
  private static String withoutJavac(String err) {
    return err.lines().filter(l -> !l.startsWith("hermit: warning: javac: ")).map(l -> l + "\n")
        .collect(java.util.stream.Collectors.joining());
  }

  @Test
  void whereNoEmptyRootCanBeMadeItChecksOnTheHostOnlyAndSaysSo() {
    // No unshare on hermit's PATH: the run that would fail in an empty root is not made, and a warning says why.
    Path empty = dir.resolve("no-tools");
    Proc p = Hermit.runJar(Map.of("PATH", empty.toString()), dir, "build", src.toString(), "-o",
        dir.resolve("hostonly").toString(), "-q", "--check", "--", "host-file");
    assertEquals(0, p.code(), p.toString());
    assertTrue(withoutJavac(p.err()).startsWith("hermit: warning: checked on the host only: cannot make an empty root "
        + "here"), p.toString());
  }

  @Test
  void aProgramThatDoesNotExitFailsAtTheTimeout() throws IOException {
    long start = System.nanoTime();
    Proc p = build("sleeper", "-q", "--check", "--check-timeout", "3", "--", "sleep");
    assertEquals(3, p.code(), p.toString());
    assertTrue(withoutJavac(p.err()).startsWith("hermit: check failed on the host: sleeper was still running after 3 s "
        + "(--check is for programs that exit"), p.toString());
    assertTrue(System.nanoTime() - start < 120e9, "the run was stopped");
    assertNoCheckLeftovers();
    Proc ps = Proc.run(List.of("pgrep", "-f", dir.resolve("sleeper").toString()), Proc.HOST, null, null);
    assertEquals("", ps.out(), "no process of the check is left running");
  }
}
