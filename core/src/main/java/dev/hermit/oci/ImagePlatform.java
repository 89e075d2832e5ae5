package dev.hermit.oci;

import dev.hermit.platform.Target;
import java.nio.file.Path;
import java.util.Objects;

/** One platform of an image: the executable built for {@code target}. */
public record ImagePlatform(Target target, Path executable) {
  public ImagePlatform {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(executable, "executable");
  }
}
