package dev.hermit.provision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * One SHA-256 over an unpacked tree: every path in sorted order with its type, executable bit, and content or link
 * target. Recorded when the tree is made and compared on each use, so a damaged cache is noticed.
 */
final class TreeHash {
  private TreeHash() {}

  static String of(Path root, String skip) throws IOException {
    MessageDigest md = Fetcher.sha256();
    byte[] buf = new byte[1 << 16];
    for (Path p : paths(root, skip)) {
      String rel = root.relativize(p).toString().replace('\\', '/');
      if (Files.isSymbolicLink(p)) {
        md.update(("l " + rel + " -> " + Files.readSymbolicLink(p) + "\n").getBytes(StandardCharsets.UTF_8));
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        md.update(("d " + rel + "\n").getBytes(StandardCharsets.UTF_8));
      } else {
        md.update(("f " + rel + " " + Files.size(p) + (Files.isExecutable(p) ? " x" : "") + "\n")
            .getBytes(StandardCharsets.UTF_8));
        try (InputStream in = Files.newInputStream(p)) {
          for (int r; (r = in.read(buf)) > 0; ) {
            md.update(buf, 0, r);
          }
        }
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Every path under {@code root} but the file named {@code skip}, sorted by its path relative to the root. */
  static List<Path> paths(Path root, String skip) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.equals(root) && !p.getFileName().toString().equals(skip))
          .sorted((a, b) -> root.relativize(a).toString().compareTo(root.relativize(b).toString())).toList();
    }
  }
}
