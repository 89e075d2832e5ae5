package dev.hermit.cli;

import dev.hermit.HermitException;
import dev.hermit.launcher.Launchers;
import dev.hermit.platform.Target;
import dev.hermit.provision.Provisioner;
import dev.hermit.provision.SdkSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Like {@code go tool dist list}: every target, whether hermit has its launcher, and whether its SDK is cached. */
@Command(name = "targets", mixinStandardHelpOptions = true,
    description = {"List the platforms hermit builds for, whether hermit has their launcher, and where the runtime "
        + "and C library of a build from this host come from: the host's JDK, or Debian packages fetched once into "
        + "the SDK cache ($HERMIT_SDK_DIR, else $XDG_CACHE_HOME/hermit/sdk, else ~/.cache/hermit/sdk)."},
    footer = {"",
        "Example:",
        "  hermit targets     # linux/arm64  launcher yes  sdk cached (Debian ...)",
        "",
        "Exit codes: 0 ok, 2 usage error."})
final class TargetsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int java = Runtime.version().feature();
    Path root = Provisioner.defaultRoot();
    Provisioner cache = new Provisioner(root, null, s -> { }, s -> { });
    for (Target t : Target.ALL) {
      String sdk;
      if (!Launchers.available(t)) {
        sdk = "-";
      } else if (t.isHost()) {
        sdk = "host (the JDK running hermit, or --jdk)";
      } else {
        try {
          SdkSpec s = SdkSpec.of(t, java);
          sdk = s.knownMissing().map(why -> "none: " + why).orElseGet(() -> cache.cached(s)
              .map(p -> "cached (Debian " + s.suite() + ", Java " + java + ") in " + p)
              .orElse("fetched on first build (Debian " + s.suite() + ", Java " + java + ")"));
        } catch (HermitException e) {
          sdk = e.getMessage();
        }
      }
      out.printf("%-14s launcher %-4s sdk %s%n", t.id(), Launchers.available(t) ? "yes" : "no", sdk);
    }
    out.flush();
    return 0;
  }
}
