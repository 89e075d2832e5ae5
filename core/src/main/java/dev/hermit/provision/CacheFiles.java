package dev.hermit.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Files the SDK cache keeps to save later builds work: written whole or not at all, and never needed. */
final class CacheFiles {
  private CacheFiles() {}

  /**
   * Replaces {@code dest} with {@code content}, renamed into place from a '.'-named partial file beside it (hermit
   * sdk prune removes those; a new file that does not follow a planted link), with the umask's permissions, as the
   * downloads are written. False when the cache cannot take it (full, read-only): the work is done again next time.
   */
  static boolean replace(Path dest, byte[] content) {
    Path tmp = dest.resolveSibling("." + dest.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
    try {
      Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return true;
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // a partial file that hermit sdk prune removes
      }
      return false;
    }
  }
}
