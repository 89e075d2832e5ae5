package dev.hermit.app;

/** What a build does with the native code an app brings: the {@code CGO_ENABLED} of Java. */
public enum NativeMode {
  /** Keep the natives that load into the target's runtime, drop the other platforms', bundle what the kept need. */
  AUTO,
  /** Refuse an app that brings any native code. */
  NONE,
  /** Keep every native as it is. */
  ALL
}
