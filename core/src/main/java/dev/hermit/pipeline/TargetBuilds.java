package dev.hermit.pipeline;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds several targets at once, each one's output in target order, as if they had been built one after the other:
 * the first unfinished target's output as it comes, a later target's held until every earlier one has ended (the
 * CLI's lines, the Maven plugin's log). A target's output is what it {@link Lane#emit emits}: actions run in order,
 * one at a time. Most of a first build for another platform waits on the network, on xz unpacking its JDK and on jlink,
 * each using one core at most, so the targets' builds overlap well (bench/RESULTS.md, "Targets at once").
 *
 * <p>A failed build stops targets not yet started; those already running finish (a killed build would leave its
 * temporary files), the successful ones' lines are printed, and the first failure in target order is thrown.
 */
public final class TargetBuilds {
  private TargetBuilds() {}

  /** One target's build, its output through {@code out}. */
  public interface Build<T, R> {
    R run(T target, Lane out);
  }

  /** The default number of targets built at once: one per core, at most four. */
  public static int defaultJobs() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  public static <T, R> List<R> run(List<T> targets, int jobs, Build<T, R> build) {
    Object lock = new Object();
    List<Lane> lanes = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      lanes.add(new Lane(lock, i == 0));
    }
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, targets.size()), r -> {
      Thread t = new Thread(r, "hermit-target");
      t.setDaemon(true); // a Ctrl-C ends the process as a one-target build's would
      return t;
    });
    List<Future<R>> builds = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      T t = targets.get(i);
      Lane lane = lanes.get(i);
      builds.add(pool.submit(() -> {
        if (stop.get()) {
          return null;
        }
        try {
          return build.run(t, lane);
        } catch (RuntimeException | Error e) {
          stop.set(true);
          throw e;
        }
      }));
    }
    pool.shutdown();
    List<R> results = new ArrayList<>();
    Throwable failed = null;
    for (int i = 0; i < builds.size(); i++) {
      Throwable why = null;
      R r = null;
      try {
        r = waitFor(builds.get(i));
      } catch (ExecutionException e) {
        why = e.getCause();
      }
      if (failed == null) {
        lanes.get(i).goLive(); // printed as it ran, or now
        if (why != null) {
          failed = why;
        } else {
          results.add(r);
        }
      } else if (why == null && r != null) {
        lanes.get(i).goLive(); // built after all: its output was written, so it says so
      } // else failed too, or never started: its lines would only repeat the first failure

      if (failed == null && i + 1 < lanes.size()) {
        lanes.get(i + 1).goLive();
      }
    }
    if (failed instanceof RuntimeException e) {
      throw e;
    }
    if (failed instanceof Error e) {
      throw e;
    }
    if (failed != null) { // interrupted while waiting: no result is a complete one
      throw new java.util.concurrent.CompletionException(failed);
    }
    return results;
  }

  private static <R> R waitFor(Future<R> build) throws ExecutionException {
    try {
      return build.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExecutionException(e);
    }
  }

  /** One target's output: held until the targets before it have ended, then passed through. */
  public static final class Lane {
    private final Object lock;
    private final List<Runnable> held = new ArrayList<>();
    private boolean live;

    Lane(Object lock, boolean live) {
      this.lock = lock;
      this.live = live;
    }

    /** Runs {@code output} now if this target's output shows, else once the targets before it have ended. */
    public void emit(Runnable output) {
      synchronized (lock) {
        if (live) {
          output.run();
        } else {
          held.add(output);
        }
      }
    }

    /** Whether its output shows as it comes (it may redraw a progress line). */
    public boolean live() {
      synchronized (lock) {
        return live;
      }
    }

    /** A writer whose text reaches {@code sink} through this lane, flushed when it shows. */
    public Writer writer(Writer sink) {
      return new Writer() {
        @Override
        public void write(char[] buf, int off, int len) {
          String text = new String(buf, off, len);
          emit(() -> put(sink, text));
        }

        @Override
        public void flush() {
          emit(() -> flushOf(sink));
        }

        @Override
        public void close() {
          flush();
        }
      };
    }

    /** Its turn: what it held is passed on, and what it emits from now on runs at once. */
    void goLive() {
      synchronized (lock) {
        if (!live) {
          held.forEach(Runnable::run);
          held.clear();
          live = true;
        }
      }
    }

    private static void put(Writer sink, String text) {
      try {
        sink.write(text);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private static void flushOf(Writer sink) {
      try {
        sink.flush();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
