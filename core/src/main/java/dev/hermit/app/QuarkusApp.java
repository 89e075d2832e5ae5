package dev.hermit.app;

import dev.hermit.HermitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Quarkus application in its default "fast-jar" layout ({@code target/quarkus-app}): {@code quarkus-run.jar}
 * names only the boot jars in its Class-Path; its entry point then reads {@code quarkus/quarkus-application.dat}
 * next to it and loads {@code lib/main}, {@code app} and {@code quarkus/*.jar} with a class loader of its own. So
 * the whole directory goes into the executable with its layout, and every jar in it is read for modules; packing
 * the jar and its Class-Path alone built an output that died at start (NoSuchFileException for the .dat).
 */
final class QuarkusApp {
  static final String ENTRY_POINT = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
  static final String INDEX = "quarkus/quarkus-application.dat";

  private QuarkusApp() {}

  /** Whether {@code jar} is the runner of a fast-jar layout: Quarkus' entry point, with its index beside it. */
  static boolean isRunner(Path jar, String mainClass) {
    return ENTRY_POINT.equals(mainClass) && Files.isRegularFile(jar.getParent().resolve(INDEX));
  }

  /**
   * The app with every regular file of the runner's directory under {@code app/}, in path order (the build
   * information lists them); the runner is run with {@code -jar} as {@code java -jar quarkus-run.jar} runs it.
   */
  static AppInput resolve(Path jar, String mainClass, Map<String, String> attributes) {
    Path dir = jar.getParent();
    List<Path> all;
    try (Stream<Path> walk = Files.walk(dir)) {
      all = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new HermitException("cannot list the Quarkus application in " + dir + ": " + e.getMessage());
    }
    Map<Path, String> files = new LinkedHashMap<>();
    List<Path> classPath = new ArrayList<>(List.of(jar));
    files.put(jar, "app/" + jar.getFileName());
    for (Path f : all) {
      if (!f.equals(jar)) {
        files.put(f, "app/" + dir.relativize(f).toString().replace('\\', '/'));
        if (f.getFileName().toString().endsWith(".jar")) {
          classPath.add(f);
        }
      }
    }
    String title = attributes.get("Implementation-Title");
    String name = title != null && title.matches("[A-Za-z0-9._-]+") ? title : "quarkus-app";
    return new AppInput(name, mainClass, "app/" + jar.getFileName(), List.of(), files, classPath, attributes);
  }
}
