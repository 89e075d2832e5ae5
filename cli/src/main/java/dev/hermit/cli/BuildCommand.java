package dev.hermit.cli;

import dev.hermit.app.NativeMode;
import dev.hermit.pipeline.BuildListener;
import dev.hermit.pipeline.BuildRequest;
import dev.hermit.pipeline.CdsMode;
import dev.hermit.pipeline.BuildResult;
import dev.hermit.pipeline.Pipeline;
import dev.hermit.pipeline.SmokeCheck;
import dev.hermit.pipeline.TargetBuilds;
import dev.hermit.libc.LibcMode;
import dev.hermit.payload.Codec;
import dev.hermit.payload.Packing;
import dev.hermit.HermitException;
import dev.hermit.platform.Target;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Build one self-contained executable from a Java application.",
        "",
        "INPUT is one of:",
        "  app.jar      an executable jar or war (Main-Class); its Class-Path jars come",
        "               along, and it runs as 'java -jar' would (Add-Opens,",
        "               Add-Exports, Launcher-Agent-Class, multi-release, ...)",
        "  Hello.java   a single source file, compiled in-process",
        "  DIR          a directory of .java files (packages in subdirectories),",
        "               compiled against the jars in DIR/lib and in DIR, whose",
        "               annotation processors run; the files beside them packed",
        "               as resources; or holding one executable jar; or an app's",
        "               distribution (Gradle's installDist): its jars in DIR/lib,",
        "               the main class, jar order and JVM options from DIR/bin's",
        "               scripts ($APP_HOME: the files beside DIR/lib come along);",
        "               native libraries in DIR/lib go on java.library.path; or an",
        "               unpacked jar (DIR/META-INF/MANIFEST.MF names the Main-Class;",
        "               Spring Boot's extract --launcher), run as 'java -cp DIR'",
        "  (nothing)    with --main and --class-path",
        "",
        "The output holds a runtime trimmed to the JDK modules the app needs",
        "(a scan of its classes, plus the rules in docs/MODULES.md), linked with",
        "jlink from --jdk, else JAVA_HOME or the JDK running hermit when it is of",
        "the Java version (--java, else the lowest of 17, 21, 25 that runs the",
        "app's classes), else from Debian's JDK, fetched once; and by default the",
        "runtime's own loader and C library: it runs in an empty root",
        "(docs/HERMETIC.md).",
        ""},
    footer = {"",
        "Examples:",
        "  hermit build app.jar                           # writes ./app",
        "  hermit build examples/hello -o hello && ./hello",
        "  hermit build --main com.x.Main --class-path 'lib/*' -o tool",
        "  hermit build Hello.java -J-Xmx64m",
        "  hermit build app.jar --check -- --version  # then runs ./app --version",
        "  hermit build app.jar --target linux/arm64  # fetches Debian's arm64 JDK once",
        "  hermit build app.jar --target linux/amd64,linux/arm64 -o dist",
        "      # dist/app-linux-amd64 and dist/app-linux-arm64 (with --image: one",
        "      # multi-platform image)",
        "  hermit build app.jar --java 21             # Debian's Java 21 runtime",
        "  hermit build app.jar --image app-image     # and an OCI image: skopeo copy",
        "      oci:app-image docker://registry/app (or --image app.tar, an oci-archive)",
        "",
        "--check runs the output once after writing it, with the ARGS after '--': on",
        "the host and, with the bundled C library, in an empty root like a FROM",
        "scratch container (unshare and chroot; only the executable, /dev, /proc,",
        "/tmp, /etc/hosts, /etc/resolv.conf and the working directory; through a user",
        "namespace when not root, else on the host only, with a warning). An output",
        "for another platform runs under qemu-ARCH-static from PATH (Debian's",
        "qemu-user-static), in the root too; without it, it is not run. It fails when",
        "a run exits non-zero, prints a JVM linkage error (NoClassDefFoundError,",
        "UnsatisfiedLinkError, ...) or is still running after --check-timeout: it is",
        "for programs that exit, so give arguments that make a server or a REPL exit",
        "(-- --version). Its stdout shows with -v, its stderr when it fails.",
        "",
        "Exit codes: 0 ok, 1 the build failed (the message says why; no output is",
        "written), 2 usage error, 3 a check found a problem: --check failed (the",
        "output is written and left in place), native code with --native=none or",
        "references the runtime lacks with --strict-links (nothing is written)."})
final class BuildCommand implements Callable<Integer> {
  static final int EXIT_CHECK_FAILED = 3;
  private static final int STDERR_LINES = 20;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "INPUT", description = "jar, .java file or directory")
  Path input;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "the executable to write, its missing directories made (default: the app's name, in the current "
          + "directory)")
  Path output;

  @Option(names = {"-m", "--main"}, paramLabel = "CLASS", description = "the main class (overrides a jar's Main-Class);"
      + " MODULE/CLASS with --class-path runs it as java -p PATH -m MODULE/CLASS does, the class path the module path")
  String main;

  @Option(names = {"-cp", "--class-path"}, paramLabel = "PATH",
      description = "jars and directories, ':'-separated or repeated; 'dir/*' means every jar in dir, in name "
          + "order (java's order is the directory's, which varies)")
  List<String> classPath = new ArrayList<>();

  @Option(names = {"-J", "--jvm-opt"}, paramLabel = "OPTION", parameterConsumer = JvmOptionConsumer.class,
      description = "a JVM option baked into the executable, e.g. -J-Xmx256m (repeatable); the file of"
          + " -J-javaagent:agent.jar or of a logging configuration (-J-Djava.util.logging.config.file=...) is carried in it")
  List<String> jvmOptions = new ArrayList<>();

  /**
   * A JVM option is taken as it is, even when it looks like one of hermit's own options: picocli otherwise refuses
   * -J--add-modules=jdk.incubator.vector ("Expected parameter for option '--jvm-opt' but found '--add-modules=...'"),
   * because --add-modules is hermit's option too.
   */
  static final class JvmOptionConsumer implements CommandLine.IParameterConsumer {
    @Override
    public void consumeParameters(java.util.Stack<String> args, CommandLine.Model.ArgSpec argSpec,
        CommandLine.Model.CommandSpec commandSpec) {
      if (args.isEmpty()) {
        throw new CommandLine.ParameterException(commandSpec.commandLine(),
            "-J needs a JVM option, e.g. -J-Xmx256m");
      }
      List<String> options = argSpec.getValue();
      options.add(args.pop());
    }
  }

  @Option(names = "--target", paramLabel = "OS/ARCH",
      description = "the platform to build for, or several as a comma list (then -o names a directory; default: "
          + "$HERMIT_OS/$HERMIT_ARCH, else the host): ${COMPLETION-CANDIDATES}",
      completionCandidates = Targets.class)
  String target;

  @Option(names = "--java", paramLabel = "N",
      description = "the runtime's Java version: 17, 21 or 25 (default: $HERMIT_JAVA, else the lowest that runs "
          + "the app's classes; docs/PROVISIONING.md)")
  String java;

  @Option(names = "--jdk", paramLabel = "DIR|ARCHIVE", description = "the JDK to link the runtime from: a "
      + "directory, or a .tar.gz/.tgz/.zip of one, unpacked once into the SDK cache (default: JAVA_HOME or the "
      + "running JDK when of the Java version, else Debian's)")
  Path jdk;

  @Option(names = "--jdk-sha256", paramLabel = "HEX",
      description = "the SHA-256 the --jdk archive must have (refused otherwise)")
  String jdkSha256;

  @Option(names = "--add-modules", paramLabel = "MODULES", split = ",",
      description = "JDK modules to add to what analysis finds, e.g. jdk.localedata,jdk.charsets (linked into the "
          + "runtime; an incubator module is also resolved only with -J--add-modules=NAME, as java resolves it)")
  Set<String> addModules = new LinkedHashSet<>();

  @Option(names = "--modules-for", paramLabel = "JAR", split = ",",
      description = "also the JDK modules JAR's classes need, without carrying JAR: for a Java agent attached at run "
          + "time (JAVA_TOOL_OPTIONS=-javaagent:JAR, as Kubernetes' OpenTelemetry operator does); repeatable")
  List<Path> modulesFor = new ArrayList<>();

  @Option(names = "--locales", paramLabel = "LOCALES", split = ",",
      description = "the locales whose number and date formats the runtime carries beyond English, e.g. de,fr-CA; "
          + "the rest of jdk.localedata (4.4 MB) is left out. all: every locale")
  List<String> locales = new ArrayList<>();

  @Option(names = "--modules", paramLabel = "MODULES", split = ",",
      description = "exactly these JDK modules (skips analysis; java.base is always included)")
  Set<String> modules;

  @Option(names = "--libc", paramLabel = "MODE",
      description = {"bundled (default): the executable carries the runtime's loader and C library and runs in an "
          + "empty root (FROM scratch); system: it uses the target's glibc, like cgo (smaller; 'hermit inspect' "
          + "states the minimum glibc)"})
  String libc = "bundled";

  @Option(names = "--sysroot", paramLabel = "DIR",
      description = "where bundled libraries come from (default: / for a host build): a multiarch tree, a "
          + "cross-toolchain sysroot such as /usr/aarch64-linux-gnu, or extracted libc packages")
  Path sysroot;

  @Option(names = "--mirror", paramLabel = "URL",
      description = "the Debian archive to fetch another platform's JDK and C library from when neither --jdk nor "
          + "--sysroot is given (default: $HERMIT_DEBIAN_MIRROR, else the host's apt sources; docs/PROVISIONING.md)")
  String mirror;

  @Option(names = "--offline",
      description = "never download: take other platforms' JDKs and C libraries from the SDK cache only, and fail "
          + "naming what it lacks (fill it with one online build, or hermit sdk fetch)")
  boolean offline;

  @Option(names = "--sdk-lock", paramLabel = "FILE",
      description = "pin the Debian packages fetched for another platform: FILE is written when it does not pin "
          + "this target yet, and obeyed when it does (e.g. hermit-sdk.lock; docs/PROVISIONING.md)")
  Path sdkLock;

  @Option(names = "--cacerts", paramLabel = "FILE",
      description = "the TLS trust store (PKCS12 or JKS) to ship instead of the JDK's")
  Path cacerts;

  @Option(names = "--cds", paramLabel = "MODE", arity = "0..1", fallbackValue = "build",
      description = {"class-data sharing: auto (default): the target's JVM archives the runtime's and the app's "
          + "classes after the first run, beside the cache entry (later runs start faster; the file stays "
          + "reproducible); off; build: jlink's archive of the runtime's classes in the file (3 MB, host "
          + "platform only, not reproducible; --cds alone means this)"})
  String cds = "auto";

  @Option(names = "--allow-missing", paramLabel = "LIBS", split = ",",
      description = "libraries the app's natives need that the build may leave out, e.g. libgtk-x11-2.0.so.0: the app "
          + "provides them itself at run time (JavaCPP links libraries under other names) or never loads what needs "
          + "them; the build warns instead of failing (repeatable)")
  Set<String> allowMissing = new LinkedHashSet<>();

  @Option(names = "--bundle-library", paramLabel = "SONAME", split = ",",
      description = "a system library the app loads by name at run time (JNA's Native.load(\"pcap\"), dlopen), "
          + "bundled with what it needs, e.g. libpcap.so.0.8: found on this machine, or fetched for a --target; "
          + "or a library's path, for one kept elsewhere (/usr/lib/softhsm/libsofthsm2.so); repeatable")
  List<String> bundleLibraries = new ArrayList<>();

  @Option(names = "--native", paramLabel = "MODE",
      description = {"what to do with native libraries in the app's jars: auto (default): keep those for the "
          + "target, drop the other platforms', bundle what the kept ones need; none: refuse any native code "
          + "(exit 3; also HERMIT_NATIVE=0, like CGO_ENABLED=0); all: keep everything (docs/NATIVES.md)"})
  String natives;

  @Option(names = "--strict-links",
      description = "fail (exit 3) when the app refers to JDK classes, fields or methods the runtime lacks "
          + "(default: a warning; docs/LINKS.md)")
  boolean strictLinks;

  @Option(names = "--keep-symbols",
      description = "keep the static symbol tables of the runtime's natives (internal names in JVM crash logs; "
          + "about 1 MB larger). By default they are taken out, as strip does")
  boolean keepSymbols;

  @Option(names = "--jdk-line-numbers",
      description = "keep the JDK classes' line numbers, so that stack traces read Integer.java:668 as under java "
          + "rather than Unknown Source (about 2 MB larger), and their parameter names, which a compiler in the app "
          + "may copy into what it writes (delombok, javac -parameters). The app's own classes always keep theirs")
  boolean jdkLineNumbers;

  @Option(names = "--codec", paramLabel = "CODEC", description = "payload compression: zstd (default), deflate or stored")
  String codec = "zstd";

  @Option(names = "--pack", paramLabel = "HOW",
      description = "small (default): the runtime compressed at zstd's slowest level, once per JDK, module set and "
          + "target on this machine (seconds more on a first build, cached after); fast: quicker first builds, about "
          + "15 %% larger (also HERMIT_PACK=fast: for CI whose caches start empty)")
  String pack;

  @Option(names = "--check",
      description = "run the output once after writing it (on the host and in an empty root); exit 3 if it fails. "
          + "ARGS after '--' are its arguments (see below)")
  boolean check;

  @Option(names = "--check-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "how long the --check run may take (default: ${DEFAULT-VALUE})")
  int checkTimeout;

  @Parameters(index = "1..*", paramLabel = "ARGS", hidden = true)
  List<String> afterInput = new ArrayList<>();

  @CommandLine.Mixin ImageOptions image;

  @Option(names = {"-j", "--jobs"}, paramLabel = "N",
      description = "with several targets, how many to build at once (default: one per core, at most 4); their "
          + "lines are printed in target order")
  Integer jobs;

  @Option(names = {"-v", "--verbose"}, description = "also print each decision (modules and why)")
  boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = "print only warnings and errors, no progress")
  boolean quiet;

  @Option(names = "--stacktrace", description = "print the stack trace of an error (for bug reports)")
  boolean stacktrace;

  @Override
  public Integer call() {
    List<String> checkArgs = checkArgs();
    if (input == null && classPath.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "nothing to build: name a jar, a .java file or a directory, or give --main and --class-path");
    }
    if (input == null && main == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--class-path needs --main to say which class to run");
    }
    if (output != null && output.toString().isEmpty()) { // Path.of("") is the working directory, not a file
      throw new CommandLine.ParameterException(spec.commandLine(), "-o names no file (an empty argument): name the "
          + "executable to write, or leave -o out for the app's name in the current directory");
    }
    image.validate(spec.commandLine());
    // a wrong value is a usage error before any build starts, not one per target's build
    java();
    codec(codec);
    packing();
    libc();
    cdsMode();
    natives();
    jdkSha256();
    int jobs = jobs();
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    List<Target> targets = targets();
    Path outputDirectory = null;
    if (targets.size() > 1) { // several targets: -o names a directory, each executable is NAME-OS-ARCH in it
      outputDirectory = output != null ? output : Path.of("");
      try {
        Files.createDirectories(outputDirectory.toAbsolutePath());
      } catch (java.io.IOException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "-o " + output + ": with several targets it "
            + "names a directory, which cannot be made: " + e.getMessage());
      }
    }
    BuildListener listener = new StepPrinter(err, start, quiet, verbose);
    Path outputs = outputDirectory;
    List<BuildResult> results;
    if (targets.size() == 1) {
      results = List.of(buildFor(targets.get(0), null, err, listener, start));
    } else {
      boolean terminal = StepPrinter.onTerminal();
      int atOnce = Math.min(jobs, targets.size());
      if (atOnce > 1 && !quiet) { // else a later target's first line, at 0.1 s, would puzzle
        err.printf("[%5.1fs] building %d targets, %d at a time (-j); each one's lines below are its own, in target "
            + "order%n", (System.nanoTime() - start) / 1e9, targets.size(), atOnce);
        err.flush();
      }
      results = TargetBuilds.run(targets, jobs, (t, lane) -> {
        PrintWriter out = new PrintWriter(lane.writer(err), true);
        return buildFor(t, outputs, out, new StepPrinter(out, start, quiet, verbose,
            () -> terminal && lane.live(), System::nanoTime), start);
      });
    }
    dev.hermit.oci.ImageResult written = image.write(results);
    if (written != null) {
      written.warnings().forEach(w -> err.println("hermit: warning: " + w));
    }
    if (written != null && !quiet) {
      err.printf("[%5.1fs] wrote image %s (%s, %s, %.1f MB; latest is %s)%n", (System.nanoTime() - start) / 1e9,
          written.destination(), written.archive() ? "oci-archive" : "OCI layout",
          String.join(", ", results.stream().map(r -> r.target().id()).toList()), written.size() / 1e6,
          written.reference());
      err.flush();
    }
    if (check) {
      for (BuildResult result : results) {
        int code = check(result, checkArgs, listener, err, start);
        if (code != 0) {
          return code;
        }
      }
    }
    return 0;
  }

  /** One target's build, its lines ("building for", the steps, "wrote") on {@code err}. */
  private BuildResult buildFor(Target t, Path outputDirectory, PrintWriter err, BuildListener listener, long start) {
    if (outputDirectory != null && !quiet) {
      err.printf("[%5.1fs] %s%n", (System.nanoTime() - start) / 1e9, "building for " + t.id());
      err.flush();
    }
    BuildRequest request = BuildRequest.builder()
        .input(input).mainClass(main).classPath(classPath)
        .output(outputDirectory == null ? output : null).outputDirectory(outputDirectory)
        .target(t).java(java()).jdk(jdk).jvmOptions(jvmOptions)
        .addModules(addModules).modulesFor(modulesFor).locales(locales).modules(modules).codec(codec(codec)).packing(packing()).allowMissing(allowMissing).bundleLibraries(bundleLibraries)
        .libc(libc()).sysroot(sysroot).cacerts(cacerts).cds(cdsMode()).natives(natives())
        .strictLinks(strictLinks).keepSymbols(keepSymbols).jdkLineNumbers(jdkLineNumbers)
        .mirror(Env.mirror(mirror)).offline(offline).hostJdk(Env.javaHome()).caches(Env.caches())
        .sdkLock(sdkLock).jdkSha256(jdkSha256())
        .build();
    BuildResult result = build(request, listener);
    if (!quiet) {
      err.printf("[%5.1fs] wrote %s (%s, %.1f MB)%n", (System.nanoTime() - start) / 1e9, result.output(),
          result.target().id(), result.size() / 1e6);
      SizeTable.lines(result.sizes()).forEach(l -> err.println("         " + l));
      result.localeHint(locales, "--locales de,fr").ifPresent(h -> err.println("         " + h));
      err.flush();
    }
    return result;
  }

  private int jobs() {
    if (jobs == null) {
      return TargetBuilds.defaultJobs();
    }
    if (jobs < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--jobs " + jobs + ": give 1 or more");
    }
    return jobs;
  }

  /** The executable file of this name in a directory of PATH, or null: qemu-user for a check of a cross build. */
  static Path onPath(String name) {
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "/usr/bin" : path).split(":")) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, name);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p.toAbsolutePath();
        }
      }
    }
    return null;
  }

  /** Runs the output once; a failed run is exit 3, with why and the end of its stderr. */
  private int check(BuildResult result, List<String> args, BuildListener listener, PrintWriter err, long start) {
    SmokeCheck.Report report = SmokeCheck.run(result.output(), result.target(), libc() == LibcMode.BUNDLED, args,
        Duration.ofSeconds(checkTimeout), listener, onPath(SmokeCheck.qemuName(result.target())));
    for (SmokeCheck.Run run : report.runs()) {
      if (run.passed()) {
        listener.detail(String.format("check passed %s in %.1fs", run.where(), run.took().toMillis() / 1e3));
        boolean onHostToo = report.runs().stream()
            .anyMatch(r -> r.where() == SmokeCheck.Where.HOST && r.programNotStarted() != null);
        if (run.where() == SmokeCheck.Where.EMPTY_ROOT && run.programNotStarted() != null && !onHostToo) {
          // the app went on without it (protoc-jar's main catches the failure and exits 0, having made nothing)
          listener.warn("the check passed in an empty root, but there the app could not start a program it started "
              + "on the host (" + run.programNotStarted() + ")"
              + LoadHints.forProgram(List.of(run.programNotStarted())).map(h -> ": " + h).orElse(""));
        }
        continue;
      }
      String why = run.timedOut()
          ? "was still running after " + checkTimeout + " s (--check is for programs that exit: give arguments "
              + "that make it exit, e.g. -- --version, or a longer --check-timeout)"
          : run.crash() != null
              ? "crashed in native code (exit code " + run.exitCode() + "): " + run.crash()
                  + " (the JVM's fatal error report is on its standard output; -v shows it)"
          : run.linkageError() != null
              ? "printed a JVM linkage error (exit code " + run.exitCode() + "): " + run.linkageError()
              : "exited with code " + run.exitCode();
      err.println("hermit: check failed " + run.where() + ": " + result.output().getFileName() + " " + why);
      if (!verbose) {
        // Without stack frames: a long trace with "Caused by" chains (Hadoop's failed login) otherwise leaves only
        // "\tat ..." lines in the last STDERR_LINES and no exception message at all (-v still shows every line).
        List<String> messages = run.stderr().stream().filter(l -> !l.matches("\\s+(at |\\.\\.\\. \\d+ more).*")).toList();
        List<String> tail = messages.subList(Math.max(0, messages.size() - STDERR_LINES), messages.size());
        tail.forEach(line -> err.println("  | " + line));
      }
      LoadHints.forOutput(run.stderr(), LoadHints.LIBRARY_DIRS)
          .or(() -> run.where() == SmokeCheck.Where.EMPTY_ROOT ? LoadHints.forProgram(run.stderr()) : Optional.empty())
          .ifPresent(h -> err.println("hermit: hint: " + h));
      err.flush();
      return EXIT_CHECK_FAILED;
    }
    if (!quiet && !report.runs().isEmpty()) {
      err.printf("[%5.1fs] check passed %s%n", (System.nanoTime() - start) / 1e9, String.join(" and ",
          report.runs().stream().map(r -> r.where().toString()).toList()));
      err.flush();
    }
    return 0;
  }

  /** The arguments after '--', for the check run; picocli hands them out as positional parameters. */
  private List<String> checkArgs() {
    if (checkTimeout <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--check-timeout must be at least 1 second");
    }
    List<String> original = spec.commandLine().getParseResult().originalArgs();
    int dashes = original.indexOf("--");
    if (dashes < 0) {
      if (!afterInput.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "unexpected argument '" + afterInput.get(0)
            + "': give one INPUT (arguments for the --check run go after '--')");
      }
      return List.of();
    }
    List<String> args = List.copyOf(original.subList(dashes + 1, original.size()));
    int before = (input == null ? 0 : 1) + afterInput.size() - args.size();
    if (before == 0) {
      input = null;
    } else if (before > 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "unexpected argument '" + afterInput.get(0)
          + "': give one INPUT");
    }
    if (!check) {
      throw new CommandLine.ParameterException(spec.commandLine(), "arguments after '--' are for --check, which is "
          + "not given");
    }
    return args;
  }

  private static BuildResult build(BuildRequest request, BuildListener listener) {
    return Pipeline.run(request, listener);
  }

  private String jdkSha256() {
    if (jdkSha256 != null && !jdkSha256.matches("[0-9a-fA-F]{64}")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--jdk-sha256 '" + jdkSha256
          + "' is not 64 hex digits");
    }
    return jdkSha256;
  }

  private List<Target> targets() {
    try {
      return Targets.chooseAll(target);
    } catch (dev.hermit.HermitException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private LibcMode libc() {
    return switch (libc) {
      case "bundled" -> LibcMode.BUNDLED;
      case "system" -> LibcMode.SYSTEM;
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "unknown --libc '" + libc + "' (bundled, system)");
    };
  }

  /** --java, else HERMIT_JAVA, else null (hermit chooses). */
  private Integer java() {
    String env = System.getenv("HERMIT_JAVA");
    String v = java != null ? java : env == null || env.isBlank() ? null : env.strip();
    if (v == null) {
      return null;
    }
    List<Integer> known = dev.hermit.provision.SdkSpec.javaVersions();
    if (!v.matches("[0-9]{1,4}") || !known.contains(Integer.parseInt(v))) {
      throw new CommandLine.ParameterException(spec.commandLine(), "unknown " + (java != null ? "--java" : "HERMIT_JAVA")
          + " '" + v + "': hermit's runtimes are Java " + String.join(", ", known.stream().map(String::valueOf).toList()));
    }
    return Integer.parseInt(v);
  }

  /** --native, else HERMIT_NATIVE (0 means none, 1 auto, or a mode's name), else auto. */
  private NativeMode natives() {
    String env = System.getenv("HERMIT_NATIVE");
    String mode = natives != null ? natives : env == null || env.isBlank() ? "auto"
        : env.equals("0") ? "none" : env.equals("1") ? "auto" : env;
    return switch (mode) {
      case "auto" -> NativeMode.AUTO;
      case "none" -> NativeMode.NONE;
      case "all" -> NativeMode.ALL;
      default -> throw new CommandLine.ParameterException(spec.commandLine(), "unknown " + (natives != null
          ? "--native" : "HERMIT_NATIVE") + " '" + mode + "' (auto, none, all" + (natives != null ? "" : ", 0, 1") + ")");
    };
  }

  /** --pack, else HERMIT_PACK, else small. */
  private Packing packing() {
    try {
      return Packing.choose(pack, "--pack", System.getenv("HERMIT_PACK"));
    } catch (HermitException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private Codec codec(String name) {
    try {
      return Codec.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "unknown codec '" + name + "' (deflate, zstd, stored)");
    }
  }

  private CdsMode cdsMode() {
    try {
      return CdsMode.parse(cds);
    } catch (dev.hermit.HermitException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "unknown --cds mode '" + cds + "' (auto, off, build)");
    }
  }
}
