package dev.hermit.pipeline;

/** Progress from a build. The core never prints: front ends decide what to show. */
public interface BuildListener {
  /** A step starts (resolving inputs, linking, packing...). */
  default void step(String what) {}

  /** A decision or detail worth showing with --verbose (e.g. why a module was added). */
  default void detail(String what) {}

  /** Something the user should know but that does not stop the build. */
  default void warn(String what) {}

  BuildListener NONE = new BuildListener() {};
}
