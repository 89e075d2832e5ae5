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

  /** Where a link to a directory is not followed: the system's own trees, never an app's. */
  private static final java.util.List<Path> SYSTEM_TREES = java.util.List.of(Path.of("/proc"), Path.of("/sys"),
      Path.of("/dev"), Path.of("/run"));

  /**
   * Every path below {@code dir} (itself a link or not), sorted, links to directories followed as java follows
   * them (Debian's /usr/share/maven/conf is a link to /etc/maven: it came through empty). Each link followed is
   * told to {@code notes}, with where it leads, as what it holds is this machine's; not followed, and told: a link
   * to a directory above (a loop, or /), or into /proc, /sys, /dev or /run. What a followed link holds that cannot
   * be read is left out and told (a logs link to a 0700 /var/log/APP); elsewhere it fails the walk.
   */
  public static java.util.List<Path> walkFollowingLinks(Path dir, java.util.function.Consumer<String> notes)
      throws IOException {
    java.util.List<Path> out = new java.util.ArrayList<>();
    java.util.List<Path> followed = new java.util.ArrayList<>();
    Path top = dir.toRealPath();
    if (Files.isSymbolicLink(dir)) { // the walk's start is a link itself (a distribution's rootfs -> /)
      Path above = dir.toAbsolutePath().getParent() == null ? top : dir.toAbsolutePath().getParent().toRealPath();
      if (!follows(dir.getFileName().toString(), top, above, notes)) {
        return out;
      }
      followed.add(dir);
    }
    Files.walkFileTree(dir, java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
        new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult preVisitDirectory(Path d,
              java.nio.file.attribute.BasicFileAttributes a) throws IOException {
            if (d.equals(dir)) {
              return java.nio.file.FileVisitResult.CONTINUE;
            }
            out.add(d);
            if (Files.isSymbolicLink(d)) {
              if (!follows(dir.relativize(d).toString(), d.toRealPath(), top, notes)) {
                return java.nio.file.FileVisitResult.SKIP_SUBTREE;
              }
              followed.add(d);
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
            if (e instanceof java.nio.file.AccessDeniedException
                && (Files.isSymbolicLink(f) || followed.stream().anyMatch(f::startsWith))) {
              notes.accept(dir.relativize(f) + " cannot be read (" + e.getMessage() + "): left out");
              return java.nio.file.FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
    out.sort(null);
    return out;
  }

  /**
   * Whether the link {@code name}, to the directory {@code real}, is followed by a walk of the tree {@code top}:
   * not to a directory above it (a loop, or /) nor into the system's trees. Told to {@code notes} either way.
   */
  private static boolean follows(String name, Path real, Path top, java.util.function.Consumer<String> notes) {
    boolean above = top.startsWith(real);
    if (above || SYSTEM_TREES.stream().anyMatch(real::startsWith)) {
      notes.accept(name + " is a link to " + real + ", which is not followed (" + (above ? "a directory above it"
          : "the system's") + ")");
      return false;
    }
    notes.accept(name + " is a link to " + real + ": what it holds on this machine is packed");
    return true;
  }
}
