package dev.hermit.pipeline;

import dev.hermit.FileTrees;
import dev.hermit.IOFailureException;
import dev.hermit.JdkException;
import dev.hermit.HermitException;
import dev.hermit.TargetException;
import dev.hermit.Setting;
import dev.hermit.InputException;
import dev.hermit.CheckFailedException;
import dev.hermit.app.AppInput;
import dev.hermit.app.AppTime;
import dev.hermit.app.ClassVersions;
import dev.hermit.app.EntryClasses;
import dev.hermit.app.InputResolver;
import dev.hermit.app.ModuleAnalyzer;
import dev.hermit.app.ModuleDecision;
import dev.hermit.app.NativeMode;
import dev.hermit.jdk.JLink;
import dev.hermit.jdk.JLinkCache;
import dev.hermit.jdk.Jdk;
import dev.hermit.launcher.Launchers;
import dev.hermit.binary.elf.ElfReader;
import dev.hermit.libc.Fonts;
import dev.hermit.libc.LibcMode;
import dev.hermit.libc.Locales;
import dev.hermit.links.AppClasses;
import dev.hermit.links.LinkCheck;
import dev.hermit.links.LinkReport;
import dev.hermit.libc.SystemLibraries;
import dev.hermit.payload.Codec;
import dev.hermit.payload.Packing;
import dev.hermit.payload.Manifest;
import dev.hermit.payload.FrameCache;
import dev.hermit.payload.PayloadWriter;
import dev.hermit.payload.TreeBuilder;
import dev.hermit.pipeline.BuildEvent.Step;
import dev.hermit.platform.Target;
import dev.hermit.provision.JdkArchive;
import dev.hermit.provision.Provisioner;
import dev.hermit.provision.Sdk;
import dev.hermit.provision.SdkSpec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.Set;
import java.util.stream.Stream;

/**
 * hermit build: inputs → modules → jlink → tree → one executable. The tree holds the runtime under {@code rt/} and
 * the app under {@code app/}; the launcher runs {@code rt/bin/java} on it (docs/FORMAT.md).
 */
public final class Pipeline {
  private Pipeline() {}

  public static BuildResult run(BuildRequest request, BuildListener events) {
    StepClock listener = new StepClock(events);
    BuildResult result;
    try {
      result = build(request, listener);
    } catch (HermitException | java.io.UncheckedIOException e) {
      throw interruptedOr(e);
    }
    listener.finish();
    return result;
  }

  /**
   * An interrupted build thread meets a file channel closed under it, which the JDK says with no message
   * ("cannot read the runtime image: null"): an interrupted build says that it was interrupted.
   */
  private static RuntimeException interruptedOr(RuntimeException e) {
    if (Thread.currentThread().isInterrupted()) { // the channel's exception sets it; not every wrapper keeps a cause
      return new HermitException("the build was interrupted", e);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.channels.ClosedByInterruptException || t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        return new HermitException("the build was interrupted", e);
      }
    }
    return e;
  }

  private static BuildResult build(BuildRequest request, BuildListener listener) {
    Target target = request.target();
    if (target == null) {
      throw new TargetException("this host is not a platform hermit knows; name the target platform", Setting.TARGET,
          null);
    }
    byte[] launcher = Launchers.forTarget(target);
    refuseCdsElsewhere(request, target);
    Path unpacked = null;
    Held held = new Held();
    try {
      if (request.jdk() != null && Files.isRegularFile(request.jdk())) {
        unpacked = JdkArchive.unpack(request.caches().sdk(), request.jdk(), request.jdkSha256(),
            what -> listener.step(Step.PROVISIONING, what));
      } else if (request.jdkSha256() != null) {
        throw new InputException("a JDK SHA-256 is for a JDK given as an archive (.tar.gz, .tgz, .zip), not "
            + (request.jdk() == null ? "for the JDK running hermit" : "for the directory " + request.jdk()),
            Setting.JDK_SHA256, request.jdkSha256());
      }
      Jdk given = unpacked != null ? Jdk.at(unpacked) : request.jdk() != null ? Jdk.at(request.jdk()) : null;
      return run(request, listener, target, launcher, given, held);
    } finally {
      held.sdks.forEach(Provisioner::release); // a prune of the SDK cache waits for these
      if (unpacked != null) {
        JdkArchive.release(request.caches().sdk());
      }
    }
  }

  /** The SDKs a build has taken from the cache, released when it ends. */
  private static final class Held {
    final List<Sdk> sdks = new ArrayList<>();

    Sdk add(Sdk sdk) {
      if (sdk != null) {
        sdks.add(sdk);
      }
      return sdk;
    }
  }

  private static BuildResult run(BuildRequest request, BuildListener listener, Target target, byte[] launcher,
      Jdk given, Held held) {
    Path work = null;
    if (request.output() != null) {
      outputPath(request, null); // a named output that cannot be written says so before seconds of work
    }
    try {
      work = request.tempDirectory() == null ? Files.createTempDirectory("hermit-build-")
          : Files.createTempDirectory(Files.createDirectories(request.tempDirectory()), "hermit-build-");
      dev.hermit.StopCleanup.scratch(work); // a build stopped by a signal deletes it too
      listener.step(Step.RESOLVING_INPUTS, "resolving inputs");
      int release = request.java() != null ? request.java() : given != null ? given.featureVersion()
          : SdkSpec.javaVersions().get(0);
      boolean releaseGiven = request.java() != null || given != null;
      AppInput app = new InputResolver(work, release, listener::warn,
          v -> Provisioning.javacFor(v, request, listener, held::add)).details(listener::detail)
          .raisingTo(releaseGiven ? List.of() : SdkSpec.javaVersions())
          .resolve(request.input(), request.mainClass(), request.classPath(), request.jvmOptions());
      listener.detail("main class " + app.mainClass() + (app.launchJar() != null ? ", run as java -jar " + app.launchJar() : ""));
      Path output = outputPath(request, app);
      refuseOutputOverInput(output, request.input(), app);
      // the app's own options (a distribution's start scripts) first: the user's -J come after and win
      List<String> options = new ArrayList<>(app.jvmOptions());
      options.addAll(request.jvmOptions());
      JvmOptionFiles.Result carried = JvmOptionFiles.carry(options, app, listener);
      app = carried.app();
      List<String> jvmOptions = carried.options();
      // Each read of the app's classes inflates every one of them: these are read once and asked again
      ClassVersions.Headers headers = ClassVersions.Headers.read(app.classPath(), app.module() != null);
      IntFunction<AppClasses> appClasses = AppClasses.reader(app.classPath());
      List<String> entries = EntryClasses.of(app); // the main class, and what its launcher loads by name
      JavaChoice choice = JavaChoice.choose(request, given, entries, headers, target);
      boolean automatic = request.java() == null && given == null;
      Sdk sdk = held.add(Provisioning.sdkFor(request, target, choice.version(), listener));
      Jdk jdk = jdkFor(request, target, sdk, given, choice.version());
      if (automatic) {
        JavaChoice raised = JavaChoice.raiseForLinks(choice, entries, appClasses, jdk,
            v -> Provisioning.classesOf(v, target, request, listener, held::add), listener);
        if (raised.version() != choice.version()) {
          choice = raised;
          sdk = held.add(Provisioning.sdkFor(request, target, choice.version(), listener));
          jdk = jdkFor(request, target, sdk, given, choice.version());
        }
      }
      if (automatic && choice.version() != SdkSpec.javaVersions().get(0)) {
        listener.step(Step.RESOLVING_INPUTS, "Java " + choice.version() + ": " + choice.reason());
      } else {
        listener.detail("Java " + choice.version() + ": " + choice.reason());
      }
      Path sysroot = sdk != null ? sdk.root() : request.sysroot();
      JLink.Tool jlink = Provisioning.jlinkFor(jdk, sdk, target, request, listener, held::add);
      try {
        ClassVersions.requireLoadable(headers, entries, jdk.featureVersion(), listener::warn);
        headers.ignoredVersionedClasses(jdk.featureVersion()).forEach(listener::warn);
      } catch (ClassVersions.TooNewException e) {
        if (request.java() == null || given != null) {
          throw e;
        }
        // the version was asked for, not chosen (--java, or HERMIT_JAVA left in the environment): say so, and that
        // asking for another one (or none) is the way out, not a JDK
        int needs = e.offender().javaVersion();
        throw new InputException(e.getMessage().replaceFirst(": link with a JDK .*$", "") + ", as --java (or "
            + "HERMIT_JAVA) asks: give --java " + needs + (e.offender().minor() == 0xFFFF ? "" : " or newer")
            + ", or leave it out and hermit takes the lowest Java that loads the app's classes", Setting.JAVA,
            String.valueOf(request.java()));
      }
      jvmOptions = PreviewFeatures.enable(headers, jdk.featureVersion(), jvmOptions, listener);
      if (request.natives() == NativeMode.NONE) {
        AppNatives.refuseAny(app, listener);
      }

      listener.step(Step.CHOOSING_MODULES, "choosing JDK modules");
      LocaleData locales = LocaleData.of(request.locales());
      Set<String> addModules = new java.util.LinkedHashSet<>(request.addModules());
      if (locales.requested()) {
        addModules.add(LocaleData.MODULE);
      }
      addModules.addAll(ModulesFor.agentModules(request.modulesFor(), listener));
      ModuleDecision modules = new ModuleAnalyzer(jdk, work).decide(ModulesFor.analysed(app, request.modulesFor()),
          request.modules(), addModules, jvmOptions);
      modules.reasons().forEach(listener::detail);
      modules.warnings().forEach(listener::warn);
      if (!modules.notRoots().isEmpty()) {
        String names = String.join(",", modules.notRoots());
        listener.detail("JVM option --add-modules=" + names + ": the app uses " + names + ", which java resolves "
            + "only when a module that needs it is resolved (a full JDK's jdk.attach)");
        jvmOptions = new ArrayList<>(jvmOptions);
        jvmOptions.add("--add-modules=" + names);
      }
      listener.detail("modules: " + String.join(",", modules.modules()));
      LauncherJars.warnOfJarsLeftBehind(app, modules.launcher(), listener);
      app = dev.hermit.app.ClassPathRelinker.relativize(app, work.resolve("class-path"), listener::warn,
          listener::detail);
      locales.uncoveredWarning(modules.namedLocales()).ifPresent(listener::warn);
      if (!locales.forJlink().isEmpty()) {
        listener.detail("locales: English and " + String.join(",", locales.forJlink()) + " (--locales; the rest of "
            + LocaleData.MODULE + " is left out)");
      }
      if (sdk != null && modules.modules().contains("java.desktop")) {
        // the JDK's jmods stay the base SDK's; the C library, its neighbours and the fonts come from this one
        sdk = held.add(Provisioning.withDesktop(sdk, target, choice.version(), request, listener));
        sysroot = sdk.root();
      }

      int count = modules.modules().size();
      listener.step(Step.LINKING_RUNTIME, "linking a runtime with " + count + (count == 1 ? " module" : " modules")
          + wholePlatform(modules) + " from " + jdk);
      Optional<String> symbolReader = request.keepSymbols() ? Optional.empty() : StripSymbols.readerIn(app,
          request.modulesFor());
      boolean strip = !request.keepSymbols() && symbolReader.isEmpty();
      JLinkCache.Linked linked = JLinkCache.link(jdk, target, modules.modules(), locales.forJlink(), work.resolve("rt"),
          request.cds() == CdsMode.BUILD, request.caches().jlink(), jlink, RuntimeFinish.of(strip,
              request.libc() == LibcMode.BUNDLED ? Launchers.cxxRuntime(target) : null), request.jdkLineNumbers());
      linked.cacheProblem().ifPresent(why -> listener.warn("the linked-runtime cache " + request.caches().jlink()
          + " cannot be written (" + why + "): every build links again; point HERMIT_JLINK_CACHE at a writable "
          + "directory, or set it to off"));
      // the runtime as linked: in the jlink cache's entry (read, never written) or in the build's scratch directory
      Path image = linked.image();
      JLink.zeroVmWarning(image, target, jdk).ifPresent(listener::warn);
      if (symbolReader.isPresent()) {
        listener.detail("kept the runtime's static symbol tables: the app's " + symbolReader.get() + " reads them");
      } else if (strip) {
        listener.detail(String.format("took %.1f MB of static symbol tables out of the runtime's natives",
            linked.finished() / 1e6));
      }
      checkLinks(request, target, appClasses.apply(jdk.featureVersion()), jdk, image, listener);

      RuntimeTree runtime;
      for (int round = 1; ; round++) {
        try {
          runtime = runtimeTree(request, target, image, listener, sysroot);
          break;
        } catch (SystemLibraries.Missing e) {
          // the runtime's own natives may need more than the base SDK has (java.smartcardio's libj2pcsc.so needs
          // libpcsclite.so.1): a fetched SDK grows by the packages that ship them, as for the app's natives
          Sdk more = sdk == null || round > ROUNDS ? null : Provisioning.withLibraries(sdk, target, choice.version(),
              e.sonames(), "the runtime's libraries need ", request, listener);
          if (more == null) {
            throw sdk != null ? e : new TargetException(e.getMessage() + ". On Debian, install "
                + AppNatives.packages(e.sonames()), Setting.SYSROOT, "/");
          }
          sdk = held.add(more);
          sysroot = sdk.root();
        }
      }
      AppNatives.Outcome natives;
      for (int round = 1; ; round++) {
        // a round's details and warnings are said once, by the round that decides: a retried one repeats them
        List<BuildEvent> said = new ArrayList<>();
        BuildListener roundListener = ev -> {
          if (ev instanceof BuildEvent.Detail || ev instanceof BuildEvent.Warning) {
            said.add(ev);
          } else {
            listener.event(ev);
          }
        };
        try {
          natives = AppNatives.decide(request.natives(), app, image, runtime, sysroot, work, request.allowMissing(),
              roundListener);
          natives = natives.withRuntime(
              RequestedLibraries.add(withHostJni(request, target, modules, natives, roundListener),
                  natives.runtime(), sysroot, target.isHost() && request.sysroot() == null, roundListener)
                  .withFontsForFontconfig(sysroot, roundListener));
          if (UnboundSymbols.wantsLibatomic(natives.loaded(), natives.runtime(), image)) {
            try {
              // its own line comes when it is preloaded, not RequestedLibraries' "as asked (--bundle-library)"
              BuildListener noDetails = ev -> {
                if (!(ev instanceof BuildEvent.Detail)) {
                  roundListener.event(ev);
                }
              };
              natives = natives.withRuntime(RequestedLibraries.add(Set.of(UnboundSymbols.LIBATOMIC),
                  natives.runtime(), sysroot, target.isHost() && request.sysroot() == null, noDetails));
            } catch (AppNatives.MissingLibraries e) {
              if (sdk != null) {
                throw e; // a fetched SDK grows by Debian's libatomic1
              } // this machine or a sysroot without it: the native's symbols are named as unbound (UnboundSymbols)
            }
          }
          said.forEach(listener::event);
          break;
        } catch (AppNatives.MissingLibraries e) {
          // a fetched SDK gets the packages of what the natives need (and of what those need: a round per level)
          Sdk more;
          try {
            more = sdk == null || round > ROUNDS ? null
                : Provisioning.withLibraries(sdk, target, choice.version(), e.sonames(), null, request, listener);
          } catch (HermitException notInDebian) {
            said.forEach(listener::event);
            throw notInDebian(notInDebian, e);
          }
          if (more == null) {
            said.forEach(listener::event);
            throw e;
          }
          sdk = held.add(more);
          sysroot = sdk.root();
          runtime = runtimeTree(request, target, image, listener, sysroot);
          FileTrees.deleteQuietly(work.resolve("natives"));
        }
      }
      app = natives.app();
      runtime = JnaSearchPath.withGlibcStubs(app, natives.runtime(), sysroot, listener);
      runtime = JnaSearchPath.withDispatch(natives.loaded(), runtime, work, listener);
      runtime = CxxNatives.add(natives.loaded(), runtime, image, sysroot, target, listener);
      runtime = UnboundSymbols.check(natives.loaded(), runtime, image, sysroot, listener);
      TreeBuilder tree = new TreeBuilder();
      runtime.addTo(tree, image, launcher);
      // the trust java has on this machine: a host build's JDK (a cross build's is another platform's)
      String cacerts = Trust.addTo(tree, request.cacerts(), image, target.isHost() ? jdk.home() : null,
          modules.usesTls(), jvmOptions, listener);
      for (Map.Entry<Path, String> f : app.files().entrySet()) {
        if (Files.isDirectory(f.getKey())) {
          ClassPathDirectories.addTo(tree, f.getValue(), f.getKey(), output, listener);
        } else {
          tree.file(f.getValue(), f.getKey());
        }
      }
      jvmOptions = JnaSearchPath.add(app, runtime, jvmOptions, listener);
      jvmOptions = LibrarySearchPath.add(runtime, app, jvmOptions, listener);
      jvmOptions = SqliteArch.add(app, target, jvmOptions, listener);
      jvmOptions = ArmAbi.add(target, jvmOptions, listener);
      RuntimeTree.Start start = LibcProbes.add(app, runtime, runtime.start(Manifest.ROOT + "/rt"), listener);
      CdsMode cds = request.cds();
      Optional<Path> classDirectory = cds == CdsMode.AUTO ? classDirectory(app) : Optional.empty();
      if (cds != CdsMode.OFF && app.module() != null) {
        // the launcher's archive, and a build's, are of the class path
        String why = "class-data sharing: none, as the app runs as a module (--module " + app.module() + ")";
        if (cds == CdsMode.BUILD) {
          listener.warn(why);
        } else {
          listener.detail(why);
        }
        cds = CdsMode.OFF;
      } else if (classDirectory.isPresent()) {
        // the JVM refuses to dump ("Cannot have non-empty directory in paths"): every first run's dump would fail
        cds = CdsMode.OFF;
        listener.detail("class-data sharing: none, as the class path holds the directory " + classDirectory.get()
            + ", which the JVM cannot archive (give its classes as a jar to have an archive)");
      }
      // the app's build time for every extracted file (AppTime): none when its jars record none
      long appTime = AppTime.of(app.files().keySet()).orElse(-1);
      AppTime.future(appTime, System.currentTimeMillis() / 1000).ifPresent(listener::warn);
      Manifest manifest = manifest(app, start, jvmOptions, cds, jdk.featureVersion(), appTime,
          BuildInfos.of(target, jdk, choice, app, modules, locales.forJlink(), jvmOptions, request.codec(),
              request.packing(), runtime,
              cacerts, sdk, cds).toJson());

      listener.step(Step.PACKING, String.format("packing %.1f MB with %s into %s", tree.contentSize() / 1e6,
          request.codec().name().toLowerCase(java.util.Locale.ROOT), output));
      PayloadWriter.Packed packed = writeExecutable(output, launcher, manifest, tree, request, listener);
      long size = Files.size(output);
      SizeReport sizes = new SizeReport(packed.parts(), SizeReport.nativesInJars(app.files()));
      return new BuildResult(output, size, target, modules, packed.trailer().sha256Hex(), sizes);
    } catch (IOException e) {
      throw new IOFailureException(describe(e), e instanceof FileSystemException f && f.getFile() != null
          ? Path.of(f.getFile()) : null, e);
    } finally {
      FileTrees.deleteQuietly(work); // a leftover scratch directory is harmless
      if (work != null) {
        dev.hermit.StopCleanup.done(work);
      }
    }
  }

  /**
   * The libraries to bundle: those asked for, and, for a build for this machine, the JNI libraries of its JNI
   * directories that the app loads by name (ModuleDecision#hostJni) and carries no copy of, as java finds them
   * there. A cross build takes none: the target's are another machine's, and its jars carry theirs.
   */
  private static Set<String> withHostJni(BuildRequest request, Target target, ModuleDecision modules,
      AppNatives.Outcome natives, BuildListener listener) {
    if (modules.hostJni().isEmpty() || request.natives() == NativeMode.NONE || natives.runtime().libraries() == null
        || !target.isHost() || request.sysroot() != null) {
      return request.bundleLibraries();
    }
    Set<String> carried = new java.util.HashSet<>();
    natives.loaded().forEach(l -> carried.add(l.library().fileName()));
    Set<String> all = new java.util.LinkedHashSet<>(request.bundleLibraries());
    modules.hostJni().forEach((name, lib) -> {
      String file = lib.getFileName().toString();
      if (!carried.contains(file) && request.bundleLibraries().stream().noneMatch(b -> b.endsWith("/" + file))) {
        all.add(lib.toString());
        listener.detail("bundled " + lib + ": the app loads " + name + " by name, which java finds there, in "
            + "this machine's JNI directory (Debian keeps such libraries apart from their jars)");
      }
    });
    return all;
  }

  /**
   * Debian has no package of a library the app's natives need (pigpio, which Raspberry Pi users build from source):
   * Debian's answer alone named no way out. What needs it, and the two ways on: the library from the target at run
   * time, or a sysroot that has it.
   */
  private static TargetException notInDebian(HermitException debian, AppNatives.MissingLibraries e) {
    String sonames = String.join(",", new java.util.TreeSet<>(e.sonames()));
    boolean asked = e.setting().orElse(null) == Setting.BUNDLE_LIBRARIES;
    return new TargetException(debian.getMessage() + ": " + e.needs() + ". "
        + (asked ? "" : "Where the target has it (installed there from elsewhere) or the app does without it, build"
            + " with --allow-missing " + sonames + " (the native then loads only where the library is); or ")
        + (asked ? "G" : "g") + "ive a --sysroot of the target that has it", asked ? Setting.BUNDLE_LIBRARIES
        : Setting.SYSROOT, sonames);
  }

  /**
   * How many times an SDK grows by the packages of libraries it lacks, one level of a dependency chain each:
   * libcurl's is six deep for an arm64 build (libcurl, GnuTLS, p11-kit, libffi...).
   */
  private static final int ROUNDS = 12;

  /** --cds=build for another platform is refused before any work: jlink dumps the archive by running the linked JVM. */
  private static void refuseCdsElsewhere(BuildRequest request, Target target) {
    if (request.cds() == CdsMode.BUILD && !target.isHost()) {
      throw new TargetException("a class-data-sharing archive made at build time needs a build for this host's "
          + "platform (" + Target.host().map(Target::id).orElse("unknown") + "): jlink dumps the archive by running "
          + "the linked JVM, and " + target.id() + " cannot run here", Setting.CDS, target.id());
    }
  }

  /** The JDK to link from: the SDK's, the one given, else one here of the chosen version; it must be for the target. */
  private static Jdk jdkFor(BuildRequest request, Target target, Sdk sdk, Jdk given, int java) {
    Jdk jdk = sdk != null ? Jdk.at(sdk.jdk()) : given != null ? given : Provisioning.localJdk(request, java);
    if (jdk == null) { // a build for another platform with --sysroot but no --jdk
      jdk = Jdk.running();
    }
    if (jdk.target().isEmpty() || !jdk.target().get().equals(target)) {
      throw new JdkException("the JDK " + (request.jdk() != null && Files.isRegularFile(request.jdk())
          ? "archive " + request.jdk() : "at " + jdk.home()) + " is for " + jdk.describeTarget() + ", not "
          + target.id() + (jdk.target().isPresent() ? "; build for " + jdk.target().get().id() + " or give a JDK for "
          + target.id() : ""), jdk.home());
    }
    return jdk;
  }

  /** The link check (docs/LINKS.md): a warning by default, as guarded probes for newer APIs are common. */
  private static void checkLinks(BuildRequest request, Target target, AppClasses app, Jdk jdk, Path image,
      BuildListener listener) {
    listener.step(Step.CHECKING_LINKS, "checking the app's references into the runtime");
    LinkReport links = LinkCheck.run(app, jdk, image);
    listener.detail(links.classesChecked() + " app classes checked against the runtime's classes, read from "
        + links.runtimeSource());
    if (links.isEmpty()) {
      return;
    }
    if (!links.notInJdk().isEmpty()) { // which newer Java has them: only JDKs at hand, nothing is fetched for this
      List<Jdk> newer = SdkSpec.javaVersions().stream().filter(v -> v > jdk.featureVersion())
          .map(v -> Provisioning.atHand(v, target, request)).filter(java.util.Objects::nonNull).toList();
      links = LinkCheck.firstVersions(links, newer);
      listener.detail(newer.isEmpty() ? "no newer JDK at hand to say which Java version has them"
          : "looked for them in " + String.join(", ", newer.stream().map(j -> "Java " + j.featureVersion() + " ("
              + j.home() + ")").toList()));
    }
    links.summary(5).forEach(listener::warn);
    links.details().forEach(listener::detail);
    if (request.strictLinks()) {
      throw new CheckFailedException("link check: " + links.headline() + " (the build was asked to fail on these)",
          Setting.STRICT_LINKS);
    }
  }

  /** A directory with files in it on the app's class path, which a CDS dump refuses; empty ones it allows. */
  static Optional<Path> classDirectory(AppInput app) throws IOException {
    for (Path p : app.classPath()) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          if (s.findAny().isPresent()) {
            return Optional.of(p);
          }
        }
      }
    }
    return Optional.empty();
  }

  static Manifest manifest(AppInput app, RuntimeTree.Start start, List<String> jvmOptions, CdsMode cds, int java,
      long appTime, String info) {
    List<String> args = new ArrayList<>(start.prefix());
    boolean bundledLibc = start.env().stream().anyMatch(e -> e.startsWith("LOCPATH="));
    if (bundledLibc) {
      // The bundled C library has C.UTF-8 only, which Java takes for English: the launcher gives it the language
      // and country of the locale the environment asks for instead, as a JDK on a host with that locale has.
      args.add("-Duser.language=" + Manifest.LANGUAGE);
      args.add("-Duser.country=" + Manifest.COUNTRY);
      args.add("-Duser.script=" + Manifest.SCRIPT); // left out unless the locale names one (sr_RS.UTF-8@latin)
      // numbers and dates in LC_CTYPE's locale where it differs from LC_MESSAGES' (the launcher leaves these out
      // when it does not), as a JDK reads them
      args.add("-Duser.language.format=" + Manifest.FORMAT_LANGUAGE);
      args.add("-Duser.country.format=" + Manifest.FORMAT_COUNTRY);
      args.add("-Duser.script.format=" + Manifest.FORMAT_SCRIPT);
    }
    args.add("-Dhermit.executable=" + Manifest.EXE);
    args.add("-Djava.io.tmpdir=" + Manifest.TMP);
    int cdsAt = args.size(); // before the user's options, so that theirs (-Xshare:off, an archive) win
    args.addAll(jvmOptions);
    if (app.launchJar() != null) {
      args.add("-jar");
      args.add(Manifest.ROOT + "/" + app.launchJar());
    } else if (app.module() != null) {
      args.add("--module-path");
      args.add(String.join(":", app.treeClassPath().stream().map(p -> Manifest.ROOT + "/" + p).toList()));
      args.add("--module");
      args.add(app.module());
    } else {
      args.add("-cp");
      args.add(String.join(":", app.treeClassPath().stream().map(p -> Manifest.ROOT + "/" + p).toList()));
      args.add(app.mainClass());
    }
    Manifest m = new Manifest(start.exec(), args, start.env(), info);
    if (bundledLibc && java < 21) {
      // Java 17 takes user.home from the user database alone: with no entry for the user (an empty root, an
      // arbitrary uid) it is "?", a relative path. The launcher gives HOME there, as Java 21 does by itself; before
      // the user's options, so that a -J-Duser.home wins. (The system's C library may find users elsewhere: LDAP.)
      m = m.withHome(Manifest.HOME_ENV, cdsAt);
    }
    m = m.withMtime(appTime);
    return cds == CdsMode.AUTO ? m.withCds(Manifest.CDS_STATIC, cdsAt) : m;
  }

  private static RuntimeTree runtimeTree(BuildRequest request, Target target, Path image, BuildListener listener,
      Path sysroot) throws IOException {
    if (request.libc() == LibcMode.SYSTEM) {
      return RuntimeTree.system();
    }
    if (sysroot == null) {
      if (!target.isHost()) {
        throw new TargetException("bundling the C library for " + target.id() + " needs a sysroot holding that "
            + "platform's C library (or a build that uses the target's C library)", Setting.SYSROOT, target.id());
      }
      sysroot = Path.of("/");
    }
    if (!Files.isDirectory(sysroot)) {
      throw new InputException("sysroot " + sysroot + " is not a directory", Setting.SYSROOT, sysroot);
    }
    listener.step(Step.BUNDLING_LIBC, "bundling the C library and loader from " + sysroot);
    SystemLibraries libs = SystemLibraries.collect(image, sysroot);
    listener.detail("loader " + libs.interpreter() + ", libraries: " + String.join(", ", libs.libraries().keySet()));
    Path locale = Locales.cUtf8(sysroot);
    if (locale == null) {
      listener.warn("no C.UTF-8 locale in " + sysroot + ": outside ASCII, arguments and file names will not work");
    }
    return RuntimeTree.bundled(libs, locale, fonts(image, sysroot, libs, listener));
  }

  /** Fonts when the runtime can draw text (java.desktop's font manager is in the image), else null. */
  private static Fonts fonts(Path image, Path sysroot, SystemLibraries libs, BuildListener listener)
      throws IOException {
    Path fontManager = image.resolve("lib/libfontmanager.so");
    if (!Files.isRegularFile(fontManager)) {
      return null;
    }
    Fonts.Lookup found = Fonts.find(sysroot, ElfReader.read(fontManager), libs.libraries().keySet());
    if (found.fonts().isEmpty()) {
      listener.warn("the runtime has java.desktop but " + found.missing() + ": drawing or measuring text will fail "
          + "where the target has no fonts (an empty root)");
      return null;
    }
    listener.detail("fonts for java.desktop: " + String.join(", ", found.fonts().get().faces().keySet())
        + ", with " + String.join(", ", found.fonts().get().libraries().keySet()));
    return found.fonts().get();
  }

  /**
   * An output that is one of the app's inputs (-o app.jar for app.jar, or a jar its Class-Path names) would be
   * renamed over it before the build reads it a last time: the jar was lost and the build failed ("zip END header
   * not found"). Refused before any work.
   */
  private static void refuseOutputOverInput(Path out, Path input, AppInput app) throws IOException {
    List<Path> inputs = new ArrayList<>(app.files().keySet());
    if (input != null) {
      inputs.add(input);
    }
    for (Path in : inputs) {
      Path abs = in.toAbsolutePath().normalize();
      if (abs.equals(out) || Files.exists(out) && Files.exists(abs) && Files.isSameFile(abs, out)) {
        throw new InputException("output " + out + " is " + (abs.equals(input == null ? null
            : input.toAbsolutePath().normalize()) ? "the input" : "one of the app's inputs") + ": writing it would "
            + "destroy " + in.getFileName() + "; name another output", Setting.OUTPUT, out);
      }
    }
  }

  /** The output's path: the request's, else named after the app ({@code app} may be null when the request names one). */
  private static Path outputPath(BuildRequest request, AppInput app) {
    Path out = request.output() != null ? request.output() : request.outputDirectory() != null
        ? request.outputDirectory().resolve(app.name() + "-" + request.target().fileName()) : Path.of(app.name());
    out = out.toAbsolutePath().normalize();
    if (Files.isDirectory(out)) {
      throw new InputException("output " + out + " is a directory: name a file", Setting.OUTPUT, out);
    }
    if (Files.exists(out) && !Files.isRegularFile(out)) { // the output is renamed over what is there
      throw new InputException("output " + out + " is not a regular file (a device, a pipe or a socket), which "
          + "the executable would replace: name a file", Setting.OUTPUT, out);
    }
    // missing directories are made when the output is written, as go build -o does; a file in their place is not
    for (Path dir = out.getParent(); dir != null && !Files.isDirectory(dir); dir = dir.getParent()) {
      if (Files.exists(dir)) {
        throw new InputException("cannot write output " + out + ": " + dir + " is not a directory", Setting.OUTPUT,
            out);
      }
    }
    return out;
  }

  /**
   * The runtime's compressed frames from earlier builds, kept in the jlink cache (and off with it). Not for
   * {@code --cds=build}: its archive differs from build to build, so its frames would only push out useful ones.
   */
  private static FrameCache frameCache(BuildRequest request, BuildListener listener) {
    Path dir = request.caches().jlink();
    if (dir == null || request.cds() == CdsMode.BUILD) {
      return null;
    }
    boolean[] told = {false};
    return new FrameCache(dir.resolve(".frames"), () -> {
      if (request.packing() == Packing.SMALL && request.codec() == Codec.ZSTD && !told[0]) {
        told[0] = true;
        listener.step(Step.PACKING, "compressing the runtime hard: once for this JDK, module set and target, "
            + "later builds take it from the cache (--pack=fast: quicker, about 15 % larger)");
      }
    });
  }

  /** Writes next to the output and renames into place, so a failed build never leaves a half-written file. */
  private static PayloadWriter.Packed writeExecutable(Path output, byte[] launcher, Manifest manifest, TreeBuilder tree,
      BuildRequest request, BuildListener listener) throws IOException {
    List<Path> made = new ArrayList<>(); // the output's missing directories, innermost first: gone again on a failure
    for (Path d = output.getParent(); d != null && !Files.exists(d, LinkOption.NOFOLLOW_LINKS); d = d.getParent()) {
      made.add(d);
    }
    Files.createDirectories(output.getParent());
    Path tmp = null;
    boolean done = false;
    try {
      tmp = Files.createTempFile(output.getParent(), "." + output.getFileName() + ".", ".tmp");
      dev.hermit.StopCleanup.writing(tmp); // a build stopped by a signal deletes it too
      PayloadWriter.Packed packed;
      try (OutputStream out = new BufferedOutputStream(new ProgressStream(Files.newOutputStream(tmp), listener),
          1 << 16)) {
        out.write(launcher);
        packed = PayloadWriter.write(out, manifest, tree.entries(), request.codec(), SizeReport::partOf,
            frameCache(request, listener), request.packing());
      }
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      done = true;
      return packed;
    } catch (IOException e) {
      if (e instanceof FileSystemException f && f.getFile() != null) {
        Path file = Path.of(f.getFile());
        if (!(output.getParent().equals(file.getParent())
            && file.getFileName().toString().startsWith("." + output.getFileName() + "."))) {
          throw e;
        }
        // the temporary file beside the output, which the user never sees: the output is named instead
      }
      // a failed write() names no file ("No space left on device"): the output is named, as the file at fault
      throw new IOFailureException("cannot write output " + output + ": " + reason(e), output, e);
    } finally {
      if (tmp != null) {
        dev.hermit.StopCleanup.done(tmp);
      }
      if (!done) {
        if (tmp != null) {
          Files.deleteIfExists(tmp);
        }
        for (Path d : made) {
          try {
            Files.deleteIfExists(d);
          } catch (IOException e) {
            break; // not empty: another process put something there
          }
        }
      }
    }
  }

  /** Why writing failed, without the file's name (the caller names the file the user knows). */
  private static String reason(IOException e) {
    if (e instanceof FileSystemException f) {
      return f.getReason() != null ? f.getReason() : e instanceof AccessDeniedException ? "permission denied"
          : e instanceof NoSuchFileException ? "cannot create files there" : e.getClass().getSimpleName();
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "file not found: " + e.getMessage();
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason() + ": " + f.getFile();
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }


  /**
   * Why the runtime holds all of Java SE, when a rule decided it rather than the request: the size table then shows
   * a runtime three times hello's, and without -v nothing said why (a compiler, a launcher, a script engine).
   */
  static String wholePlatform(ModuleDecision modules) {
    // the JDK's own modules beside Java SE's (a compiler's or a script engine's rule gives them too; -v says why)
    long others = modules.modules().stream().filter(m -> !m.startsWith("java.")).count();
    String what = others == 0 ? "all of Java SE" : "all of Java SE and " + others + " of the JDK's other modules";
    return modules.reasons().stream().filter(r -> r.startsWith("java.se: "))
        .map(r -> r.substring("java.se: ".length()).replaceFirst(", which may use any Java SE module$", ""))
        .filter(r -> !r.equals("in the given module set") && !r.equals("added by the request"))
        .map(r -> " (" + what + ": " + r + ")").findFirst().orElse("");
  }
}
