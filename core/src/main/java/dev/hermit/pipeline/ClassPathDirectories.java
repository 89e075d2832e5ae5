package dev.hermit.pipeline;

import dev.hermit.payload.PayloadReader;
import dev.hermit.payload.TreeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory on the app's class path (or a distribution's conf/) is packed whole, as java would read any file in
 * it. Not hermit's own executables, though: a jar whose manifest says {@code Class-Path: .} builds with {@code -o}
 * beside it into its own directory, and each rebuild packed the last output into the next (34, 68, 103 MB, and
 * growing).
 */
final class ClassPathDirectories {
  private ClassPathDirectories() {}

  static void addTo(TreeBuilder tree, String at, Path dir, Path output, BuildListener listener) throws IOException {
    List<Path> left = new ArrayList<>();
    try {
      tree.tree(at, dir, p -> {
        if (p.toAbsolutePath().normalize().equals(output)) {
          return false; // the last build's output, which this one replaces
        }
        if (Files.isExecutable(p) && hermitExecutable(p)) { // outputs are written executable: no read of the rest
          left.add(dir.relativize(p));
          return false;
        }
        return true;
      }, note -> listener.warn(note.startsWith(dir.getFileName() + " ") ? note : dir.getFileName() + "/" + note));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (!left.isEmpty()) {
      listener.warn("the directory " + dir + " holds hermit executables, left out of this one: "
          + String.join(", ", left.stream().map(Path::toString).toList())
          + " (build into another directory to keep them apart)");
    }
  }

  private static boolean hermitExecutable(Path p) {
    try {
      return PayloadReader.isHermitExecutable(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
