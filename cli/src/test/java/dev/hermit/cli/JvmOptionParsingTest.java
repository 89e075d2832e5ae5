package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** JVM options that look like hermit's own options (--add-modules) are baked in as given (docs/MODULES.md, step 7). */
class JvmOptionParsingTest {
  private static List<String> jvmOptions(String... args) {
    CommandLine cli = Main.commandLine();
    CommandLine.ParseResult r = cli.parseArgs(args);
    return ((BuildCommand) r.subcommand().commandSpec().userObject()).jvmOptions;
  }

  @Test
  void aJvmOptionNamedLikeHermitsOwnIsTaken() {
    assertEquals(List.of("--add-modules=jdk.incubator.vector", "-Xmx64m"),
        jvmOptions("build", "app.jar", "-J--add-modules=jdk.incubator.vector", "-J-Xmx64m"));
    assertEquals(List.of("--add-modules", "jdk.incubator.vector"),
        jvmOptions("build", "app.jar", "-J", "--add-modules", "--jvm-opt=jdk.incubator.vector"));
  }
}
