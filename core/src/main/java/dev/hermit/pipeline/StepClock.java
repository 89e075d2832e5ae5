package dev.hermit.pipeline;

import dev.hermit.pipeline.BuildEvent.Step;
import java.time.Duration;

/** Passes events on, and reports each step's end (with its duration) when the next begins or the build is done. */
final class StepClock implements BuildListener {
  private final BuildListener to;
  private Step current;
  private long started;

  StepClock(BuildListener to) {
    this.to = to;
  }

  @Override
  public void event(BuildEvent event) {
    if (event instanceof BuildEvent.StepStarted) {
      finish();
      current = ((BuildEvent.StepStarted) event).step();
      started = System.nanoTime();
    }
    to.event(event);
  }

  /** Ends the current step, if any. */
  void finish() {
    if (current != null) {
      Step done = current;
      current = null;
      to.event(new BuildEvent.StepFinished(done, Duration.ofNanos(System.nanoTime() - started)));
    }
  }
}
