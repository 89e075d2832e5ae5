package dev.hermit.cli;

import dev.hermit.HermitException;
import dev.hermit.launcher.Launchers;
import dev.hermit.platform.Target;
import dev.hermit.provision.Provisioner;
import dev.hermit.provision.SdkSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
        "The first line of a target is for Java 17, which hermit chooses unless the",
        "app needs more (build --java); a 'java 21' or 'java 25' line below it shows",
        "that version's SDK when it is cached.",
        "",
        "Exit codes: 0 ok, 2 usage error."})
final class TargetsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private static String describe(Provisioner cache, Target t, int java) {
    try {
      SdkSpec s = SdkSpec.of(t, java);
      return s.knownMissing().map(why -> "none: " + why).orElseGet(() -> cache.cached(s)
          .map(p -> "cached (Debian " + s.suite() + ", Java " + java + ") in " + p)
          .orElse("fetched on first build (Debian " + s.suite() + ", Java " + java + ")"));
    } catch (HermitException e) {
      return e.getMessage();
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Integer> versions = SdkSpec.javaVersions();
    int lowest = versions.get(0);
    int running = Runtime.version().feature();
    Path root = Env.caches().sdk();
    Provisioner cache = new Provisioner(root, null, s -> { }, s -> { });
    for (Target t : Target.ALL) {
      String sdk;
      if (!Launchers.available(t)) {
        sdk = "-";
      } else if (t.isHost() && running == lowest) {
        sdk = "host (the JDK running hermit, or --jdk)";
      } else {
        sdk = describe(cache, t, lowest);
      }
      out.printf("%-14s launcher %-4s sdk %s%n", t.id(), Launchers.available(t) ? "yes" : "no", sdk);
      if (!Launchers.available(t)) {
        continue;
      }
      for (int java : versions.subList(1, versions.size())) { // other versions: only what is cached
        SdkSpec s = SdkSpec.of(t, java);
        cache.cached(s).ifPresent(p -> out.printf("%-14s %-13s sdk cached (Debian %s, Java %d) in %s%n", "",
            "java " + java, s.suite(), java, p));
      }
    }
    out.flush();
    return 0;
  }
}
