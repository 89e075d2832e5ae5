package dev.hermit.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether hermit:build can leave its outputs as they are, as maven-jar-plugin leaves a jar whose contents did not
 * change: a build that repacked the same executables took seconds per target on every {@code mvn package}.
 *
 * <p>The build's inputs are one text (every setting, every input file's path, size and modification time, hermit's own
 * jars, the JDK Maven runs on, the HERMIT_ variables) kept in {@code OUTPUT_DIRECTORY/.hermit-build} with what the
 * build wrote, each as path, size and modification time. The outputs are up to date when the text is the same and
 * each output is still as written. The file is removed before a build starts, so a failed or stopped build never
 * leaves one that vouches for older outputs. What this cannot see: a file rewritten to the same size within the
 * file system's time resolution, or a newer package in Debian's archive for a cross build; {@code -Dhermit.force}
 * builds anyway.
 */
final class UpToDate {
  static final String FILE = ".hermit-build";
  private static final String OUTPUTS = "--- outputs\n";

  private final Path stamp;
  private final String inputs;

  UpToDate(Path outputDirectory, String inputs) {
    this.stamp = outputDirectory.resolve(FILE);
    this.inputs = inputs;
  }

  /** The outputs recorded for the same inputs, each still as written; empty when a build is needed. */
  Optional<List<Path>> outputs() {
    try {
      if (!Files.isRegularFile(stamp, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      String text = Files.readString(stamp, StandardCharsets.UTF_8);
      int at = text.indexOf(OUTPUTS);
      if (at < 0 || !text.substring(0, at).equals(inputs)) {
        return Optional.empty();
      }
      List<Path> outputs = new ArrayList<>();
      for (String line : text.substring(at + OUTPUTS.length()).split("\n")) {
        if (line.isEmpty()) {
          continue;
        }
        Path p = Path.of(line.substring(0, line.indexOf('\t')));
        if (!line.equals(describe(p))) {
          return Optional.empty();
        }
        outputs.add(p);
      }
      return outputs.isEmpty() ? Optional.empty() : Optional.of(outputs);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable or not ours: build
    }
  }

  /** Before a build: what vouched for the old outputs goes first. */
  void forget() throws IOException {
    Files.deleteIfExists(stamp);
  }

  /** After a build: the inputs and what was written (executables, the image's index or archive). */
  void record(List<Path> outputs) throws IOException {
    StringBuilder text = new StringBuilder(inputs).append(OUTPUTS);
    for (Path p : outputs) {
      text.append(describe(p)).append('\n');
    }
    Path tmp = stamp.resolveSibling(FILE + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, stamp, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** A file as one line: its absolute path, size and modification time; a directory with every file below it. */
  static String describe(Path p) throws IOException {
    Path abs = p.toAbsolutePath().normalize();
    if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      return abs + "\tmissing";
    }
    if (!Files.isDirectory(abs)) {
      return abs + "\t" + Files.size(abs) + "\t" + Files.getLastModifiedTime(abs).toMillis();
    }
    StringBuilder all = new StringBuilder(abs + "\tdirectory");
    try (Stream<Path> files = Files.walk(abs)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        all.append(' ').append(abs.relativize(f)).append(':').append(Files.size(f)).append(':')
            .append(Files.getLastModifiedTime(f).toMillis());
      }
    }
    return all.toString();
  }
}
