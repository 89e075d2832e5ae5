package dev.hermit.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files a build is writing beside its output, deleted when the JVM is stopped mid-write (SIGTERM, Ctrl-C: the JVM
 * runs its shutdown hooks): a build's own failure deletes them itself, but an interrupted {@code hermit build} or
 * Maven left {@code .app.NNN.tmp} beside the output (docs: no half-written file left behind).
 */
final class TempFiles {
  private TempFiles() {}

  private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();
  private static volatile boolean hooked;

  /** {@code file} is being written: delete it if the JVM stops before {@link #done}. */
  static void writing(Path file) {
    if (!hooked) {
      synchronized (TempFiles.class) {
        if (!hooked) {
          Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll, "hermit-temp-files"));
          hooked = true;
        }
      }
    }
    WRITING.add(file);
  }

  /** {@code file} was moved into place or deleted: nothing to do for it at exit. */
  static void done(Path file) {
    WRITING.remove(file);
  }

  private static void deleteAll() {
    for (Path p : WRITING) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // the JVM is stopping: nothing more to do
      }
    }
  }
}
