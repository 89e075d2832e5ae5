package dev.hermit.pipeline;

import dev.hermit.HermitException;
import dev.hermit.platform.Target;
import dev.hermit.provision.DebPackage;
import dev.hermit.provision.Provisioner;
import dev.hermit.provision.Sdk;
import dev.hermit.provision.SdkLock;
import dev.hermit.provision.SdkSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * A build for another platform with neither a JDK nor a sysroot given gets both from Debian's archive (the
 * provision package): the JDK of the running JDK's feature version, since jlink must be of that version.
 */
public final class Provisioning {
  private Provisioning() {}

  /** The SDK to use, or null when the request names its own JDK or sysroot, or builds for this host. */
  static Sdk sdkFor(BuildRequest request, Target target, BuildListener listener) {
    if (target.isHost() || request.jdk() != null || request.sysroot() != null || request.cds() == CdsMode.BUILD) {
      if (request.sdkLock() != null) {
        listener.warn("the SDK lock " + request.sdkLock() + " pins nothing for this build: it fetches no Debian "
            + "packages (a build for this host, or with its own JDK or sysroot)");
      }
      return null; // --cds for another platform is refused next: fetching first would be wasted
    }
    return fetch(target, Runtime.version().feature(), request.mirror(), request.sdkLock(), listener);
  }

  /**
   * Provisions the target's SDK for Java {@code java} (from the cache, else from the mirror), as pinned by the lock
   * file {@code sdkLock} when it pins this suite and architecture, and adding them to it when it does not. The
   * caller ends the SDK's hold on the cache with {@link Provisioner#release}.
   *
   * @param mirror the Debian mirror URL, or null for the host's apt sources
   * @param sdkLock the lock file, or null
   */
  public static Sdk fetch(Target target, int java, String mirror, Path sdkLock, BuildListener listener) {
    SdkSpec spec;
    try {
      spec = SdkSpec.of(target, java);
    } catch (HermitException e) {
      throw new HermitException(e.getMessage() + " (the JDK running hermit is " + java
          + ", and jlink must match the runtime's version): run hermit on one of those, or give --jdk and --sysroot");
    }
    spec.knownMissing().ifPresent(why -> {
      throw new HermitException("no SDK for " + target.id() + ": " + why);
    });
    SdkLock lock = sdkLock == null ? null : SdkLock.read(sdkLock);
    String arch = target.debianArch();
    List<DebPackage> pins = lock == null ? List.of() : lock.pins(spec.suite(), arch);
    Sdk sdk = new Provisioner(Provisioner.defaultRoot(), mirror, listener::step, listener::warn)
        .progress(listener::progress).provision(spec, pins);
    try {
      if (lock != null && pins.isEmpty()) {
        lock.add(spec.suite(), arch, sdk.packages());
        listener.step("pinned Debian " + spec.suite() + " " + arch + " (" + sdk.packages().size() + " packages) in "
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
}
