package dev.hermit.cli;

import dev.hermit.HermitException;
import dev.hermit.Version;
import java.io.PrintWriter;
import java.util.List;
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
    Stdout stdout = new Stdout();
    PrintWriter out = new PrintWriter(stdout, true);
    int code = run(args, out, new PrintWriter(System.err, true));
    out.flush();
    // `hermit inspect --json app > report.json` on a full disk: the report is lost, which exit 0 would hide (as ls
    // says "write error"); a reader that went away (| head) is no error of ours
    if (stdout.failed != null && !String.valueOf(stdout.failed.getMessage()).contains("Broken pipe") && code == 0) {
      System.err.println("hermit: cannot write to standard output (" + stdout.failed.getMessage() + ")");
      code = 1;
    }
    System.exit(code);
  }

  /** Standard output that keeps the first write error, which a PrintWriter only flags. */
  private static final class Stdout extends java.io.OutputStream {
    private final java.io.OutputStream fd = new java.io.FileOutputStream(java.io.FileDescriptor.out);
    java.io.IOException failed;

    @Override
    public void write(int b) throws java.io.IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      try {
        fd.write(b, off, len);
      } catch (java.io.IOException e) {
        failed = failed == null ? e : failed;
        throw e;
      }
    }
  }

  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      // Stopped by a signal (Ctrl-C reaches jlink too, which may end before this JVM's hooks start): what failed
      // after it (jlink killed, the scratch tree deleted) is no error to show. A failure waits a moment for them.
      if (!dev.hermit.StopCleanup.stopping()) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
      if (dev.hermit.StopCleanup.stopping()) {
        return 130;
      }
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
      cmd.getErr().println("hermit: " + unknownCommand(e).orElse(e.getMessage()));
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

  /**
   * A first word that is no command ({@code hermit biuld app.jar}) said as such, with the commands and picocli's
   * nearest match, where picocli says "Unmatched arguments from index 0".
   */
  static java.util.Optional<String> unknownCommand(CommandLine.ParameterException e) {
    if (!(e instanceof CommandLine.UnmatchedArgumentException u) || u.getCommandLine().getSubcommands().isEmpty()
        || u.getUnmatched().isEmpty() || u.getUnmatched().get(0).startsWith("-")) {
      return java.util.Optional.empty();
    }
    List<String> commands = u.getCommandLine().getSubcommands().keySet().stream().toList();
    List<String> near = u.getSuggestions().stream().filter(commands::contains).toList();
    String of = u.getCommandLine().getCommandSpec().qualifiedName();
    return java.util.Optional.of("unknown command '" + u.getUnmatched().get(0) + "'"
        + (of.equals("hermit") ? "" : " of " + of)
        + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?") + " (commands: "
        + String.join(", ", commands) + ")");
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
