package dev.hermit.provision;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks a .deb's files (its data.tar.xz, .gz or plain .tar) into a directory: in pure Java, or with the host's
 * xz program decoding where there is one ({@link XzProgram}).
 */
final class DebArchive {
  private DebArchive() {}

  static void extract(Path deb, Path root) throws IOException {
    extract(deb, root, XzProgram.available());
  }

  /** @param xzProgram decode data.tar.xz with the xz program rather than in Java */
  static void extract(Path deb, Path root, boolean xzProgram) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(deb), 1 << 16)) {
      ArReader ar = new ArReader(in);
      for (String name; (name = ar.next()) != null; ) {
        if (!name.startsWith("data.tar")) {
          continue;
        }
        if (name.equals("data.tar.xz") && xzProgram) {
          try (XzProgram xz = XzProgram.decode(ar.member())) {
            new TarExtractor(root).extract(new BufferedInputStream(xz.output(), 1 << 16));
            xz.finish();
          }
          return;
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
