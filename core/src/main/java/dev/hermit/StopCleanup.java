package dev.hermit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What a build leaves when its JVM is stopped mid-build (SIGTERM, Ctrl-C: the JVM runs its shutdown hooks): the
 * file being written beside the output and the build's scratch directory, and the programs it runs that write into
 * them (jlink, javac). A build's own failure removes these itself; a {@code hermit build} or Maven stopped by a
 * signal left {@code .app.NNN.tmp} beside the output and a {@code hermit-build-NNN} tree of up to a runtime's size
 * in the temporary directory (docs: no half-written file left behind). Only what a build registered here is
 * touched: an app that builds through the API keeps its own files and processes.
 */
public final class StopCleanup {
  private StopCleanup() {}

  private static final Set<Path> FILES = ConcurrentHashMap.newKeySet();
  private static final Set<Path> TREES = ConcurrentHashMap.newKeySet();
  private static final Set<Process> CHILDREN = ConcurrentHashMap.newKeySet();
  private static volatile boolean hooked;
  private static volatile boolean stopping;

  /**
   * Whether the JVM is stopping (a signal) and this cleanup has begun: a build's failure now (jlink killed, its
   * scratch tree deleted under it) is the stop's doing, and no error of the build's to report.
   */
  public static boolean stopping() {
    return stopping;
  }

  /** {@code file} is being written: delete it if the JVM stops before {@link #done}. */
  public static void writing(Path file) {
    hook();
    FILES.add(file);
  }

  /** {@code dir} is a build's scratch tree: delete it if the JVM stops before {@link #done}. */
  public static void scratch(Path dir) {
    hook();
    TREES.add(dir);
  }

  /** {@code path} was moved into place or deleted: nothing to do for it at exit. */
  public static void done(Path path) {
    FILES.remove(path);
    TREES.remove(path);
  }

  /** {@code p} writes into a scratch tree: stopped before the tree is deleted, if the JVM stops first. */
  public static void started(Process p) {
    hook();
    CHILDREN.add(p);
  }

  /** {@code p} has ended or was waited for. */
  public static void ended(Process p) {
    CHILDREN.remove(p);
  }

  private static void hook() {
    if (!hooked) {
      synchronized (StopCleanup.class) {
        if (!hooked) {
          Runtime.getRuntime().addShutdownHook(new Thread(StopCleanup::cleanUp, "hermit-stop-cleanup"));
          hooked = true;
        }
      }
    }
  }

  private static void cleanUp() {
    stopping = true;
    // a child writing into the tree would refill it behind the deletion: stopped first (a Ctrl-C in a terminal
    // reaches it anyway; a SIGTERM to hermit alone does not)
    for (Process p : CHILDREN) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : CHILDREN) {
      try {
        p.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Path p : FILES) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // the JVM is stopping: nothing more to do
      }
    }
    // the build's own thread runs on while the hooks do, and may add a file or two after a first pass
    for (int pass = 0; pass < 3; pass++) {
      boolean left = false;
      for (Path dir : TREES) {
        FileTrees.deleteQuietly(dir);
        left |= Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
      }
      if (!left) {
        break;
      }
    }
  }
}
