package dev.hermit.cli;

import dev.hermit.Version;
import dev.hermit.platform.Target;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "version", mixinStandardHelpOptions = true,
    description = "Print hermit's version, the Java it runs on and the host platform.",
    footer = {"",
        "Example:",
        "  hermit version     # hermit 0.1.0 (Java 17.0.15, Debian; host linux/amd64)",
        "",
        "Exit codes: 0 ok, 2 usage error."})
final class VersionCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().printf("hermit %s (Java %s, %s; host %s)%n", Version.get(),
        System.getProperty("java.version"), System.getProperty("java.vendor"),
        Target.host().map(Target::id).orElse(System.getProperty("os.name") + "/" + System.getProperty("os.arch")));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
