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
  FAST
}
