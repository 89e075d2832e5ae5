package dev.hermit.cli;

import dev.hermit.pipeline.BuildEvent;
import dev.hermit.pipeline.BuildListener;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Prints a build's steps to stderr, one line each with the time since the start. On a terminal a download or the
 * unpacking also shows how far it is (MB so far, of the total, and the rate) on one line redrawn in place, ending
 * with the total time and rate; elsewhere (a pipe, a CI log) only the step lines are printed.
 */
final class StepPrinter implements BuildListener {
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter err;
  private final long start;
  private final boolean quiet;
  private final boolean verbose;
  private final BooleanSupplier terminal;
  private final LongSupplier clock;
  private String current;
  private long currentStart;
  private long lastDraw;
  private boolean open;

  StepPrinter(PrintWriter err, long start, boolean quiet, boolean verbose) {
    this(err, start, quiet, verbose, onTerminal());
  }

  StepPrinter(PrintWriter err, long start, boolean quiet, boolean verbose, boolean terminal) {
    this(err, start, quiet, verbose, terminal, System::nanoTime);
  }

  /** @param clock nanoseconds, as {@link System#nanoTime}: the redraw interval is counted on it */
  StepPrinter(PrintWriter err, long start, boolean quiet, boolean verbose, boolean terminal, LongSupplier clock) {
    this(err, start, quiet, verbose, () -> terminal, clock);
  }

  /** @param terminal whether progress may be redrawn now: one of several targets' builds may only while its lines show */
  StepPrinter(PrintWriter err, long start, boolean quiet, boolean verbose, BooleanSupplier terminal,
      LongSupplier clock) {
    this.clock = clock;
    this.err = err;
    this.start = start;
    this.quiet = quiet;
    this.verbose = verbose;
    this.terminal = terminal;
  }

  /** A terminal, unless HERMIT_PROGRESS says otherwise (0: never redraw, 1: always). */
  static boolean onTerminal() {
    String forced = System.getenv("HERMIT_PROGRESS");
    if ("0".equals(forced) || "1".equals(forced)) {
      return forced.equals("1");
    }
    return System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  @Override
  public void event(BuildEvent event) {
    if (event instanceof BuildEvent.StepStarted s) {
      endProgress();
      current = s.description();
      currentStart = clock.getAsLong();
      lastDraw = 0;
      if (!quiet) {
        err.printf("[%5.1fs] %s%n", (clock.getAsLong() - start) / 1e9, s.description());
      }
    } else if (event instanceof BuildEvent.Detail d) {
      if (verbose && !quiet) {
        endProgress();
        err.println("         " + d.message());
      }
    } else if (event instanceof BuildEvent.Warning w) {
      endProgress();
      err.println("hermit: warning: " + w.message());
    } else if (event instanceof BuildEvent.Progress p) {
      progress(p.bytes(), p.total());
    } // StepFinished: the next line's time already says how long a step took
    err.flush();
  }

  /** A line redrawn but not ended (its total unknown) is cleared before anything else is printed. */
  private void endProgress() {
    if (open) {
      err.print("\r\u001B[K");
      open = false;
    }
  }

  private void progress(long done, long total) {
    if (quiet || !terminal.getAsBoolean() || current == null) {
      return;
    }
    long now = clock.getAsLong();
    boolean finished = total >= 0 && done >= total;
    if (!finished && (now - lastDraw < REDRAW_NANOS || now - currentStart < REDRAW_NANOS)) {
      return; // a rate over the first few milliseconds means nothing
    }
    lastDraw = now;
    double seconds = Math.max(1e-3, (now - currentStart) / 1e9);
    String rate = String.format("%.1f MB/s", done / 1e6 / seconds);
    String line = finished
        ? String.format("%.1f MB in %.1f s, %s", done / 1e6, seconds, rate)
        : total > 0 ? String.format("%.1f of %.1f MB (%d%%), %s", done / 1e6, total / 1e6, done * 100 / total, rate)
        : String.format("%.1f MB, %s", done / 1e6, rate);
    err.print("\r         " + line + "\u001B[K" + (finished ? "\n" : ""));
    open = !finished;
  }
}
