package dev.hermit.payload;

/**
 * How hard the runtime's frames are compressed (zstd only; the app's frames are always {@link #FAST}). The runtime's
 * frames are the same for every build with the same JDK, modules and target, so they are compressed once per
 * machine and then come from the frame cache: {@link #SMALL} pays zstd's slowest level that once.
 */
public enum Packing {
  /** zstd level 19 for the runtime's frames: about 15 % smaller; a first build for a new runtime takes seconds more. */
  SMALL,
  /** zstd level 9 throughout: for builds whose caches start empty every time and whose size does not matter. */
  FAST;

  /**
   * {@code setting} ({@code small} or {@code fast}; {@code name} says where it came from, for the message) when it
   * is given, else {@code environment} (the caller's {@code HERMIT_PACK}: core reads no environment) when set, else
   * {@link #SMALL}: the CLI's and the Maven plugin's rule.
   *
   * @throws dev.hermit.HermitException naming the setting (or HERMIT_PACK) and the value it does not know
   */
  public static Packing choose(String setting, String name, String env) {
    String how = setting != null ? setting : env == null || env.isBlank() ? "small" : env.strip();
    return switch (how) {
      case "small" -> SMALL;
      case "fast" -> FAST;
      default -> throw new dev.hermit.HermitException("unknown " + (setting != null ? name : "HERMIT_PACK") + " '"
          + how + "' (small, fast)");
    };
  }
}
