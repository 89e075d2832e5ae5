package dev.hermit.provision;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The host's Debian mirror, for tests that read the real archive; they skip loudly on a host without one. */
final class LiveMirror {
  private LiveMirror() {}

  static URI uri() {
    Optional<URI> mirror = DebianMirror.fromApt(Path.of("/"));
    if (mirror.isEmpty() && System.getenv("HERMIT_DEBIAN_MIRROR") != null) {
      mirror = Optional.of(DebianMirror.normalize(System.getenv("HERMIT_DEBIAN_MIRROR")));
    }
    assumeTrue(mirror.isPresent(), "SKIPPED LOUDLY: no Debian apt source on this host and no HERMIT_DEBIAN_MIRROR");
    return mirror.get();
  }

  /** Downloads a file of the archive (e.g. dists/bookworm/InRelease) into dir, keeping its path. */
  static Path fetch(Path dir, String path) throws IOException {
    Path dest = dir.resolve(path);
    Files.createDirectories(dest.getParent());
    Files.write(dest, new Fetcher(uri()).bytes(path));
    return dest;
  }
}
