package dev.hermit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removing a directory tree. The walk never follows a symbolic link (a link in the tree is removed, not what it
 * points at), so a tree that an app or an archive filled cannot lead the removal outside it.
 */
public final class FileTrees {
  private FileTrees() {}

  /** Removes {@code dir} and everything in it; nothing there is not an error. */
  public static void delete(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** As {@link #delete}, for scratch and half-written trees whose leftovers are harmless: failures are ignored. */
  public static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      delete(dir);
    } catch (IOException | RuntimeException ignored) {
      // left for the next eviction or the system's temp cleaning
    }
  }
}
