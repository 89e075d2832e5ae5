package dev.hermit.launcher;

import dev.hermit.Setting;
import dev.hermit.TargetException;
import dev.hermit.HermitException;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.io.InputStream;

/** The prebuilt launcher stubs, one per target, that the launcher module packs as resources. */
public final class Launchers {
  private Launchers() {}

  public static byte[] forTarget(Target target) {
    String resource = "/dev/hermit/launcher/" + target.fileName();
    try (InputStream in = Launchers.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new TargetException("hermit has no launcher for " + target.id() + " yet; it builds for "
            + String.join(", ", Target.ALL.stream().filter(Launchers::available).map(Target::id).toList()),
            Setting.TARGET, target.id());
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new HermitException("cannot read the launcher for " + target.id() + ": " + e.getMessage());
    }
  }

  /**
   * hermit's C++ runtime for the JDK's libraries on this target (launcher/cxxrt/hermit++.c, built beside the
   * launcher), or null when hermit has none for it.
   */
  public static byte[] cxxRuntime(Target target) {
    return cxxRuntime(target, false);
  }

  /**
   * @param loadsStdcxx the build of it that needs libstdc++.so.6, so that the real one loads with the JVM (for an
   *     app whose natives are C++, as under java)
   */
  public static byte[] cxxRuntime(Target target, boolean loadsStdcxx) {
    String resource = "/dev/hermit/launcher/libhermit++-" + target.fileName() + (loadsStdcxx ? "-stdcxx" : "")
        + ".so";
    try (InputStream in = Launchers.class.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new HermitException("cannot read the C++ runtime for " + target.id() + ": " + e.getMessage());
    }
  }

  public static boolean available(Target target) {
    return Launchers.class.getResource("/dev/hermit/launcher/" + target.fileName()) != null;
  }
}
