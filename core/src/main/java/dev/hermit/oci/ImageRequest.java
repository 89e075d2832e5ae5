package dev.hermit.oci;

import dev.hermit.HermitException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@link OciImage#write} writes: a {@code FROM scratch} image per platform, each holding its executable at
 * {@code entrypoint} and an empty {@code /tmp}.
 *
 * @param destination a directory for an OCI image layout, or a file ending in {@code .tar} for the same layout as
 *     a tar (an {@code oci-archive})
 * @param entrypoint where the executable goes in the image and what it runs: {@code /NAME}
 * @param labels the config's labels, e.g. {@code org.opencontainers.image.source}; written sorted
 * @param created the image's creation time (for reproducible images, {@code SOURCE_DATE_EPOCH}); when empty, no
 *     time is written and the layer's files have mtime 0
 * @param layout whether the executables go in as they are or with their payload unpacked
 * @param config the user the container runs as, its environment and the ports it exposes
 */
public record ImageRequest(Path destination, List<ImagePlatform> platforms, String entrypoint,
    Map<String, String> labels, Optional<Instant> created, Layout layout, ImageConfig config) {
  public static final String DEFAULT_ENTRYPOINT = "/app";

  /** An image run as the runtime's default user (root), with no environment and no exposed ports. */
  public ImageRequest(Path destination, List<ImagePlatform> platforms, String entrypoint, Map<String, String> labels,
      Optional<Instant> created, Layout layout) {
    this(destination, platforms, entrypoint, labels, created, layout, ImageConfig.NONE);
  }

  /** How an executable goes into its image. */
  public enum Layout {
    /**
     * The payload unpacked under {@code /hermit} and the launcher in front of it run in place: a container's every
     * start is a warm one (nothing extracted, nothing written). Two layers: the runtime, then the app. The default.
     */
    UNPACKED,
    /** The executable as it is, byte for byte, one layer: every start of a new container extracts it first. */
    FILE;

    /** The name users give: {@code unpacked}, {@code file}. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Layout parse(String id) {
      for (Layout l : values()) {
        if (l.id().equals(id)) {
          return l;
        }
      }
      throw new HermitException("unknown image layout '" + id + "': use unpacked (the default) or file");
    }
  }

  public ImageRequest {
    Objects.requireNonNull(destination, "destination");
    platforms = List.copyOf(platforms);
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(config, "config");
    if (platforms.isEmpty()) {
      throw new HermitException("an image needs at least one platform");
    }
    Set<String> seen = new HashSet<>();
    for (ImagePlatform p : platforms) {
      if (!seen.add(p.target().id())) {
        throw new HermitException("an image can hold one executable per platform; " + p.target() + " is given twice");
      }
    }
    if (!entrypoint.matches("/[^/\\x00]+") || OciImage.BASE_DIRS.contains(entrypoint.substring(1))
        || entrypoint.equals("/.") || entrypoint.equals("/..") || entrypoint.length() > 99) {
      throw new HermitException("the image's entrypoint '" + entrypoint + "' must be a file name under /, e.g. /app, and not "
          + String.join(", ", new java.util.TreeSet<>(OciImage.BASE_DIRS)));
    }
    for (String key : labels.keySet()) {
      if (key.isEmpty()) {
        throw new HermitException("an image label needs a name");
      }
      if (labels.get(key) == null) {
        throw new HermitException("the image label " + key + " has no value");
      }
    }
    if (created.isPresent() && created.get().isBefore(Instant.EPOCH)) {
      throw new HermitException("the image's creation time " + created.get() + " is before 1970");
    }
  }

  /** Whether the destination is an {@code oci-archive} (a tar of the layout) rather than a directory. */
  public boolean archive() {
    return destination.getFileName() != null && destination.getFileName().toString().endsWith(".tar");
  }
}
