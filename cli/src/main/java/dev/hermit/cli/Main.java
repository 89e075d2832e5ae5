package dev.hermit.cli;

import dev.hermit.HermitException;
import dev.hermit.Version;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The hermit command. {@link #run} returns the exit code so tests can call it without exiting. */
@Command(
    name = "hermit",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = {
        "Turn a Java application into one self-contained executable: no JRE and no install on the target.",
        ""},
    subcommands = {BuildCommand.class, InspectCommand.class, TargetsCommand.class, SdkCommand.class,
        VersionCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"",
        "Examples:",
        "  hermit build app.jar -o app && ./app   # one file; the target needs no JRE",
        "  hermit build --target linux/arm64 app.jar",
        "  hermit inspect ./app                   # what it needs to run, like ldd",
        "",
        "Exit codes: 0 ok, 1 failure, 2 usage error, 3 a check found a problem.",
        "Run 'hermit help COMMAND' or 'hermit COMMAND --help' for a command's options."})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  public static void main(String[] args) {
    // jlink's generate-jli-classes plugin includes method-handle classes this JVM has already spun, and a time
    // zone with daylight-saving rules spins more of them (reading jar entry times): pin the zone so the same
    // inputs give the same bytes on every build machine.
    java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      boolean trace = parsed.originalArgs().contains("--stacktrace");
      if (e instanceof HermitException h) {
        cmd.getErr().println("hermit: " + OptionHints.message(h));
      } else if (e instanceof java.io.UncheckedIOException) {
        cmd.getErr().println("hermit: " + e.getMessage());
      } else {
        cmd.getErr().println("hermit: internal error: " + e + " (rerun with --stacktrace and report it)");
      }
      if (trace) {
        e.printStackTrace(cmd.getErr());
      }
      cmd.getErr().flush();
      return e instanceof dev.hermit.CheckFailedException ? 3 : 1;
    });
    cli.setParameterExceptionHandler((e, a) -> {
      CommandLine cmd = e.getCommandLine();
      cmd.getErr().println("hermit: " + e.getMessage());
      cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
      cmd.getErr().flush();
      return 2;
    });
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) {
      // Outputs and cache entries are renamed into place when complete, so nothing half-written is left behind
      err.println("hermit: out of memory (" + e.getMessage() + ", with a heap of at most "
          + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB): give the JVM more, e.g. java -Xmx1g -jar hermit.jar ...");
      err.flush();
      return 1;
    }
  }

  /** hermit's commands as picocli models them, with the help texts the annotations cannot give. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    teachHelpCommand(cli.getSubcommands().get("help"), "hermit help build      # the same as 'hermit build --help'");
    teachHelpCommand(cli.getSubcommands().get("sdk").getSubcommands().get("help"),
        "hermit sdk help fetch  # the same as 'hermit sdk fetch --help'");
    return cli;
  }

  /** picocli's own help command carries no annotations of ours: give its help the example every command's has. */
  private static void teachHelpCommand(CommandLine help, String example) {
    help.getCommandSpec().usageMessage().footer("",
        "Example:",
        "  " + example,
        "",
        "Exit codes: 0 ok, 2 usage error (an unknown COMMAND).");
  }

  /** Prints hermit's version for --version. */
  public static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"hermit " + Version.get()};
    }
  }
}
