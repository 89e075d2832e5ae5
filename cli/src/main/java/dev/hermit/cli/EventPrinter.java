package dev.hermit.cli;

import dev.hermit.pipeline.BuildEvent;
import dev.hermit.pipeline.BuildListener;
import java.io.PrintWriter;

/** Shows a build's events on stderr: one "[ 1.2s] step" line per step, details with -v, warnings always. */
final class EventPrinter implements BuildListener {
  private final PrintWriter err;
  private final boolean verbose;
  private final boolean quiet;
  private final long start;

  EventPrinter(PrintWriter err, boolean verbose, boolean quiet, long start) {
    this.err = err;
    this.verbose = verbose;
    this.quiet = quiet;
    this.start = start;
  }

  @Override
  public void event(BuildEvent event) {
    if (event instanceof BuildEvent.StepStarted s) {
      if (!quiet) {
        line(s.description());
      }
    } else if (event instanceof BuildEvent.Detail d) {
      if (verbose && !quiet) {
        err.println("         " + d.message());
      }
    } else if (event instanceof BuildEvent.Warning w) {
      err.println("hermit: warning: " + w.message());
    }
    // StepFinished and Progress: the next line's time already says how long a step took
    err.flush();
  }

  /** A line stamped with the seconds since the command started. */
  void line(String what) {
    err.printf("[%5.1fs] %s%n", (System.nanoTime() - start) / 1e9, what);
    err.flush();
  }
}
