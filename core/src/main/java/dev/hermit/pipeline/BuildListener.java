package dev.hermit.pipeline;

import dev.hermit.pipeline.BuildEvent.Step;

/** Receives a build's {@link BuildEvent}s, in order, on the thread that runs the build. */
@FunctionalInterface
public interface BuildListener {
  void event(BuildEvent event);

  /** Shorthand for the core's own reporting: a step begins. */
  default void step(Step step, String description) {
    event(new BuildEvent.StepStarted(step, description));
  }

  /** Shorthand: how far a long step is (a download, unpacking, packing); often, after the step began. */
  default void progress(Step step, long bytes, long total) {
    event(new BuildEvent.Progress(step, bytes, total));
  }

  default void detail(String message) {
    event(new BuildEvent.Detail(message));
  }

  default void warn(String message) {
    event(new BuildEvent.Warning(message));
  }

  BuildListener NONE = event -> {};
}
