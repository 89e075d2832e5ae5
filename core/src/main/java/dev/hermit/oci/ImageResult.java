package dev.hermit.oci;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link OciImage#write} wrote.
 *
 * @param reference the digest of what the tag {@code latest} points at: the manifest of a one-platform image, the
 *     image index of a multi-platform one
 * @param manifests each platform's manifest digest, in the order of the request's platforms
 */
public record ImageResult(Path destination, boolean archive, String reference, List<String> manifests, long size,
    List<String> warnings) {
  public ImageResult {
    manifests = List.copyOf(manifests);
    warnings = List.copyOf(warnings);
  }
}
