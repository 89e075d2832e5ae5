package dev.hermit.cli;

import dev.hermit.HermitException;
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

  private final Map<String, String> labels = new LinkedHashMap<>();

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
      if (!labels.isEmpty() || layout != null) {
        throw new CommandLine.ParameterException(cmd, (layout != null ? "--image-layout" : "--label")
            + " is for --image, which is not given");
      }
      return;
    }
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
          parsedLayout));
    } catch (IOException e) {
      throw new HermitException("cannot write the image " + image + ": " + e.getMessage(), e);
    }
  }
}
