package dev.hermit.cli;

import dev.hermit.HermitException;
import dev.hermit.oci.ImageConfig;
import dev.hermit.oci.ImageLabels;
import dev.hermit.oci.ImagePlatform;
import dev.hermit.oci.ImageRequest;
import dev.hermit.oci.ImageResult;
import dev.hermit.oci.OciImage;
import dev.hermit.pipeline.BuildResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code build --image}: translates the options and SOURCE_DATE_EPOCH into an {@link ImageRequest}. */
final class ImageOptions {
  @Option(names = "--image", paramLabel = "DIR|FILE.tar",
      description = {"also write a FROM scratch OCI image of the output, without a container daemon: an OCI image "
          + "layout in DIR (tag 'latest'), or the same as an oci-archive FILE.tar. The entrypoint is /app; "
          + "SOURCE_DATE_EPOCH, when set, is its creation time (docs/IMAGES.md)"})
  Path image;

  @Option(names = "--image-layout", paramLabel = "unpacked|file",
      description = {"how the output goes into the --image. unpacked (default): its payload already unpacked "
          + "under /hermit, run in place by /app, so every container starts as fast as a later run (nothing "
          + "extracted, nothing written: a read-only root and any user work); a runtime layer and an app layer. "
          + "file: /app is the executable byte for byte, one layer; each new container extracts it first"})
  String layout;

  // read as words and split here: picocli's own map option said "Value for option option '--label' ..."
  @Option(names = "--label", paramLabel = "KEY=VALUE",
      description = {"a label of the --image (repeatable), e.g.", "org.opencontainers.image.source=URL"})
  List<String> labelArgs = new java.util.ArrayList<>();

  @Option(names = "--image-user", paramLabel = "UID[:GID]",
      description = {"the user the --image's containers run as: a uid or uid:gid (e.g. 10001, which Kubernetes' "
          + "runAsNonRoot can verify), or root or nobody. Default: the runtime's, root"})
  String user;

  @Option(names = "--image-env", paramLabel = "NAME=VALUE",
      description = {"an environment variable of the --image (repeatable), e.g. TZ=Europe/Paris or "
          + "JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75"})
  List<String> envArgs = new java.util.ArrayList<>();

  @Option(names = "--image-port", paramLabel = "PORT[/tcp|/udp]",
      description = {"a port the --image's service listens on (repeatable), for `docker run -P` and readers of the "
          + "image; it publishes nothing itself"})
  List<String> portArgs = new java.util.ArrayList<>();

  private final Map<String, String> labels = new LinkedHashMap<>();
  private ImageConfig config = ImageConfig.NONE;

  private Optional<Instant> created = Optional.empty();
  private ImageRequest.Layout parsedLayout = ImageRequest.Layout.UNPACKED;

  /** Refuses what would fail after the build: a bad SOURCE_DATE_EPOCH, a destination holding something else. */
  void validate(CommandLine cmd) {
    for (String l : labelArgs) {
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw new CommandLine.ParameterException(cmd, "--label '" + l + "' is not KEY=VALUE (e.g. "
            + "org.opencontainers.image.source=https://example.com/app)");
      }
      labels.put(l.substring(0, eq), l.substring(eq + 1));
    }
    if (image == null) {
      String given = layout != null ? "--image-layout" : !labels.isEmpty() ? "--label" : user != null ? "--image-user"
          : !envArgs.isEmpty() ? "--image-env" : !portArgs.isEmpty() ? "--image-port" : null;
      if (given != null) {
        throw new CommandLine.ParameterException(cmd, given + " is for --image, which is not given");
      }
      return;
    }
    config = new ImageConfig(Optional.ofNullable(user).map(u -> checked(cmd, "--image-user", ImageConfig::user, u)),
        checked(cmd, "--image-env", ImageConfig::env, envArgs),
        portArgs.stream().map(p -> checked(cmd, "--image-port", ImageConfig::port, p)).toList());
    if (layout != null) {
      try {
        parsedLayout = ImageRequest.Layout.parse(layout);
      } catch (HermitException e) {
        throw new CommandLine.ParameterException(cmd, e.getMessage());
      }
    }
    String epoch = System.getenv("SOURCE_DATE_EPOCH");
    if (epoch != null && !epoch.isBlank()) {
      try {
        created = Optional.of(Instant.ofEpochSecond(Long.parseUnsignedLong(epoch.strip())));
      } catch (NumberFormatException | java.time.DateTimeException e) {
        throw new HermitException("SOURCE_DATE_EPOCH '" + epoch + "' is not a number of seconds since 1970");
      }
    }
    OciImage.checkDestination(image);
  }

  /** A value read by {@code read}, or the usage error naming the option: "--image-port '0' must be ...". */
  private static <T, R> R checked(CommandLine cmd, String option, java.util.function.Function<T, R> read, T value) {
    try {
      return read.apply(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, option + " " + e.getMessage());
    }
  }

  /** Writes the image of finished builds (several: one multi-platform index); null when --image is not given. */
  ImageResult write(List<BuildResult> builds) {
    if (image == null) {
      return null;
    }
    try {
      Map<String, String> all = new LinkedHashMap<>(ImageLabels.fromBuildInfo(builds.get(0).output()));
      all.putAll(labels);
      return OciImage.write(new ImageRequest(image, builds.stream()
          .map(b -> new ImagePlatform(b.target(), b.output())).toList(), ImageRequest.DEFAULT_ENTRYPOINT, all, created,
          parsedLayout, config));
    } catch (IOException e) {
      throw new HermitException("cannot write the image " + image + ": " + e.getMessage(), e);
    }
  }
}
