package dev.hermit.pipeline;

import java.time.Duration;

/**
 * What a build reports while it runs, as values: front ends choose how to show them (the CLI prints one line per
 * step, the Maven plugin logs them). The core never prints.
 */
public sealed interface BuildEvent {
  /** The steps of a build, in the order a build may take them (most are always taken). */
  enum Step {
    /** Fetching and verifying another platform's JDK and C library from Debian's archive. */
    PROVISIONING,
    RESOLVING_INPUTS,
    CHOOSING_MODULES,
    LINKING_RUNTIME,
    CHECKING_LINKS,
    BUNDLING_LIBC,
    SELECTING_NATIVES,
    PACKING,
    /** Running the written executable once (SmokeCheck). */
    CHECKING_OUTPUT
  }

  /** A step begins; {@code description} says what it works on, e.g. "linking a runtime with 3 modules from ...". */
  record StepStarted(Step step, String description) implements BuildEvent {}

  /** The step that began last is over; a failing build reports no finish for the step that failed. */
  record StepFinished(Step step, Duration took) implements BuildEvent {}

  /** Bytes a step has handled so far; {@code total} is -1 when not known beforehand (compressed output). */
  record Progress(Step step, long bytes, long total) implements BuildEvent {}

  /** A decision or detail (why a module was added, which loader is bundled): what a verbose mode shows. */
  record Detail(String message) implements BuildEvent {}

  /** Something the user should know that does not stop the build. */
  record Warning(String message) implements BuildEvent {}
}
