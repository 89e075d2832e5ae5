package dev.hermit.pipeline;

import dev.hermit.IOFailureException;
import dev.hermit.JdkException;
import dev.hermit.TargetException;
import dev.hermit.Setting;
import dev.hermit.InputException;
import dev.hermit.CheckFailedException;
import dev.hermit.HermitException;
import dev.hermit.app.AppInput;
import dev.hermit.app.ClassVersions;
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
import dev.hermit.links.LinkCheck;
import dev.hermit.links.LinkReport;
import dev.hermit.libc.SystemLibraries;
import dev.hermit.payload.Manifest;
import dev.hermit.payload.PayloadWriter;
import dev.hermit.payload.Trailer;
import dev.hermit.payload.TreeBuilder;
import dev.hermit.pipeline.BuildEvent.Step;
import dev.hermit.platform.Target;
import dev.hermit.provision.Sdk;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * hermit build: inputs → modules → jlink → tree → one executable. The tree holds the runtime under {@code rt/} and
 * the app under {@code app/}; the launcher runs {@code rt/bin/java} on it (docs/FORMAT.md).
 */
public final class Pipeline {
  private Pipeline() {}

  public static BuildResult run(BuildRequest request, BuildListener events) {
    StepClock listener = new StepClock(events);
    BuildResult result = build(request, listener);
    listener.finish();
    return result;
  }

  private static BuildResult build(BuildRequest request, BuildListener listener) {
    Target target = request.target();
    if (target == null) {
      throw new TargetException("this host is not a platform hermit knows; name the target platform", Setting.TARGET,
          null);
    }
    byte[] launcher = Launchers.forTarget(target);
    Sdk sdk = Provisioning.sdkFor(request, target, listener);
    Path sysroot = sdk != null ? sdk.root() : request.sysroot();
    Jdk jdk = preflight(request, target, sdk);
    Path work = null;
    try {
      work = request.tempDirectory() == null ? Files.createTempDirectory("hermit-build-")
          : Files.createTempDirectory(Files.createDirectories(request.tempDirectory()), "hermit-build-");
      listener.step(Step.RESOLVING_INPUTS, "resolving inputs");
      AppInput app = new InputResolver(work, Math.min(jdk.featureVersion(), Runtime.version().feature()), listener::warn)
          .resolve(request.input(), request.mainClass(), request.classPath());
      listener.detail("main class " + app.mainClass() + (app.launchJar() != null ? ", run as java -jar " + app.launchJar() : ""));
      ClassVersions.requireLoadable(app.classPath(), app.mainClass(), jdk.featureVersion(), listener::warn);
      if (request.natives() == NativeMode.NONE) {
        AppNatives.refuseAny(app, listener);
      }

      listener.step(Step.CHOOSING_MODULES, "choosing JDK modules");
      ModuleDecision modules = new ModuleAnalyzer(jdk, work).decide(app, request.modules(), request.addModules());
      modules.reasons().forEach(listener::detail);
      listener.detail("modules: " + String.join(",", modules.modules()));

      listener.step(Step.LINKING_RUNTIME, "linking a runtime with " + modules.modules().size() + " modules from " + jdk);
      Path image = work.resolve("rt");
      JLinkCache.link(jdk, target, modules.modules(), image, request.cds());
      checkLinks(request, app, jdk, image, listener);

      RuntimeTree runtime = runtimeTree(request, target, image, listener, sysroot);
      AppNatives.Outcome natives = AppNatives.decide(request.natives(), app, image, runtime, sysroot, work,
          listener);
      app = natives.app();
      runtime = natives.runtime();
      TreeBuilder tree = new TreeBuilder();
      runtime.addTo(tree, image, launcher);
      String cacerts = Trust.addTo(tree, request.cacerts());
      for (Map.Entry<Path, String> f : app.files().entrySet()) {
        if (Files.isDirectory(f.getKey())) {
          tree.tree(f.getValue(), f.getKey());
        } else {
          tree.file(f.getValue(), f.getKey());
        }
      }
      Manifest manifest = manifest(app, runtime.start(Manifest.ROOT + "/rt"), request.jvmOptions(),
          BuildInfos.of(target, jdk, app, modules, request.jvmOptions(), request.codec(), runtime, cacerts, sdk)
              .toJson());

      Path output = outputPath(request, app);
      listener.step(Step.PACKING, String.format("packing %.1f MB with %s into %s", tree.contentSize() / 1e6,
          request.codec().name().toLowerCase(java.util.Locale.ROOT), output));
      Trailer trailer = writeExecutable(output, launcher, manifest, tree, request, listener);
      long size = Files.size(output);
      return new BuildResult(output, size, target, modules, trailer.sha256Hex());
    } catch (IOException e) {
      throw new IOFailureException(describe(e), e instanceof FileSystemException f && f.getFile() != null
          ? Path.of(f.getFile()) : null, e);
    } finally {
      deleteTree(work);
    }
  }

  /** What can be refused before any work: --cds for another platform, a JDK that is not for the target. */
  private static Jdk preflight(BuildRequest request, Target target, Sdk sdk) {
    if (request.cds() && !target.isHost()) {
      throw new TargetException("a class-data-sharing archive needs a build for this host's platform ("
          + Target.host().map(Target::id).orElse("unknown") + "): jlink dumps the archive by running the linked JVM, "
          + "and " + target.id() + " cannot run here", Setting.CDS, target.id());
    }
    Jdk jdk = sdk != null ? Jdk.at(sdk.jdk()) : chooseJdk(request);
    if (jdk.target().isEmpty() || !jdk.target().get().equals(target)) {
      throw new JdkException("the JDK at " + jdk.home() + " is for " + jdk.describeTarget() + ", not " + target.id()
          + (jdk.target().isPresent() ? "; build for " + jdk.target().get().id() + " or give a JDK for " + target.id()
          : ""), jdk.home());
    }
    return jdk;
  }

  /** The link check (docs/LINKS.md): a warning by default, as guarded probes for newer APIs are common. */
  private static void checkLinks(BuildRequest request, AppInput app, Jdk jdk, Path image, BuildListener listener) {
    listener.step(Step.CHECKING_LINKS, "checking the app's references into the runtime");
    LinkReport links = LinkCheck.run(app.classPath(), jdk, image);
    listener.detail(links.classesChecked() + " app classes checked against the runtime's classes, read from "
        + links.runtimeSource());
    if (links.isEmpty()) {
      return;
    }
    links.summary(5).forEach(listener::warn);
    links.details().forEach(listener::detail);
    if (request.strictLinks()) {
      throw new CheckFailedException("link check: " + links.headline() + " (the build was asked to fail on these)",
          Setting.STRICT_LINKS);
    }
  }

  static Manifest manifest(AppInput app, RuntimeTree.Start start, List<String> jvmOptions, String info) {
    List<String> args = new ArrayList<>(start.prefix());
    args.add("-Dhermit.executable=" + Manifest.EXE);
    args.add("-Djava.io.tmpdir=" + Manifest.TMP);
    args.addAll(jvmOptions);
    if (app.launchJar() != null) {
      args.add("-jar");
      args.add(Manifest.ROOT + "/" + app.launchJar());
    } else {
      args.add("-cp");
      args.add(String.join(":", app.treeClassPath().stream().map(p -> Manifest.ROOT + "/" + p).toList()));
      args.add(app.mainClass());
    }
    return new Manifest(start.exec(), args, start.env(), info);
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

  private static Jdk chooseJdk(BuildRequest request) {
    if (request.jdk() != null) {
      return Jdk.at(request.jdk());
    }
    return Jdk.running(); // no environment variable is read here: a long-lived daemon must build as the CLI does
  }

  private static Path outputPath(BuildRequest request, AppInput app) {
    Path out = request.output() != null ? request.output() : Path.of(app.name());
    out = out.toAbsolutePath().normalize();
    if (Files.isDirectory(out)) {
      throw new InputException("output " + out + " is a directory: name a file", Setting.OUTPUT, out);
    }
    if (out.getParent() != null && !Files.isDirectory(out.getParent())) {
      throw new InputException("the directory for output " + out + " does not exist", Setting.OUTPUT, out);
    }
    return out;
  }

  /** Writes next to the output and renames into place, so a failed build never leaves a half-written file. */
  private static Trailer writeExecutable(Path output, byte[] launcher, Manifest manifest, TreeBuilder tree,
      BuildRequest request, BuildListener listener) throws IOException {
    Path tmp = Files.createTempFile(output.getParent(), "." + output.getFileName() + ".", ".tmp");
    boolean done = false;
    try {
      Trailer trailer;
      try (OutputStream out = new BufferedOutputStream(new ProgressStream(Files.newOutputStream(tmp), listener),
          1 << 16)) {
        out.write(launcher);
        trailer = PayloadWriter.write(out, manifest, tree.entries(), request.codec());
      }
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      done = true;
      return trailer;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
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

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // A leftover scratch directory under the system temp dir is harmless.
    }
  }
}
