package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hermit.app.AppInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A launcher jar built alone: the jars beside it that it would load at run time are named, with what to build. */
class LauncherJarsTest {
  @TempDir Path dir;
  final List<String> warnings = new ArrayList<>();
  final BuildListener listener = e -> {
    if (e instanceof BuildEvent.Warning w) {
      warnings.add(w.message());
    }
  };

  AppInput launcherIn(Path jar) {
    return new AppInput("ant", "org.apache.tools.ant.launch.Launcher", "app/" + jar.getFileName(), List.of(),
        Map.of(jar, "app/" + jar.getFileName()), List.of(jar), Map.of());
  }

  @Test
  void theJarsBesideALauncherAreNamedWithTheDirectoryToBuild() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("ant/lib"));
    Path launcher = Files.writeString(lib.resolve("ant-launcher.jar"), "");
    Files.writeString(lib.resolve("ant.jar"), "");
    Files.writeString(lib.resolve("ant-junit.jar"), "");
    Files.writeString(lib.resolve("README"), "not a jar");
    LauncherJars.warnOfJarsLeftBehind(launcherIn(launcher), true, listener);
    assertEquals(List.of("ant-launcher.jar is a launcher that loads jars through a class loader of its own at run "
        + "time, and 2 jars beside it stay out of the output (ant-junit.jar, ant.jar): if it loads them, build the "
        + "directory it runs from with the main class it starts (hermit build " + dir.resolve("ant") + " --main "
        + "org.apache.tools.ant.launch.Launcher), or give them with --class-path"), warnings);
  }

  @Test
  void aLauncherWithNothingBesideItOrAnAppThatIsNoLauncherIsNotWarnedAbout() throws IOException {
    Path home = Files.createDirectories(dir.resolve("jetty"));
    Path start = Files.writeString(home.resolve("start.jar"), "");
    LauncherJars.warnOfJarsLeftBehind(launcherIn(start), true, listener);
    assertEquals(List.of(), warnings);

    Files.createDirectories(home.resolve("lib"));
    Files.writeString(home.resolve("lib/jetty-server.jar"), "");
    LauncherJars.warnOfJarsLeftBehind(launcherIn(start), false, listener);
    assertEquals(List.of(), warnings, "not a launcher");
    LauncherJars.warnOfJarsLeftBehind(launcherIn(start), true, listener);
    assertEquals(1, warnings.size());
    assertEquals(true, warnings.get(0).contains("1 jar beside it stays out of the output (lib/jetty-server.jar)"),
        warnings.get(0));
  }
}
