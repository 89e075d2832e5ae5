package dev.hermit.oci;

import dev.hermit.payload.BuildInfo;
import dev.hermit.payload.PayloadReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Image labels hermit knows without being told: what the executable's own build information says. */
public final class ImageLabels {
  public static final String VERSION = "org.opencontainers.image.version";
  public static final String SOURCE = "org.opencontainers.image.source";
  public static final String REVISION = "org.opencontainers.image.revision";

  private ImageLabels() {}

  /**
   * {@code org.opencontainers.image.version} from the Maven coordinates of the jar the executable launches, when
   * its build information records them (a Maven-built jar carries its pom.properties); nothing otherwise.
   */
  public static Map<String, String> fromBuildInfo(Path executable) throws IOException {
    Map<String, String> labels = new TreeMap<>();
    if (!PayloadReader.isHermitExecutable(executable)) {
      return labels;
    }
    BuildInfo info;
    try (PayloadReader reader = PayloadReader.open(executable)) {
      String text = reader.manifest().info();
      if (text == null) {
        return labels;
      }
      info = BuildInfo.parse(text);
    } catch (IllegalArgumentException e) { // unreadable: no labels from it, as inspect reports the problem
      return labels;
    }
    info.jar().flatMap(jar -> info.app().stream().filter(f -> f.path().equals(jar)).findFirst())
        .flatMap(BuildInfo.AppFile::maven).ifPresent(gav -> {
          String[] parts = gav.split(":");
          if (parts.length == 3 && !parts[2].isEmpty()) {
            labels.put(VERSION, parts[2]);
          }
        });
    return labels;
  }
}
