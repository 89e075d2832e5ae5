package dev.hermit.provision;

import dev.hermit.HermitException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The SDK cache's lock ({@code ROOT/.cache.lock}): a build holds it shared from provisioning until the build ends,
 * {@code hermit sdk prune} holds it exclusively while it deletes, so a prune never takes an SDK or a download from
 * under a build. A JVM may hold only one lock on a file, so holds of this JVM's threads are counted here and share
 * one shared file lock.
 */
final class CacheLock {
  static final String NAME = ".cache.lock";
  private static final Map<Path, CacheLock> HELD = new HashMap<>();

  private final FileChannel channel;
  private final FileLock lock;
  private int holds;

  private CacheLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  private static final Map<Path, Object> MONITORS = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * This JVM's monitor for a file: a file lock excludes other processes, but another thread of this one (several
   * targets of one command, a parallel Maven build) would get an OverlappingFileLockException, or its read and write
   * of the file would interleave, so threads take turns here first.
   */
  static Object monitor(Path file) {
    return MONITORS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object());
  }

  /** Holds the cache shared (blocks while a prune deletes); every call needs one {@link #release}. */
  static void holdShared(Path root) throws IOException {
    Path file = lockFile(root);
    synchronized (HELD) {
      CacheLock held = HELD.get(file);
      if (held == null) {
        FileChannel ch = openShared(file);
        try {
          held = new CacheLock(ch, ch == null ? null : ch.lock(0, Long.MAX_VALUE, true));
        } catch (IOException | RuntimeException e) {
          if (ch != null) {
            ch.close();
          }
          throw e;
        }
        HELD.put(file, held);
      }
      held.holds++;
    }
  }

  static void release(Path root) {
    Path file = lockFile(root);
    synchronized (HELD) {
      CacheLock held = HELD.get(file);
      if (held == null || --held.holds > 0) {
        return;
      }
      HELD.remove(file);
      try {
        if (held.channel != null) {
          held.lock.release();
          held.channel.close();
        }
      } catch (IOException ignored) {
        // closing the channel releases the lock; the process ending does too
      }
      HELD.notifyAll();
    }
  }

  /**
   * Runs {@code action} with the cache locked exclusively, first waiting (and saying so once) for the builds
   * holding it, in this JVM and in others, to end.
   */
  static void exclusive(Path root, Runnable waiting, IoAction action) throws IOException {
    Path file = lockFile(root);
    synchronized (HELD) {
      boolean said = false;
      while (HELD.containsKey(file)) {
        if (!said) {
          waiting.run();
          said = true;
        }
        try {
          HELD.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the SDK cache's lock");
        }
      }
      try (FileChannel ch = open(file)) {
        FileLock lock = ch.tryLock();
        if (lock == null) {
          if (!said) {
            waiting.run();
          }
          lock = ch.lock();
        }
        try {
          action.run();
        } finally {
          lock.release();
        }
      }
    }
  }

  interface IoAction {
    void run() throws IOException;
  }

  /**
   * The cache could not be locked or written: said once, with the root and why, and how to give another one (a
   * FileSystemException's own message holds the path again: "the SDK cache /x: /x: Read-only file system").
   */
  static HermitException unusable(Path root, IOException e) {
    String why = String.valueOf(e.getMessage());
    if (e instanceof java.nio.file.FileSystemException f) {
      String where = f.getFile() == null || Path.of(f.getFile()).equals(root) ? "" : " (" + f.getFile() + ")";
      if (f.getReason() != null) {
        why = f.getReason() + where;
      } else if (e instanceof java.nio.file.AccessDeniedException) {
        why = "permission denied" + where;
      } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
        why = "a file is in the way of a directory" + where;
      } else {
        why = e.getClass().getSimpleName() + where;
      }
    }
    return new HermitException("cannot use the SDK cache " + root + ": " + why + "; set HERMIT_SDK_DIR to a "
        + "directory you can write", e);
  }

  private static Path lockFile(Path root) {
    return root.toAbsolutePath().normalize().resolve(NAME);
  }

  /**
   * The lock file for a shared hold. A cache this process cannot write (a read-only mount, another user's) still
   * serves the SDKs it holds: a shared lock needs only reading, and with no lock file at all, which only a writer
   * could make, there is nothing to wait for (null). Whatever the build then lacks fails as it writes, named by
   * {@link #unusable}.
   */
  private static FileChannel openShared(Path file) throws IOException {
    try {
      return open(file);
    } catch (java.nio.file.FileSystemException e) {
      if (!(e instanceof java.nio.file.AccessDeniedException) && !"Read-only file system".equals(e.getReason())) {
        throw e;
      }
      return readOnly(file, e);
    }
  }

  private static FileChannel readOnly(Path file, IOException cannotWrite) throws IOException {
    if (Files.exists(file)) {
      return FileChannel.open(file, StandardOpenOption.READ);
    }
    if (Files.isDirectory(file.getParent())) {
      return null;
    }
    throw cannotWrite;
  }

  private static FileChannel open(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }
}
