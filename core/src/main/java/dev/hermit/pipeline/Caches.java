package dev.hermit.pipeline;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where builds keep what they can reuse: fetched Debian packages unpacked into SDKs ({@code sdk}, verified as apt
 * verifies them, and checked on every use) and linked runtimes with their compressed frames ({@code jlink}, each
 * file checked by SHA-256 on use). They make builds faster, never different. Part of the request, so the core reads
 * no environment: a front end decides, usually with {@link #fromEnvironment}.
 *
 * @param sdk the SDK cache's directory
 * @param jlink the linked-runtime cache's directory, or null to link every time
 */
public record Caches(Path sdk, Path jlink) {
  public Caches {
    Objects.requireNonNull(sdk, "sdk");
  }

  /** {@code HOME/.cache/hermit/sdk} and {@code HOME/.cache/hermit/jlink}: the default of a request. */
  public static Caches inHome(Path home) {
    return fromEnvironment(Map.of(), home);
  }

  /**
   * The caches as the CLI and the Maven plugin choose them: {@code HERMIT_SDK_DIR} and {@code HERMIT_JLINK_CACHE}
   * ({@code off}: none), else under {@code $XDG_CACHE_HOME/hermit}, else under {@code HOME/.cache/hermit}.
   *
   * @param env the environment to read: the process's, in a front end
   */
  public static Caches fromEnvironment(Map<String, String> env, Path home) {
    String xdg = env.get("XDG_CACHE_HOME");
    Path root = xdg != null && !xdg.isBlank() ? Path.of(xdg, "hermit") : home.resolve(".cache").resolve("hermit");
    String sdk = env.get("HERMIT_SDK_DIR");
    String jlink = env.get("HERMIT_JLINK_CACHE");
    return new Caches(sdk != null && !sdk.isBlank() ? Path.of(sdk) : root.resolve("sdk"),
        "off".equals(jlink) ? null : jlink != null && !jlink.isBlank() ? Path.of(jlink) : root.resolve("jlink"));
  }
}
