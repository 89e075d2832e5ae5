package dev.hermit.pipeline;

import dev.hermit.app.AppInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A launcher jar (Ant's ant-launcher.jar, Jetty's start.jar, Artemis's artemis-boot.jar) finds the application's
 * jars beside itself at run time: built alone, its output runs with none of them. Built so, Ant's said only "Failed
 * to locateorg.apache.tools.ant.Main" at its first run; the build now says which jars stay behind and what to build
 * instead.
 */
final class LauncherJars {
  private LauncherJars() {}

  static void warnOfJarsLeftBehind(AppInput app, boolean launcher, BuildListener listener) throws IOException {
    if (!launcher || app.launchJar() == null) {
      return;
    }
    Path jar = app.files().entrySet().stream().filter(e -> e.getValue().equals(app.launchJar()))
        .map(Map.Entry::getKey).findFirst().orElse(null);
    Path dir = jar == null ? null : jar.toAbsolutePath().getParent();
    if (dir == null) {
      return;
    }
    List<Path> behind;
    try (Stream<Path> s = Stream.concat(jarsIn(dir), jarsIn(dir.resolve("lib")))) {
      behind = s.filter(p -> !app.files().containsKey(p)).sorted().toList();
    }
    if (behind.isEmpty()) {
      return;
    }
    List<String> names = behind.stream().map(p -> dir.relativize(p).toString()).toList();
    // a distribution's lib/ (Ant's) is built as the distribution; a home with the launcher at its top (Jetty's) too
    Path home = dir.getFileName() != null && dir.getFileName().toString().equals("lib") ? dir.getParent() : dir;
    listener.warn(jar.getFileName() + " is a launcher that loads jars through a class loader of its own at run time,"
        + " and " + behind.size() + (behind.size() == 1 ? " jar beside it stays" : " jars beside it stay")
        + " out of the output (" + String.join(", ", names.size() <= 4 ? names : names.subList(0, 4))
        + (names.size() > 4 ? ", ..." : "") + "): if it loads them, build the directory it runs from with the main"
        + " class it starts (hermit build " + home + " --main " + app.mainClass() + "), or give them with"
        + " --class-path");
  }

  private static Stream<Path> jarsIn(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Stream.empty();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).toList().stream();
    }
  }
}
