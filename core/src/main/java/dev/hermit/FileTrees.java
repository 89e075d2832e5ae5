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

  /**
   * Every path below {@code dir} (itself a link or not), sorted, links to directories followed as java follows
   * them (Debian's /usr/share/maven/conf is a link to /etc/maven: it came through empty); a link back to a
   * directory above it is not walked again.
   */
  public static java.util.List<Path> walkFollowingLinks(Path dir) throws IOException {
    java.util.List<Path> out = new java.util.ArrayList<>();
    Files.walkFileTree(dir, java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
        new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult preVisitDirectory(Path d,
              java.nio.file.attribute.BasicFileAttributes a) {
            if (!d.equals(dir)) {
              out.add(d);
            }
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) {
            out.add(f);
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
            if (e instanceof java.nio.file.FileSystemLoopException || !Files.exists(f)) {
              return java.nio.file.FileVisitResult.CONTINUE; // a loop, or a dangling link: nothing to carry
            }
            throw e;
          }
        });
    out.sort(null);
    return out;
  }
}
