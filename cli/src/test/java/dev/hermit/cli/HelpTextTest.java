package dev.hermit.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Every command's help as a user gets it: no picocli warnings, no format-string debris, 80 columns, an example and
 * the exit codes, and {@code hermit help X} the same as {@code hermit X --help}. The commands are found in picocli's
 * model, so a command added later is checked without touching this test.
 */
class HelpTextTest {
  private static final int WIDTH = 80;
  /** What a format string leaves behind when it was not formatted, or was escaped once too often. */
  private static final Pattern FORMAT_DEBRIS = Pattern.compile("%(?:%|[-#+0,(<]*\\d*(?:\\.\\d+)?[a-zA-Z])|\\$\\{");
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

  record Rendered(int code, String out, String err) {}

  /**
   * Runs hermit with both of its writers captured, and System.err too: picocli's tracer prints its "[picocli WARN]"
   * lines there, not to the command's writers.
   */
  static Rendered hermit(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] stray = new String[1];
    int code = withStderrCaptured(stray, () -> Main.run(args, new PrintWriter(out), new PrintWriter(err)));
    return new Rendered(code, out.toString(), err + stray[0]);
  }

  private static int withStderrCaptured(String[] captured, java.util.function.IntSupplier action) {
    // The tracer prints nothing below WARN; a test run with -Dpicocli.trace=OFF would make this test blind.
    assertTrue(CommandLine.tracer().isWarn(), "picocli's tracer must be at WARN or above for this test to see warnings");
    PrintStream saved = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, UTF_8));
    try {
      return action.getAsInt();
    } finally {
      System.setErr(saved);
      captured[0] = bytes.toString(UTF_8);
    }
  }

  /** Everything wrong with one help text, one line per problem; empty when it is fine. */
  static List<String> problems(String help) {
    List<String> found = new ArrayList<>();
    String[] lines = ANSI.matcher(help).replaceAll("").split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.contains("WARN")) {
        found.add("line " + (i + 1) + " is a warning: " + line);
      }
      Matcher debris = FORMAT_DEBRIS.matcher(line);
      if (debris.find()) {
        found.add("line " + (i + 1) + " has '" + debris.group() + "' left from a format string"
            + " (write a literal % as %% in picocli texts): " + line);
      }
      int width = line.codePointCount(0, line.length());
      if (width > WIDTH) {
        found.add("line " + (i + 1) + " is " + width + " columns wide (at most " + WIDTH + "): " + line);
      }
    }
    return found;
  }

  /** The path of words to every command below hermit, hermit itself being the empty path; aliases once. */
  static List<List<String>> commandPaths() {
    List<List<String>> paths = new ArrayList<>();
    walk(Main.commandLine(), new ArrayList<>(), paths, new IdentityHashMap<>());
    return paths;
  }

  private static void walk(CommandLine cmd, List<String> path, List<List<String>> paths,
      Map<CommandLine, Boolean> seen) {
    if (seen.put(cmd, true) != null) {
      return;
    }
    paths.add(List.copyOf(path));
    for (CommandLine sub : cmd.getSubcommands().values()) {
      List<String> deeper = new ArrayList<>(path);
      deeper.add(sub.getCommandName());
      walk(sub, deeper, paths, seen);
    }
  }

  private static String[] args(List<String> path, String... more) {
    return Stream.concat(path.stream(), Stream.of(more)).toArray(String[]::new);
  }

  private static String name(List<String> path) {
    return String.join(" ", args(List.of("hermit"), path.toArray(String[]::new)));
  }

  @Test
  void findsTheCommandsThatShipToday() {
    List<List<String>> paths = commandPaths();
    for (String command : List.of("build", "inspect", "version", "help")) {
      assertTrue(paths.contains(List.of(command)), command + " not found in " + paths);
    }
  }

  /** A first word that is no command is said as such, with the nearest command (picocli: "Unmatched argument"). */
  @Test
  void anUnknownCommandIsNamedWithTheNearestOne() {
    Rendered top = hermit("biuld", "app.jar");
    assertEquals(2, top.code(), top.err());
    assertTrue(top.err().startsWith("hermit: unknown command 'biuld'; did you mean build? (commands: build, inspect,"),
        top.err());
    Rendered sdk = hermit("sdk", "fecth");
    assertEquals(2, sdk.code(), sdk.err());
    assertTrue(sdk.err().startsWith("hermit: unknown command 'fecth' of hermit sdk; did you mean fetch? (commands: "),
        sdk.err());
    Rendered none = hermit("nosuch");
    assertTrue(none.err().startsWith("hermit: unknown command 'nosuch' (commands: "), none.err());
  }

  @TestFactory
  Stream<DynamicTest> everyCommandsHelpIsCleanAndTeaches() {
    return commandPaths().stream().map(path -> DynamicTest.dynamicTest(name(path) + " --help", () -> {
      Rendered r = hermit(args(path, "--help"));
      assertEquals(0, r.code(), name(path) + " --help: exit code; stderr: " + r.err());
      assertEquals("", r.err(), name(path) + " --help printed to stderr");
      List<String> problems = problems(r.out());
      assertTrue(problems.isEmpty(), name(path) + " --help:\n  " + String.join("\n  ", problems) + "\n" + r.out());
      assertTrue(r.out().contains("Example"), name(path) + " --help shows no example:\n" + r.out());
      assertTrue(r.out().contains("Exit codes:"), name(path) + " --help names no exit codes:\n" + r.out());
    }));
  }

  /**
   * picocli wraps prose to 80 columns by itself, but an example command it wraps no longer pastes: every line of a
   * description or footer that starts with "  hermit " must fit as written.
   */
  @TestFactory
  Stream<DynamicTest> everyExampleFitsUnwrapped() {
    return commandPaths().stream().map(path -> DynamicTest.dynamicTest(name(path) + " examples", () -> {
      CommandLine.Model.UsageMessageSpec usage = commandAt(path).getCommandSpec().usageMessage();
      List<String> wide = Stream.of(usage.description(), usage.footer(), usage.header())
          .flatMap(Stream::of)
          .flatMap(text -> Stream.of(text.split("%n|\n")))
          .filter(line -> line.startsWith("  hermit ") && line.replace("%%", "%").length() > WIDTH)
          .toList();
      assertTrue(wide.isEmpty(), name(path) + ": examples wider than " + WIDTH + " columns: " + wide);
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyCommandsHelpListsItsSubcommands() {
    return commandPaths().stream().map(path -> DynamicTest.dynamicTest(name(path) + " --help lists", () -> {
      String out = hermit(args(path, "--help")).out();
      CommandLine cmd = commandAt(path);
      for (String sub : cmd.getSubcommands().keySet()) {
        assertTrue(Pattern.compile("(?m)^  (\\S+, )*" + Pattern.quote(sub) + "(,|\\s|$)").matcher(out).find(),
            name(path) + " --help does not list '" + sub + "':\n" + out);
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> helpCommandPrintsWhatDashDashHelpPrints() {
    List<DynamicTest> tests = new ArrayList<>();
    for (List<String> path : commandPaths()) {
      CommandLine cmd = commandAt(path);
      if (cmd.getSubcommands().containsKey("help")) {
        tests.add(samePrinted(args(path, "help"), args(path, "--help")));
        for (String sub : cmd.getSubcommands().keySet()) {
          tests.add(samePrinted(args(path, "help", sub), args(path, sub, "--help")));
        }
      }
    }
    return tests.stream();
  }

  private static DynamicTest samePrinted(String[] viaHelp, String[] viaOption) {
    String help = "hermit " + String.join(" ", viaHelp);
    String option = "hermit " + String.join(" ", viaOption);
    return DynamicTest.dynamicTest(help, () -> {
      Rendered a = hermit(viaHelp);
      Rendered b = hermit(viaOption);
      assertEquals(0, a.code(), help + ": " + a.err());
      assertEquals("", a.err(), help + " printed to stderr");
      assertEquals(b.out(), a.out(), "'" + help + "' and '" + option + "' differ");
    });
  }

  private static CommandLine commandAt(List<String> path) {
    CommandLine cmd = Main.commandLine();
    for (String word : path) {
      cmd = cmd.getSubcommands().get(word);
    }
    return cmd;
  }

  /** A command with the mistake issue 13 shipped: a bare percent sign in an option's description. */
  @Command(name = "faulty", description = "A description that is fine.")
  static final class Faulty {
    @CommandLine.Option(names = "--fast", description = "starts about 28% faster")
    boolean fast;
  }

  /** The checks above can fail: picocli's warning about a bare % reaches them, and so does an over-long line. */
  @Test
  void theChecksCatchABarePercentSignAndAWideLine() {
    StringWriter out = new StringWriter();
    String[] stray = new String[1];
    withStderrCaptured(stray, () -> {
      new CommandLine(new Faulty()).usage(new PrintWriter(out, true));
      return 0;
    });
    assertTrue(stray[0].contains("[picocli WARN] Could not format"), "picocli's warning was not captured: " + stray[0]);
    assertFalse(problems(stray[0] + out).isEmpty());
    assertFalse(problems("x".repeat(WIDTH + 1)).isEmpty());
    assertFalse(problems("left over: %n").isEmpty());
    assertTrue(problems("starts about 28% faster, 3 MB larger\n" + "x".repeat(WIDTH)).isEmpty());
  }
}
