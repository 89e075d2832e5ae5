package dev.hermit.cli;

import dev.hermit.platform.Target;
import dev.hermit.pipeline.Provisioning;
import dev.hermit.provision.DebPackage;
import dev.hermit.provision.Provisioner;
import dev.hermit.provision.Sdk;
import dev.hermit.provision.SdkCache;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** hermit sdk list|fetch|prune: the cache of other platforms' JDKs and C libraries (docs/PROVISIONING.md). */
@Command(name = "sdk", mixinStandardHelpOptions = true,
    description = {"Manage the SDK cache: the JDKs and C libraries of other platforms, fetched from Debian's "
        + "archive for cross builds and kept in $HERMIT_SDK_DIR, else $XDG_CACHE_HOME/hermit/sdk, else "
        + "~/.cache/hermit/sdk."},
    subcommands = {SdkCommand.ListSdks.class, SdkCommand.Fetch.class, SdkCommand.Prune.class,
        CommandLine.HelpCommand.class},
    footer = {"",
        "Examples:",
        "  hermit sdk fetch linux/arm64 linux/s390x   # before going offline",
        "  hermit sdk list",
        "  hermit sdk prune --unused-days 7",
        "",
        "Exit codes: 0 ok, 1 failure, 2 usage error, 3 'sdk list' found a damaged SDK."})
final class SdkCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (list, fetch or prune)");
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = {"List each cached SDK: its platform, Debian suite, Java version, size, packages and whether "
          + "its files still match the hash recorded when it was unpacked (verified) or not (damaged: the next "
          + "build unpacks it again); then the downloads kept for the next package set (.deb files, and each "
          + "suite's Packages index)."},
      footer = {"",
          "Example:",
          "  hermit sdk list    # bookworm-arm64-8a18a73ed6  linux/arm64  Java 17 ...",
          "",
          "Exit codes: 0 ok, 2 usage error, 3 an SDK is damaged."})
  static final class ListSdks implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--no-verify", description = "do not hash the SDKs' files (faster; shows 'not checked')")
    boolean noVerify;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Path root = Env.caches().sdk();
      List<SdkCache.Entry> sdks = SdkCache.list(root, !noVerify);
      if (sdks.isEmpty()) {
        out.println("no SDKs cached in " + root);
        printDownloads(out, root);
        out.flush();
        return 0;
      }
      boolean damaged = false;
      out.println("SDK cache " + root + ":");
      for (SdkCache.Entry e : sdks) {
        String state = e.intact() == null ? "not checked" : e.intact() ? "verified" : "damaged";
        damaged |= Boolean.FALSE.equals(e.intact());
        out.printf("%s  %s  %s  Java %s  %.1f MB  %s  last used %s%n", e.dir().getFileName(),
            e.target().map(Target::id).orElse(e.archive() != null ? "?" : e.debianArch()),
            e.archive() != null ? "JDK archive " + e.archive() : "Debian " + e.suite(), e.java() == 0 ? "-" : e.java(),
            e.size() / 1e6, state, e.lastUsed().atOffset(ZoneOffset.UTC).toLocalDate());
        for (DebPackage p : e.packages()) {
          out.printf("    %s %s %s sha256:%s%n", p.name(), p.version(), p.arch(), p.sha256());
        }
      }
      printDownloads(out, root);
      out.flush();
      return damaged ? 3 : 0;
    }

    /** The downloads kept for the next package set, so that the cache's size adds up; nothing when there are none. */
    private static void printDownloads(PrintWriter out, Path root) {
      SdkCache.Downloads d = SdkCache.downloads(root);
      if (d.debs() > 0) {
        out.printf("kept: %d downloaded packages, %.1f MB, in %s (hermit sdk prune removes those no SDK uses)%n",
            d.debs(), d.debBytes() / 1e6, root.resolve("debs"));
      }
      if (!d.indexes().isEmpty()) {
        out.printf("kept: %d Packages %s, %.1f MB, in %s (%s)%n", d.indexes().size(),
            d.indexes().size() == 1 ? "index" : "indexes", d.indexBytes() / 1e6, root.resolve("indexes"),
            String.join(", ", d.indexes()));
      }
    }
  }

  @Command(name = "fetch", mixinStandardHelpOptions = true,
      description = {"Fetch and verify the SDK (the JDK of the Java running hermit, and the C library) for each "
          + "TARGET into the cache without building, as a build for that target would: from the cache when it is "
          + "there, else from Debian's archive."},
      footer = {"",
          "Examples:",
          "  hermit sdk fetch linux/arm64 linux/ppc64le",
          "  hermit sdk fetch linux/s390x --sdk-lock hermit-sdk.lock",
          "",
          "Exit codes: 0 ok, 1 a fetch failed (the message names the file; nothing",
          "half-made is kept), 2 usage error (an unknown TARGET: the message lists them)."})
  static final class Fetch implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "TARGET", description = "platforms, e.g. linux/arm64",
        completionCandidates = Targets.class)
    List<String> targets = new ArrayList<>();

    @Option(names = "--mirror", paramLabel = "URL",
        description = "the Debian archive (default: $HERMIT_DEBIAN_MIRROR, else the host's apt sources)")
    String mirror;

    @Option(names = "--sdk-lock", paramLabel = "FILE",
        description = "pin the packages: FILE is written for a target it does not pin yet, obeyed for one it does")
    Path sdkLock;

    @Option(names = {"-q", "--quiet"}, description = "print only warnings and errors, no progress")
    boolean quiet;

    @Option(names = "--stacktrace", description = "print the stack trace of an error (for bug reports)")
    boolean stacktrace;

    @Override
    public Integer call() {
      List<Target> parsed = new ArrayList<>();
      for (String t : targets) {
        try {
          parsed.add(Target.parse(t));
        } catch (dev.hermit.HermitException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      StepPrinter steps = new StepPrinter(spec.commandLine().getErr(), System.nanoTime(), quiet, false);
      String from = Env.mirror(mirror);
      int java = Runtime.version().feature();
      for (Target t : parsed) {
        if (t.isHost()) {
          out.println(t.id() + ": this host; its builds use the host's JDK and C library, nothing to fetch");
          continue;
        }
        Sdk sdk = Provisioning.fetch(Env.caches(), t, java, from, sdkLock, steps);
        Provisioner.release(sdk);
        out.printf("%s: Debian %s, Java %d, %d packages in %s%n", t.id(), sdk.suite(), java, sdk.packages().size(),
            sdk.root());
        out.flush();
      }
      return 0;
    }
  }

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = {"Delete from the SDK cache what builds no longer need: what killed builds left (half-made "
          + "trees, partial downloads), damaged SDKs, SDKs no build used for --unused-days, and downloaded .deb "
          + "files no remaining SDK was made from; with --all, everything. It waits for running builds to end "
          + "(they hold the cache's lock) and never deletes what one is using."},
      footer = {"",
          "Examples:",
          "  hermit sdk prune                   # SDKs unused for 30 days, leftovers",
          "  hermit sdk prune --all             # everything; builds fetch again",
          "",
          "Exit codes: 0 ok, 1 failure, 2 usage error."})
  static final class Prune implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--all", description = "delete every SDK and download")
    boolean all;

    @Option(names = "--unused-days", paramLabel = "DAYS", defaultValue = "30",
        description = "delete SDKs no build used for this many days (default: ${DEFAULT-VALUE})")
    int unusedDays;

    @Override
    public Integer call() {
      if (unusedDays < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--unused-days must be 0 or more");
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Path root = Env.caches().sdk();
      SdkCache.Pruned pruned = SdkCache.prune(root, all, Duration.ofDays(unusedDays), () -> {
        err.println("hermit: waiting for the builds using " + root + " to end");
        err.flush();
      }, p -> {
        out.println("removed " + p);
        out.flush();
      });
      out.printf("freed %.1f MB in %s (%d removed)%n", pruned.bytes() / 1e6, root, pruned.removed().size());
      out.flush();
      return 0;
    }
  }
}
