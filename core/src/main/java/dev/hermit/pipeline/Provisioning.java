package dev.hermit.pipeline;

import dev.hermit.Setting;
import dev.hermit.TargetException;
import dev.hermit.HermitException;
import dev.hermit.platform.Target;
import dev.hermit.provision.Provisioner;
import dev.hermit.provision.Sdk;
import dev.hermit.provision.SdkSpec;

/**
 * A build for another platform with neither a JDK nor a sysroot given gets both from Debian's archive (the
 * provision package): the JDK of the running JDK's feature version, since jlink must be of that version.
 */
final class Provisioning {
  private Provisioning() {}

  /** The SDK to use, or null when the request names its own JDK or sysroot, or builds for this host. */
  static Sdk sdkFor(BuildRequest request, Target target, BuildListener listener) {
    if (target.isHost() || request.jdk() != null || request.sysroot() != null || request.cds()) {
      return null; // a CDS archive for another platform is refused next: fetching first would be wasted
    }
    int java = Runtime.version().feature();
    SdkSpec spec;
    try {
      spec = SdkSpec.of(target, java);
    } catch (HermitException e) {
      throw new TargetException(e.getMessage() + " (the JDK running hermit is " + java
          + ", and jlink must match the runtime's version): run hermit on one of those, or give a JDK and a sysroot "
          + "for " + target.id(), Setting.JDK, target.id());
    }
    Sdk sdk = new Provisioner(Provisioner.defaultRoot(), request.mirror(), s -> listener.step(BuildEvent.Step.PROVISIONING, s), listener::warn)
        .provision(spec);
    listener.detail("Debian " + sdk.suite() + " packages in " + sdk.root() + ": " + String.join(", ",
        sdk.packages().stream().map(p -> p.name() + " " + p.version()).toList()));
    return sdk;
  }
}
