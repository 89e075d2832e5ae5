package dev.hermit.pipeline;

/** Progress from a build. The core never prints: front ends decide what to show. */
public interface BuildListener {
  /** A step starts (resolving inputs, linking, packing...). */
  default void step(String what) {}

  /** A decision or detail worth showing with --verbose (e.g. why a module was added). */
  default void detail(String what) {}

  /**
   * How far a long step is (a download, unpacking), for a front end that redraws a line on a terminal; called
   * often, after {@link #step} announced the step as {@code what}.
   */
  default void progress(String what, long done, long total) {}

  /** Something the user should know but that does not stop the build. */
  default void warn(String what) {}

  BuildListener NONE = new BuildListener() {};
}
