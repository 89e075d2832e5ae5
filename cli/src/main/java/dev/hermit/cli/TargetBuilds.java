package dev.hermit.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds several targets at once, printing each one's lines in target order, as if they had been built one after
 * the other: the first unfinished target's lines as they come, a later target's held until every earlier one has
 * ended. Most of a first build for another platform waits on the network, on xz unpacking its JDK and on jlink,
 * each using one core at most, so the targets' builds overlap well (bench/RESULTS.md, "Targets at once").
 *
 * <p>A failed build stops targets not yet started; those already running finish (a killed build would leave its
 * temporary files), the successful ones' lines are printed, and the first failure in target order is thrown.
 */
final class TargetBuilds {
  private TargetBuilds() {}

  /** One target's build, writing its lines to {@code out}. */
  interface Build<T, R> {
    R run(T target, Lane out);
  }

  /** The default number of targets built at once: one per core, at most four. */
  static int defaultJobs() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  static <T, R> List<R> run(List<T> targets, int jobs, PrintWriter err, Build<T, R> build) {
    Object lock = new Object();
    List<Lane> lanes = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      lanes.add(new Lane(err, lock, i == 0));
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
        } finally {
          lane.flush();
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
        lanes.get(i).end(); // printed as it ran, or now
        if (why != null) {
          failed = why;
        } else {
          results.add(r);
        }
      } else if (why == null && r != null) {
        lanes.get(i).end(); // built after all: its output was written, so it says so
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

  /** One target's output: held until the targets before it have ended, then written through. */
  static final class Lane extends Writer {
    private final PrintWriter err;
    private final Object lock;
    private final StringBuilder held = new StringBuilder();
    private boolean live;

    Lane(PrintWriter err, Object lock, boolean live) {
      this.err = err;
      this.lock = lock;
      this.live = live;
    }

    /** Whether its lines show as they come (it may redraw a progress line). */
    boolean live() {
      synchronized (lock) {
        return live;
      }
    }

    void goLive() {
      synchronized (lock) {
        if (!live) {
          err.print(held);
          held.setLength(0);
          err.flush();
          live = true;
        }
      }
    }

    /** Its build ended: what it held is printed. */
    void end() {
      goLive();
    }

    @Override
    public void write(char[] buf, int off, int len) {
      synchronized (lock) {
        if (live) {
          err.write(buf, off, len);
        } else {
          held.append(buf, off, len);
        }
      }
    }

    @Override
    public void flush() {
      synchronized (lock) {
        if (live) {
          err.flush();
        }
      }
    }

    @Override
    public void close() {
      flush();
    }
  }
}
