package dev.hermit.cli;

import dev.hermit.inspect.InspectReport;
import dev.hermit.inspect.Inspector;
import dev.hermit.inspect.ReportJson;
import dev.hermit.inspect.Requirement;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hermit inspect}: what ldd tells, for any ELF, PE or Mach-O file, without running it. */
@Command(
    name = "inspect",
    description = {"Show what an executable needs to run: format, architecture, interpreter, libraries (resolved"
        + " like the dynamic loader, without running anything), minimum library versions. ELF, PE and Mach-O.", ""},
    footer = {"",
        "Examples:",
        "  hermit inspect /usr/bin/curl            # like ldd, without running it",
        "  hermit inspect --tree /usr/bin/curl     # the whole closure, like lddtree",
        "  hermit inspect --require hermetic app   # exit 3 unless it runs FROM scratch",
        "  hermit inspect --json app.exe app.dylib",
        "",
        "Exit codes:",
        "  0   all files read (and every --require passed)",
        "  1   a file could not be read or is malformed, or a hermit executable was damaged after its build",
        "  2   usage error",
        "  3   a --require check failed"})
public final class InspectCommand implements Callable<Integer> {
  static final int EXIT_FAILURE = 1;
  static final int EXIT_REQUIREMENT = 3;

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to inspect.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--json", description = "Print everything as JSON (an array, one object per file).")
  boolean json;

  @Option(names = "--tree", description = "Show the whole dependency closure as a tree, like lddtree.")
  boolean tree;

  @Option(names = "--sysroot", paramLabel = "DIR", defaultValue = "/",
      description = "Resolve libraries inside DIR instead of the host root (default: ${DEFAULT-VALUE}).")
  Path sysroot;

  @Option(names = "--library-path", paramLabel = "DIRS", split = ":",
      description = "Also search these directories (colon-separated, inside the sysroot), as the loader searches"
          + " LD_LIBRARY_PATH: after DT_RPATH, before DT_RUNPATH.")
  List<String> libraryPath = new ArrayList<>();

  @Option(names = "--require", paramLabel = "CHECK", converter = RequirementConverter.class,
      description = "Fail with exit code 3 unless CHECK holds: static, resolved, system-libs, hermetic, glibc<=VERSION.")
  List<Requirement> requirements = new ArrayList<>();

  /** Runs the command alone (for scripts and benchmarks); the hermit Main normally hosts it. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new InspectCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Inspector inspector = Inspector.withSysroot(sysroot, libraryPath);
    ReportJson report = new ReportJson();
    InspectText text = new InspectText(out, tree);
    boolean failed = false;
    boolean unmet = false;
    for (Path file : files) {
      InspectReport result;
      try {
        result = inspector.inspect(file);
      } catch (IOException | RuntimeException e) {
        String message = describe(e);
        err.println("hermit: " + file + ": " + message);
        report.addError(file, message);
        failed = true;
        continue;
      }
      if (json) {
        report.add(result);
      } else {
        text.print(result);
      }
      // Everything readable is shown first (what a damaged copy was built from helps), then the verdict.
      if (result.hermit().isPresent() && !result.hermit().get().hashVerified()) {
        err.println("hermit: " + file + ": the payload does not match the SHA-256 its build recorded: the file was"
            + " damaged after it was built; copy it again or rebuild it");
        failed = true;
      }
      for (Requirement requirement : requirements) {
        Optional<String> reason = requirement.check(result);
        if (reason.isPresent()) {
          err.println("hermit: " + file + ": --require " + requirement + " failed: " + reason.get());
          unmet = true;
        }
      }
    }
    if (json) {
      out.print(report.finish());
    }
    out.flush();
    err.flush();
    return failed ? EXIT_FAILURE : unmet ? EXIT_REQUIREMENT : 0;
  }

  private static String describe(Exception e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof RuntimeException) {
      return "internal error while reading (" + e + "); please report it";
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  /** Turns a --require value into a Requirement; a bad one is a usage error (exit 2). */
  static final class RequirementConverter implements CommandLine.ITypeConverter<Requirement> {
    @Override
    public Requirement convert(String value) {
      try {
        return Requirement.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
