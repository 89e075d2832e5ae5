package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The inspect command on its own, with its output captured: exit codes, one-line errors, text and JSON. */
class InspectCommandTest {
  private static final Path REPO = repo();
  private static final Path CORPUS = REPO.resolve("testdata/cache/corpus");

  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new InspectCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void hostProgramListsItsLibrariesLikeLdd() {
    Result r = run("/bin/ls");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\tlibc.so.6 => /"), r.out());
    assertTrue(r.out().contains("requires: GLIBC >= 2."), r.out());
    assertTrue(r.out().contains("(interpreter)"), r.out());
  }

  @Test
  void requireStaticFailsWithTheReasonAndExitCode3() {
    Result r = run("--require", "static", "/bin/ls");
    assertEquals(3, r.code());
    assertTrue(r.err().contains("--require static failed: not static: interpreter /lib"), r.err());
  }

  @Test
  void requireGlibcAndSystemLibs() {
    Result old = run("--require", "glibc<=2.17", "/bin/ls");
    assertEquals(3, old.code());
    assertTrue(old.err().contains("--require glibc<=2.17 failed: needs glibc >= 2."), old.err());
    assertEquals(0, run("--require", "glibc<=99.0", "/bin/ls").code());
    Result elf = run("--require", "system-libs", "/bin/ls");
    assertEquals(3, elf.code(), "system-libs is for PE and Mach-O; ELF must not pass it by accident");
    requireCorpus(CORPUS.resolve("pe"));
    assertEquals(0, run("--require", "system-libs", CORPUS.resolve("pe/hello-amd64-delay.exe").toString(),
        CORPUS.resolve("macho/hello-universal").toString()).code());
    Result pe = run("--require", "static", CORPUS.resolve("pe/hello-amd64.exe").toString());
    assertEquals(3, pe.code());
    assertTrue(pe.err().contains("(the requirement system-libs allows that)"), pe.err());
  }

  @Test
  void staticForeignBinaryPassesRequireStatic() {
    Path busybox = CORPUS.resolve("elf/armhf/busybox-static/bin/busybox");
    requireCorpus(busybox);
    Result r = run("--require", "static", busybox.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("arm (EM_ARM), EABI5, hard-float, static"), r.out());
    assertTrue(r.out().contains("not a dynamic executable"), r.out());
  }

  @Test
  void aFileThatIsNoExecutableIsOneLineAndExitCode1() throws Exception {
    Path text = Files.writeString(tmp.resolve("notes.txt"), "hello, this is text\n");
    Result r = run(text.toString());
    assertEquals(1, r.code());
    assertEquals("hermit: " + text + ": not an ELF, PE or Mach-O file (at byte offset 0)\n", r.err());
  }

  @Test
  void malformedFileIsOneLineWithTheOffsetAndNoStackTrace() throws Exception {
    byte[] bytes = Files.readAllBytes(Path.of("/bin/ls"));
    Path cut = Files.write(tmp.resolve("ls-cut"), java.util.Arrays.copyOf(bytes, 100));
    Result r = run(cut.toString());
    assertEquals(1, r.code());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("byte offset"), r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
  }

  /**
   * An ELF whose program headers cannot be read (here e_phnum PN_XNUM with no count in section 0) is refused with
   * one line and exit 1: read as having none, it passed --require static and resolved as "not a dynamic executable".
   */
  @Test
  void anElfWhoseProgramHeadersCannotBeReadIsExitCode1NotStatic() throws Exception {
    byte[] bytes = Files.readAllBytes(Path.of("/bin/true"));
    java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort(56, (short) 0xffff);
    Path bad = Files.write(tmp.resolve("true-xnum"), bytes);
    Result r = run("--require", "static", "--require", "resolved", bad.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains(": e_phnum is PN_XNUM (0xffff) but section header 0's sh_info"), r.err());
  }

  /** A hermit executable whose copy stopped early: one line saying so and exit 1, not a healthy static program. */
  @Test
  void aHermitExecutableCutShortIsExitCode1() throws Exception {
    byte[] payload = Files.readAllBytes(REPO.resolve("testdata/payload/sample-deflate.payload"));
    Path cut = withLauncher("app-cut", java.util.Arrays.copyOf(payload, payload.length / 2));
    Result r = run(cut.toString());
    assertEquals(1, r.code(), r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains(": a hermit executable for linux/amd64 cut short: "), r.err());
  }

  /** A byte changed after the build: the facts are still shown, then one line saying so, and exit 1. */
  @Test
  void aHermitExecutableDamagedAfterItsBuildIsExitCode1() throws Exception {
    byte[] payload = Files.readAllBytes(REPO.resolve("testdata/payload/sample-deflate.payload"));
    Path intact = withLauncher("app", payload);
    assertEquals(0, run(intact.toString()).code());
    payload[16] ^= 0x40; // in the manifest (the program's path), which the payload's SHA-256 covers
    Path damaged = withLauncher("app-damaged", payload);
    Result r = run(damaged.toString(), intact.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.out().contains("(MISMATCH: the file was damaged after it was built)"), r.out());
    assertTrue(r.out().contains("\texec "), "the rest is still shown: " + r.out());
    assertEquals(List.of("hermit: " + damaged + ": the payload does not match the SHA-256 its build recorded: the"
        + " file was damaged after it was built; copy it again or rebuild it"), r.err().lines().toList());
    Result json = run("--json", damaged.toString());
    assertEquals(1, json.code());
    JsonCheck.validate(json.out());
  }

  @Test
  void missingFileIsExitCode1() {
    Result r = run(tmp.resolve("nope").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().endsWith(": no such file\n"), r.err());
  }

  @Test
  void directoriesAndFifosAreRefusedWithoutBlocking() throws Exception {
    Result dir = run(tmp.toString());
    assertEquals(1, dir.code());
    assertTrue(dir.err().endsWith(": is a directory\n"), dir.err());
    Path fifo = tmp.resolve("fifo");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "SKIPPED: mkfifo failed");
    Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
        () -> run(fifo.toString()));
    assertEquals(1, r.code());
    assertTrue(r.err().endsWith(": not a regular file\n"), r.err());
  }

  @Test
  void hostedByTheHermitMainItWritesThroughItsWriters() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"inspect", "--require", "static", "/bin/ls"}, new PrintWriter(out),
        new PrintWriter(err));
    assertEquals(3, code, err.toString());
    assertTrue(out.toString().contains("libc.so.6 => "), out.toString());
    assertTrue(err.toString().contains("--require static failed"), err.toString());
  }

  @Test
  void usageErrorsAreExitCode2() {
    assertEquals(2, run().code());
    Result bad = run("--require", "tiny", "/bin/ls");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("unknown requirement 'tiny'"), bad.err());
  }

  @Test
  void jsonIsValidAndCarriesErrorsToo() throws Exception {
    Path text = Files.writeString(tmp.resolve("notes.txt"), "text");
    Result r = run("--json", "/bin/ls", text.toString());
    assertEquals(1, r.code());
    JsonCheck.validate(r.out());
    assertTrue(r.out().contains("\"linkage\": \"dynamic\""), r.out());
    assertTrue(r.out().contains("\"GLIBC\": \"2."), r.out());
    assertTrue(r.out().contains("\"error\": \"not an ELF, PE or Mach-O file (at byte offset 0)\""), r.out());
  }

  @Test
  void jsonForEveryCorpusFormatParses() {
    requireCorpus(CORPUS.resolve("pe"));
    Result r = run("--json", CORPUS.resolve("pe/hello-amd64-delay.exe").toString(),
        CORPUS.resolve("macho/hello-universal").toString(),
        CORPUS.resolve("elf/s390x/coreutils/bin/ls").toString());
    assertEquals(0, r.code(), r.err());
    JsonCheck.validate(r.out());
    assertTrue(r.out().contains("\"delay_imports\": [\n        \"user32.dll\"\n      ]"), r.out());
    assertTrue(r.out().contains("\"endian\": \"big\""), r.out());
  }

  @Test
  void peAndMachOText() {
    requireCorpus(CORPUS.resolve("pe"));
    Result pe = run(CORPUS.resolve("pe/hello-amd64-delay.exe").toString());
    assertTrue(pe.out().contains("PE32+ amd64 (IMAGE_FILE_MACHINE_AMD64), windows-console executable"), pe.out());
    assertTrue(pe.out().contains("\tuser32.dll (delay-loaded, system)"), pe.out());
    assertTrue(pe.out().contains("\tonly system DLLs"), pe.out());
    Result macho = run(CORPUS.resolve("macho/hello-universal").toString());
    assertTrue(macho.out().contains("Mach-O universal, 2 architectures"), macho.out());
    assertTrue(macho.out().contains("  arm64: executable, macos >= 11.0, signed"), macho.out());
    assertTrue(macho.out().contains("\trpath: @loader_path/../lib"), macho.out());
  }

  @Test
  void treeInASysroot() {
    Path root = CORPUS.resolve("sysroot/arm64");
    requireCorpus(root);
    Result r = run("--tree", "--sysroot", root.toString(), root.resolve("bin/ls").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("    libselinux.so.1 => " + root + "/lib/aarch64-linux-gnu/libselinux.so.1"), r.out());
    assertTrue(r.out().contains("        libpcre2-8.so.0 => "), r.out());
    assertEquals(0, run("--require", "resolved", "--sysroot", root.toString(), root.resolve("bin/ls").toString())
        .code());
    assertEquals(3, run("--require", "resolved", root.resolve("bin/ls").toString()).code(),
        "without the sysroot, the arm64 libraries are not on this host");
  }

  @Test
  void hermitExecutableShowsLauncherAndBuildInfo() throws Exception {
    Path busybox = CORPUS.resolve("elf/armhf/busybox-static/bin/busybox");
    requireCorpus(busybox);
    Path app = tmp.resolve("sample");
    Files.write(app, Files.readAllBytes(busybox));
    Files.write(app, Files.readAllBytes(REPO.resolve("testdata/payload/sample-deflate.payload")),
        java.nio.file.StandardOpenOption.APPEND);
    Result r = run(app.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\thermit executable: launcher " + Files.size(busybox) + " bytes, static;"), r.out());
    assertTrue(r.out().contains("(verified)"), r.out());
    // the golden sample's INFO is {"sample": true}, not what a hermit writes: said so, naming what is missing
    assertTrue(r.out().matches("(?s).*\tinfo +the build information has no runtime\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\texec +\\$\\{HERMIT_ROOT}/bin/hello\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\thermetic +no: needs from the target /bin/sh .*"),
        "the sample runs a #! script: " + r.out());
    Result json = run("--json", app.toString());
    JsonCheck.validate(json.out());
    assertTrue(json.out().contains("\"info\": null"), json.out());
    assertTrue(json.out().contains("\"info_problem\": \"the build information has no runtime\""), json.out());
  }

  /** The amd64 launcher followed by {@code payload}, as a hermit executable is laid out. */
  private Path withLauncher(String name, byte[] payload) throws java.io.IOException {
    Path exe = tmp.resolve(name);
    Files.write(exe, dev.hermit.launcher.Launchers.forTarget(dev.hermit.platform.Target.ALL.get(0)));
    Files.write(exe, payload, java.nio.file.StandardOpenOption.APPEND);
    return exe;
  }

  /** Skips (loudly) when the corpus is missing; fails instead under HERMIT_CORPUS_REQUIRED=1 (CI). */
  private static void requireCorpus(Path path) {
    awaitCorpusFetch();
    String reason = "SKIPPED: corpus missing (" + path + "); run testdata/corpus/fetch.sh";
    if (!Files.exists(path) && "1".equals(System.getenv("HERMIT_CORPUS_REQUIRED"))) {
      throw new AssertionError("HERMIT_CORPUS_REQUIRED=1 but " + reason);
    }
    assumeTrue(Files.exists(path), reason);
  }

  /** scripts/test fetches the corpus beside the build: its status file ends "exit N" (core's TestCorpus waits too). */
  private static void awaitCorpusFetch() {
    String status = System.getenv("HERMIT_CORPUS_STATUS");
    if (status == null || status.isBlank()) {
      return;
    }
    try {
      // "running" for at most 10 minutes, as TestCorpus waits; anything else but "exit 0" fails
      for (int i = 0; i < 3000 && Files.readString(Path.of(status)).strip().equals("running"); i++) {
        Thread.sleep(200);
      }
      String s = Files.readString(Path.of(status)).strip();
      if (!s.equals("exit 0")) {
        throw new AssertionError("testdata/corpus/fetch.sh did not succeed (" + s + "); its log is beside " + status);
      }
    } catch (java.io.IOException | InterruptedException e) {
      throw new AssertionError("cannot learn how the corpus fetch ended: " + e, e);
    }
  }

  private static Path repo() {
    String property = System.getProperty("hermit.repo");
    Path dir = property != null ? Path.of(property) : Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("testdata"))) {
      dir = dir.getParent();
    }
    return dir != null ? dir : Path.of(".");
  }
}
