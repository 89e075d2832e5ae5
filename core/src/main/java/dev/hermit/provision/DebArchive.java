package dev.hermit.provision;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/** Unpacks a .deb's files (its data.tar.xz, .gz or plain .tar) into a directory, in pure Java. */
final class DebArchive {
  private DebArchive() {}

  static void extract(Path deb, Path root) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(deb), 1 << 16)) {
      ArReader ar = new ArReader(in);
      for (String name; (name = ar.next()) != null; ) {
        if (!name.startsWith("data.tar")) {
          continue;
        }
        InputStream data = switch (name) {
          case "data.tar.xz" -> new XZInputStream(ar.member());
          case "data.tar.gz" -> new GZIPInputStream(ar.member(), 1 << 16);
          case "data.tar" -> ar.member();
          // zstd: Debian uses xz for its own packages (bookworm and trixie); no pure-Java zstd reader here yet
          default -> throw new IOException(deb.getFileName() + " holds " + name + ", which hermit cannot unpack");
        };
        new TarExtractor(root).extract(new BufferedInputStream(data, 1 << 16));
        return;
      }
      throw new IOException(deb.getFileName() + " has no data.tar member");
    }
  }
}
