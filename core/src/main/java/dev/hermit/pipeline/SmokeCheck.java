package dev.hermit.pipeline;

import dev.hermit.HermitException;
import dev.hermit.platform.Target;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs a freshly built executable once, the way {@code go vet} runs in CI: on the host, then in an empty root made
 * like a {@code FROM scratch} container (a new mount and pid namespace, chrooted into a directory, mounted as a root
 * of its own, holding only the executable, /dev, /proc, a 1777 /tmp, copies of /etc/hosts and /etc/resolv.conf and
 * the working directory). A run fails when it exits non-zero, prints a JVM linkage error, or is still running at the
 * timeout. Each run gets a cache of its own, removed afterwards.
 */
public final class SmokeCheck {
  /** What a run prints when the runtime lacks a class, a module or a native library the app needs. */
  static final Pattern LINKAGE_ERROR = Pattern.compile("java\\.lang\\.(NoClassDefFoundError|ClassNotFoundException"
      + "|UnsatisfiedLinkError|NoSuchMethodError|NoSuchFieldError|UnsupportedClassVersionError"
      + "|IncompatibleClassChangeError|AbstractMethodError|IllegalAccessError|ExceptionInInitializerError"
      + "|VerifyError|ClassFormatError|LinkageError)\\b|java\\.lang\\.module\\.(FindException|ResolutionException)"
      + "|Error: Could not find or load main class|Error: Unable to initialize main class"
      + "|Error occurred during initialization of boot layer");
  /** The signal line of the JVM's fatal error report ("#  SIGSEGV (0xb) at pc=0x..., pid=1, tid=9"). */
  static final Pattern FATAL_SIGNAL = Pattern.compile("^#\\s+(SIG[A-Z]+) \\(0x[0-9a-f]+\\) at pc=");
  /** What Java says when it cannot start a program (ProcessBuilder, Runtime.exec): the program, then the errno. */
  public static final Pattern PROGRAM_NOT_STARTED = Pattern.compile("Cannot run program \"([^\"]+)\""
      + "(?: \\(in directory [^)]*\\))?: error=(\\d+)");
  /** The environment of a container with no image config: PATH only (Docker's default). */
  static final String CONTAINER_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final int TAIL = 200;
  private static final List<String> ROOT_DIRS = List.of("dev", "proc", "etc", "tmp");

  public enum Where {
    HOST("on the host"), EMPTY_ROOT("in an empty root");

    private final String text;

    Where(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * One run of the executable.
   *
   * @param exitCode the exit code (128 + N for a signal), or -1 when it timed out
   * @param linkageError the first line that shows a JVM linkage error, or null
   * @param stderr the last lines of its standard error
   * @param crash the signal and problematic frame of the JVM's fatal error report (printed on standard output, so
   *     not in {@code stderr}), or null: a crash in the empty root, where the JVM is PID 1, ends with glibc's abort
   *     falling back to exit code 127, which alone reads like "command not found"
   * @param programNotStarted the first line saying a program could not be started, or null: an app may go on (and
   *     pass) without it
   */
  public record Run(Where where, int exitCode, boolean timedOut, String linkageError, List<String> stderr,
      Duration took, String crash, String programNotStarted) {
    public boolean passed() {
      return !timedOut && exitCode == 0 && linkageError == null;
    }
  }

  /** The runs that happened; none when the executable cannot run here. */
  public record Report(List<Run> runs) {
    public boolean passed() {
      return runs.stream().allMatch(Run::passed);
    }
  }

  private final Path exe;
  private final List<String> args;
  private final Duration timeout;
  private final BuildListener listener;
  /**
   * Where an emulated run keeps its cache: qemu-user gives a 32-bit program ext4's 64-bit directory offsets, which
   * its JDK cannot take ("Value too large for defined data type" listing rt/lib, an arm/v7 output's first TLS use),
   * while real 32-bit hardware has no such limit; tmpfs offsets are small. The empty root's /tmp and /.cache (its
   * HOME is /, so the launcher's cache is /.cache/hermit) are tmpfs then.
   */
  private static final Path SHM = Path.of("/dev/shm");
  /** qemu-user for an output of another platform, or null: its launcher execs the runtime through it too. */
  private final Path emulator;

  private SmokeCheck(Path exe, List<String> args, Duration timeout, BuildListener listener, Path emulator) {
    this.exe = exe;
    this.args = List.copyOf(args);
    this.timeout = timeout;
    this.listener = listener;
    this.emulator = emulator;
  }

  /** The qemu-user program for a target, as Debian's qemu-user-static names it ({@code qemu-aarch64-static}). */
  public static String qemuName(Target target) {
    String arch = switch (target.arch()) {
      case "amd64" -> "x86_64";
      case "386" -> "i386";
      case "arm64" -> "aarch64";
      default -> target.arch(); // arm, ppc64le, s390x, riscv64
    };
    return "qemu-" + arch + "-static";
  }

  /**
   * Runs {@code exe} with {@code args}: on the host, and if that passes and {@code emptyRoot}, in an empty root.
   * An executable for another platform runs under {@code emulator}, a statically linked qemu-user for its target
   * (copied into the empty root), as `go test -exec` runs a cross-compiled test; without one it is not run, and a
   * warning says so.
   */
  public static Report run(Path exe, Target target, boolean emptyRoot, List<String> args, Duration timeout,
      BuildListener events, Path emulator) {
    StepClock listener = new StepClock(events);
    if (target.isHost()) {
      emulator = null;
    } else {
      if (emulator == null) {
        listener.warn("the output for " + target.id() + " is not checked: this host (" + Target.host().map(Target::id)
            .orElse("unknown") + ") runs it only under emulation, and no " + qemuName(target) + " is on PATH (Debian:"
            + " apt-get install qemu-user-static)");
        return new Report(List.of());
      }
    }
    SmokeCheck check = new SmokeCheck(exe, args, timeout, listener, emulator);
    List<Run> runs = new ArrayList<>();
    Run host = check.onHost();
    runs.add(host);
    if (!emptyRoot) {
      listener.detail("not run in an empty root: this build uses the target's C library");
    } else if (host.passed()) {
      check.inEmptyRoot().ifPresent(runs::add);
    }
    listener.finish();
    return new Report(runs);
  }

  private Run onHost() {
    listener.step(BuildEvent.Step.CHECKING_OUTPUT, "checking: running " + describe() + " " + Where.HOST);
    Path cache = null;
    try {
      cache = emulator != null && Files.isDirectory(SHM) && Files.isWritable(SHM)
          ? Files.createTempDirectory(SHM, "hermit-check-cache-") : Files.createTempDirectory("hermit-check-cache-");
      List<String> command = new ArrayList<>();
      Map<String, String> env = new java.util.HashMap<>(Map.of("HERMIT_CACHE_DIR", cache.toString(),
          "HERMIT_CDS", "off")); // no class-data sharing helper writing into a cache about to be deleted
      if (emulator != null) {
        command.add(emulator.toString());
        env.put("HERMIT_EMULATOR", emulator.toString());
      }
      command.add(exe.toString());
      command.addAll(args);
      return execute(Where.HOST, command, env, false);
    } catch (IOException e) {
      throw new HermitException("cannot run the check: " + e.getMessage(), e);
    } finally {
      removeRun(cache);
    }
  }

  private Optional<Run> inEmptyRoot() {
    Path root = null;
    try {
      root = Files.createTempDirectory("hermit-check-root-");
      String name = ROOT_DIRS.contains(exe.getFileName().toString()) ? "app" : exe.getFileName().toString();
      Files.copy(exe, root.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
      String emulated = "";
      if (emulator != null) { // the root holds the emulator too: "/qemu-aarch64-static /app", as binfmt_misc would
        Path qemu = root.resolve(emulator.getFileName().toString());
        if (!Files.exists(qemu, LinkOption.NOFOLLOW_LINKS)) {
          Files.copy(emulator, qemu, StandardCopyOption.COPY_ATTRIBUTES);
        }
        emulated = "HERMIT_EMULATOR=/" + qemu.getFileName() + " ";
      }
      for (String dir : ROOT_DIRS) {
        Files.createDirectories(root.resolve(dir));
      }
      for (String f : List.of("etc/hosts", "etc/resolv.conf")) {
        if (Files.isRegularFile(Path.of("/", f))) {
          Files.copy(Path.of("/", f), root.resolve(f));
        }
      }
      String workDir = workDir(name);
      if (!workDir.isEmpty()) {
        Files.createDirectories(root.resolve(workDir.substring(1)));
      }
      List<String> unshare = new ArrayList<>(List.of("unshare"));
      if (!isRoot()) {
        unshare.add("--map-root-user");
      }
      unshare.addAll(List.of("--mount", "--pid", "--fork", "--kill-child", "sh", "-c"));
      // The root is bound onto itself first: a container's root is a mount of its own, and the JVM finds a path's
      // file store (Files.getFileStore, which disk-space health checks call) among the mounts /proc/self/mounts
      // lists, where a plain directory as the root is none ("Mount point not found").
      String mounts = "set -e; r=\"$1\"; w=\"$2\"; shift 2; chmod 1777 \"$r/tmp\"; mount --bind \"$r\" \"$r\"; "
          + (emulator == null ? "" : "mount -t tmpfs -o mode=1777 tmpfs \"$r/tmp\"; mkdir -p \"$r/.cache\"; "
              + "mount -t tmpfs -o mode=0755 tmpfs \"$r/.cache\"; ")
          + "mount -t proc proc \"$r/proc\"; mount --rbind /dev \"$r/dev\"; "
          // a read-only sysfs, as container runtimes mount (OSHI lists disks there); not in every user namespace
          + "mkdir -p \"$r/sys\"; mount -t sysfs -o ro,nosuid,nodev,noexec sysfs \"$r/sys\" 2>/dev/null || true; "
          + "if [ -n \"$w\" ]; then mkdir -p \"$r$w\"; mount --bind \"$w\" \"$r$w\"; fi; "; // (under a tmpfs /tmp too)
      Map<String, String> env = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");

      // The namespaces and mounts first, alone: if this host cannot make them, that is no fault of the app.
      List<String> probe = new ArrayList<>(unshare);
      probe.addAll(List.of(mounts + "exit 0", "sh", root.toString(), workDir));
      String cannot;
      try {
        Run made = execute(Where.EMPTY_ROOT, probe, env, true);
        cannot = made.exitCode() == 0 ? null : String.join(" ", made.stderr()).strip();
      } catch (IOException e) {
        cannot = e.getMessage();
      }
      if (cannot != null) {
        listener.warn("checked on the host only: cannot make an empty root here (unshare, mount and chroot"
            + (isRoot() ? "" : " in a user namespace") + " failed: " + cannot + ")");
        return Optional.empty();
      }

      listener.step(BuildEvent.Step.CHECKING_OUTPUT, "checking: running " + describe() + " " + Where.EMPTY_ROOT
          + (workDir.isEmpty() ? "" : " (working directory " + workDir + ")"));
      List<String> command = new ArrayList<>(unshare);
      // HOME=/ as Docker gives a user its image does not name: without HOME, Java's user.home is "?", a relative
      // path, and an app's ~/.cache went into the working directory, which is the user's own, bound in
      command.addAll(List.of(mounts + "exec env -i HERMIT_CDS=off " + emulated + "HOME=/ PATH=" + CONTAINER_PATH
          + " unshare --root=\"$r\" --wd=\"${w:-/}\" " + (emulator == null ? "" : "\"/" + emulator.getFileName()
          + "\" ") + "\"/$0\" \"$@\"", name, root.toString(), workDir));
      command.addAll(args);
      return Optional.of(execute(Where.EMPTY_ROOT, command, env, true));
    } catch (IOException e) {
      throw new HermitException("cannot run the check in an empty root: " + e.getMessage(), e);
    } finally {
      removeRun(root);
    }
  }

  /**
   * The working directory, bound into the root at its own path so that relative arguments mean the same there; ""
   * (the root's /) when it would hide what the root needs.
   */
  private static String workDir(String exeName) {
    Path cwd = Path.of("").toAbsolutePath().normalize();
    if (cwd.getNameCount() == 0 || cwd.equals(Path.of("/tmp"))
        || Set.of("dev", "proc", "etc", exeName).contains(cwd.getName(0).toString())) {
      return "";
    }
    return cwd.toString();
  }

  private String describe() {
    return exe.getFileName() + (args.isEmpty() ? "" : " " + String.join(" ", args))
        + (emulator == null ? "" : " under " + emulator.getFileName());
  }

  private Run execute(Where where, List<String> command, Map<String, String> env, boolean replaceEnv)
      throws IOException {
    // the executable was just written by this JVM, maybe beside other threads starting processes (BusyText)
    return BusyText.retry(() -> executeOnce(where, command, env, replaceEnv),
        run -> BusyText.refused(run.exitCode(), run.stderr()));
  }

  private Run executeOnce(Where where, List<String> command, Map<String, String> env, boolean replaceEnv)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    if (replaceEnv) {
      pb.environment().clear();
    }
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process p = pb.start();
    CompletableFuture<Lines> out = Lines.read(p.getInputStream());
    CompletableFuture<Lines> err = Lines.read(p.getErrorStream());
    boolean exited;
    try {
      exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exited = false;
    }
    if (!exited) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Lines o = out.join();
    Lines e = err.join();
    o.tail.forEach(line -> listener.detail("stdout: " + line));
    e.tail.forEach(line -> listener.detail("stderr: " + line));
    String linkage = e.linkage != null ? e.linkage : o.linkage;
    String crash = o.crash != null ? o.crash : e.crash;
    String program = e.program != null ? e.program : o.program;
    return new Run(where, exited ? p.exitValue() : -1, !exited, linkage, List.copyOf(e.tail), took, crash, program);
  }

  /** The last lines of a stream and the first that shows a linkage error. */
  private static final class Lines {
    final Deque<String> tail = new ArrayDeque<>();
    String linkage;
    String program;
    /** From the JVM's fatal error report: "SIGSEGV (0xb) at pc=...", then the line after "# Problematic frame:". */
    String crash;
    private String signal;
    private boolean frameNext;

    static CompletableFuture<Lines> read(InputStream in) {
      return CompletableFuture.supplyAsync(() -> {
        Lines l = new Lines();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            if (l.linkage == null && LINKAGE_ERROR.matcher(line).find()) {
              l.linkage = line.strip();
            }
            java.util.regex.Matcher program = PROGRAM_NOT_STARTED.matcher(line);
            if (l.program == null && program.find()) {
              l.program = program.group();
            }
            if (l.crash == null) {
              java.util.regex.Matcher m = FATAL_SIGNAL.matcher(line);
              if (l.signal == null && m.find()) {
                l.signal = m.group(1);
              } else if (l.frameNext) {
                l.crash = (l.signal == null ? "" : l.signal + " in ") + line.replaceFirst("^#\\s*", "").strip();
              }
              l.frameNext = line.startsWith("# Problematic frame:");
            }
            l.tail.addLast(line);
            if (l.tail.size() > TAIL) {
              l.tail.removeFirst();
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return l;
      });
    }
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Removes a run's cache or root. The run's launcher may have left a detached sealer (docs/FORMAT.md, "Cache")
   * that writes an entry's marker after the program exited; a removal racing it leaves the marker behind, so the
   * tree is removed again until it is gone. The marker is made once per entry, so one more pass is enough once
   * the sealer is done; the wait is bounded, as a sealer's syncfs on a busy disk may take seconds.
   */
  private static void removeRun(Path dir) {
    for (int pass = 0; dir != null && Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && pass < 100; pass++) {
      if (pass > 0) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      deleteTree(dir);
    }
  }

  /** Removes a tree the app may have left read-only (the launcher's cache locks its directories). */
  private static void deleteTree(Path dir) {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
          d.toFile().setWritable(true, true);
          d.toFile().setExecutable(true, true);
          d.toFile().setReadable(true, true);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(f);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException ignored) {
      // What is left is under the system temp dir, like any scratch directory a killed build leaves.
    }
  }
}
