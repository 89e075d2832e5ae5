package dev.hermit.pipeline;

import dev.hermit.HermitException;
import dev.hermit.JdkException;
import dev.hermit.Setting;
import dev.hermit.TargetException;
import dev.hermit.jdk.JLink;
import dev.hermit.jdk.Jdk;
import dev.hermit.pipeline.BuildEvent.Step;
import dev.hermit.platform.Target;
import dev.hermit.provision.DebPackage;
import dev.hermit.provision.Provisioner;
import dev.hermit.provision.Sdk;
import dev.hermit.provision.SdkLock;
import dev.hermit.provision.SdkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Where the runtime's JDK and C library come from when the request names neither (the provision package): for
 * this host's platform, a JDK here of the chosen Java version (JAVA_HOME, else the one running hermit) with the
 * host's own C library; for another platform, or a version no JDK here has, Debian's packages for the target. And
 * which jlink links them: jlink must be of the runtime's feature version.
 */
public final class Provisioning {
  private Provisioning() {}

  /** A JDK on this host of that feature version: the request's host JDK, else the running one; null when neither is. */
  static Jdk localJdk(BuildRequest request, int java) {
    if (request.hostJdk() != null) {
      try {
        Jdk jdk = Jdk.at(request.hostJdk());
        if (jdk.featureVersion() == java) {
          return jdk;
        }
      } catch (HermitException e) {
        // Not a JDK: the running one may still do.
      }
    }
    Jdk running = Jdk.running();
    return running.featureVersion() == java ? running : null;
  }

  /** The SDK to use, or null when the request names its own JDK or sysroot, or a JDK here serves this host. */
  static Sdk sdkFor(BuildRequest request, Target target, int java, BuildListener listener) {
    if (request.jdk() != null || request.sysroot() != null || (target.isHost() && localJdk(request, java) != null)) {
      if (request.sdkLock() != null) {
        listener.warn("the SDK lock " + request.sdkLock() + " pins nothing for this build: it fetches no Debian "
            + "packages (a build for this host, or with its own JDK or sysroot)");
      }
      return null;
    }
    if (request.cds() == CdsMode.BUILD) {
      throw new JdkException("a class-data-sharing archive made at build time needs a runtime that runs here as it "
          + "is: Debian's Java " + java + " for " + target.id() + " does not; give a Java " + java + " JDK for this "
          + "host", (Path) null);
    }
    return fetch(request.caches(), SdkSpec.of(target, java), request.mirror(), request.sdkLock(), request.offline(),
        listener);
  }

  /**
   * Provisions the target's SDK for Java {@code java} (from the cache, else from the mirror), as pinned by the lock
   * file {@code sdkLock} when it pins this suite and architecture, and adding them to it when it does not. The
   * caller ends the SDK's hold on the cache with {@link Provisioner#release}.
   *
   * @param caches where the SDK cache is
   * @param mirror the Debian mirror URL, or null for the host's apt sources
   * @param sdkLock the lock file, or null
   */
  public static Sdk fetch(Caches caches, Target target, int java, String mirror, Path sdkLock,
      BuildListener listener) {
    return fetch(caches, SdkSpec.of(target, java), mirror, sdkLock, false, listener);
  }

  /**
   * The SDK with what java.desktop's natives load (X11, ALSA, image and font libraries, fonts), for a build whose
   * modules include it and whose SDK lacks them; the base SDK stays as it is for builds without java.desktop.
   */
  static Sdk withDesktop(Sdk sdk, Target target, int java, BuildRequest request, BuildListener listener) {
    SdkSpec desktop = SdkSpec.of(target, java).withDesktop();
    if (sdk.packages().stream().map(DebPackage::name).toList().containsAll(desktop.packages())) {
      return sdk; // it has them already
    }
    listener.step(Step.PROVISIONING, "java.desktop: adding the X11, sound, image and font libraries it loads, and "
        + "fonts, from Debian " + sdk.suite());
    return fetch(request.caches(), desktop, request.mirror(), request.sdkLock(), request.offline(), listener);
  }

  /**
   * The SDK plus the Debian packages that ship the libraries the app's natives need and it lacks (libgomp1 for
   * XGBoost's libgomp.so.1), or the runtime's own (libpcsclite1 for java.smartcardio's libj2pcsc.so), or null
   * when that would add no package: the build then names what is missing.
   *
   * @param needer who needs them, for the step's line (null: the app's natives, or --bundle-library)
   */
  static Sdk withLibraries(Sdk sdk, Target target, int java, Set<String> sonames, String needer,
      BuildRequest request, BuildListener listener) {
    List<String> have = sdk.packages().stream().map(DebPackage::name).toList();
    SdkSpec more = new SdkSpec(target, java, sdk.suite(), have).withLibraries(sonames);
    if (more.packages().size() == have.size()) {
      return null;
    }
    boolean asked = request.bundleLibraries().containsAll(sonames);
    listener.step(Step.PROVISIONING, (needer != null ? needer : asked ? "--bundle-library "
        : "native libraries of the app need ")
        + String.join(", ", sonames)
        + ": adding " + String.join(", ", more.packages().subList(have.size(), more.packages().size()).stream()
            .map(SdkSpec::describe).toList()) + " from Debian " + sdk.suite());
    return fetch(request.caches(), more, request.mirror(), request.sdkLock(), request.offline(), listener);
  }

  private static Sdk fetch(Caches caches, SdkSpec spec, String mirror, Path sdkLock, boolean offline,
      BuildListener listener) {
    spec.knownMissing().ifPresent(why -> {
      throw new TargetException(why + ": build it for another Java version, or give a JDK and a sysroot for it",
          Setting.JAVA, Integer.toString(spec.java()));
    });
    SdkLock lock = sdkLock == null ? null : SdkLock.read(sdkLock);
    String arch = spec.target().debianArch();
    List<DebPackage> locked = lock == null ? List.of() : lock.pins(spec.suite(), arch);
    // the lock's pins for this set's packages: it may pin more (another build's java.desktop libraries)
    List<String> names = spec.packageNames();
    List<DebPackage> pins = locked.stream().filter(p -> names.contains(p.name())).toList();
    Sdk sdk = new Provisioner(caches.sdk(), mirror, what -> listener.step(Step.PROVISIONING, what),
        listener::warn).progress((what, done, total) -> listener.progress(Step.PROVISIONING, done, total))
        .offline(offline).provision(spec, pins);
    try {
      List<String> pinned = locked.stream().map(DebPackage::name).toList();
      List<DebPackage> added = sdk.packages().stream().filter(p -> !pinned.contains(p.name())).toList();
      if (lock != null && !added.isEmpty()) {
        List<DebPackage> all = new ArrayList<>(locked);
        all.addAll(added);
        lock.add(spec.suite(), arch, all);
        listener.step(Step.PROVISIONING, (locked.isEmpty() ? "pinned Debian " : "pinned " + added.size()
            + " more packages of Debian ") + spec.suite() + " " + arch + " (" + all.size() + " packages) in "
            + lock.file());
      } else if (lock != null) {
        listener.detail("Debian " + spec.suite() + " " + arch + " as pinned by " + lock.file());
      }
    } catch (RuntimeException e) {
      Provisioner.release(sdk);
      throw e;
    }
    listener.detail("Debian " + sdk.suite() + " packages in " + sdk.root() + ": " + String.join(", ",
        sdk.packages().stream().map(p -> p.name() + " " + p.version()).toList()));
    return sdk;
  }

  /**
   * The jlink for the JDK's jmods, or null when JLink picks it itself (the running JDK is of the same version, or
   * the JDK runs its own). Otherwise it is Debian's JDK of that version for this host, started through its own
   * sysroot's loader (it needs a newer glibc than the host may have): the SDK's itself for a host build, else
   * fetched like any SDK.
   */
  static JLink.Tool jlinkFor(Jdk jdk, Sdk sdk, Target target, BuildRequest request, BuildListener listener,
      UnaryOperator<Sdk> hold) {
    int java = jdk.featureVersion();
    if (!jdk.hasJmods() || java == Runtime.version().feature()) {
      return null;
    }
    if (sdk != null && target.isHost()) {
      return JLink.Tool.throughLoader(sdk.jdk(), sdk.root());
    }
    if (sdk == null && jdk.target().equals(Target.host()) && Files.isExecutable(jdk.home().resolve("bin/jlink"))) {
      return null; // a JDK for this host, given or the host JDK: its own jlink
    }
    return hostSdkTool("jlink", java, "jlink must be of the runtime's version, Java " + java, request, listener, hold);
  }

  /**
   * bin/TOOL of Debian's Java {@code java} JDK for this host, fetched like any SDK and started through its own
   * sysroot's loader. {@code need} begins the error when there is none: why this tool must be of that version.
   */
  private static JLink.Tool hostSdkTool(String tool, int java, String need, BuildRequest request,
      BuildListener listener, UnaryOperator<Sdk> hold) {
    Target host = Target.host().orElseThrow(() -> new HermitException(need + ", and hermit fetches JDKs for Linux "
        + "hosts only: run hermit on a Java " + java + " JDK"));
    if (SdkSpec.suiteOf(java) == null) {
      throw new HermitException(need + ", and hermit runs on Java " + Runtime.version().feature()
          + ": run hermit on a Java " + java + " JDK");
    }
    listener.detail(tool + ": Debian's Java " + java + " JDK for this host (" + host.id() + ")");
    Sdk hostSdk = hold.apply(fetch(request.caches(), host, java, request.mirror(), null, listener));
    return JLink.Tool.throughLoader(hostSdk.jdk(), hostSdk.root(), tool);
  }

  /**
   * The javac that compiles sources for Java {@code java}, newer than the Java hermit runs on (whose javac cannot): a
   * JDK of that version for this host (JAVA_HOME, or one under /usr/lib/jvm), else Debian's, fetched once into the SDK
   * cache and started through its own loader, as jlink is ({@link #jlinkFor}). The command, before javac's arguments.
   */
  static List<String> javacFor(int java, BuildRequest request, BuildListener listener, UnaryOperator<Sdk> hold) {
    List<Path> homes = new ArrayList<>();
    if (request.hostJdk() != null) {
      homes.add(request.hostJdk());
    }
    try (Stream<Path> s = Files.list(Path.of("/usr/lib/jvm"))) {
      s.sorted().forEach(homes::add);
    } catch (IOException e) {
      // No such directory: nothing installed there.
    }
    for (Path home : homes) {
      try {
        Jdk jdk = Jdk.at(home);
        Path javac = home.resolve("bin/javac");
        if (jdk.featureVersion() == java && jdk.target().equals(Target.host()) && Files.isExecutable(javac)) {
          listener.detail("javac: the Java " + java + " JDK at " + home);
          return List.of(javac.toString());
        }
      } catch (HermitException e) {
        // Not a JDK.
      }
    }
    return hostSdkTool("javac", java, "compiling for Java " + java + " needs its javac", request, listener, hold)
        .command();
  }

  /**
   * A JDK of that feature version whose classes can be read without fetching anything: the host JDK, one under
   * /usr/lib/jvm, or one in the SDK cache (the target's first, then any platform's: the class library is the same).
   * Null when there is none.
   */
  static Jdk atHand(int java, Target target, BuildRequest request) {
    Jdk local = localJdk(request, java);
    if (local != null) {
      return local;
    }
    try (Stream<Path> s = Files.list(Path.of("/usr/lib/jvm"))) {
      for (Path home : s.sorted().toList()) {
        try {
          if (Files.isRegularFile(home.resolve("release")) && Jdk.at(home).featureVersion() == java) {
            return Jdk.at(home);
          }
        } catch (HermitException e) {
          // Not a JDK.
        }
      }
    } catch (IOException e) {
      // No such directory: nothing installed there.
    }
    Provisioner cache = new Provisioner(request.caches().sdk(), request.mirror(), what -> { }, what -> { });
    List<Target> order = new ArrayList<>(List.of(target));
    Target.ALL.stream().filter(t -> !t.equals(target)).forEach(order::add);
    for (Target t : order) {
      SdkSpec spec = SdkSpec.of(t, java);
      Optional<Path> dir = cache.cached(spec);
      if (dir.isPresent() && Files.isRegularFile(dir.get().resolve(spec.jdkPath()).resolve("jmods/java.base.jmod"))) {
        return Jdk.at(dir.get().resolve(spec.jdkPath()));
      }
    }
    return null;
  }

  /**
   * A JDK of that feature version whose classes the link check can read, for choosing the version: the host JDK or
   * the running JDK, a JDK in /usr/lib/jvm, an SDK already in the cache (for this target first), else the
   * target's SDK fetched (the build needs it if that version is chosen); null when none can be had.
   */
  static Jdk classesOf(int java, Target target, BuildRequest request, BuildListener listener,
      UnaryOperator<Sdk> hold) {
    Jdk here = atHand(java, target, request);
    if (here != null) {
      return here;
    }
    try {
      Sdk sdk = hold.apply(sdkFor(request, target, java, listener));
      return sdk == null ? null : Jdk.at(sdk.jdk());
    } catch (HermitException e) { // no mirror, no network: the build goes on with the version the classes need
      listener.warn("cannot check the app against Java " + java + ": " + e.getMessage());
      return null;
    }
  }
}
