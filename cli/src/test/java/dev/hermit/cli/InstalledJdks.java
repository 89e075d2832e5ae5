package dev.hermit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDKs installed in /usr/lib/jvm, found by what their {@code release} file and directories say, never by a
 * directory name that spells one vendor and one arch (temurin-25-jdk-amd64).
 */
final class InstalledJdks {
  private InstalledJdks() {}

  static final Path ROOT = Path.of("/usr/lib/jvm");
  private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"((\\d+)[^\"]*)\"");

  /** An installed JDK: its directory and its feature release (17, 25). */
  record Jdk(Path home, int feature, String version) {
    boolean hasJmods() {
      return Files.isDirectory(home.resolve("jmods"));
    }

    Path tool(String name) {
      return home.resolve("bin").resolve(name);
    }
  }

  static List<Jdk> all() {
    try (Stream<Path> s = Files.list(ROOT)) {
      return s.sorted().filter(d -> !Files.isSymbolicLink(d) && Files.isRegularFile(d.resolve("release")))
          .map(InstalledJdks::read).flatMap(Optional::stream).toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Optional<Jdk> find(Predicate<Jdk> wanted) {
    return all().stream().filter(wanted).findFirst();
  }

  private static Optional<Jdk> read(Path home) {
    try {
      Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
      if (!m.find()) {
        return Optional.empty();
      }
      return Optional.of(new Jdk(home, Integer.parseInt(m.group(2)), m.group(1)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
