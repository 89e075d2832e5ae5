package dev.hermit.provision;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks a .deb's files (its data.tar.xz, .gz or plain .tar) into a directory: in pure Java, or with the host's
 * xz program decoding where there is one ({@link XzProgram}).
 */
final class DebArchive {
  private DebArchive() {}

  /** Unpacks the package's files into {@code root}; returns the alternatives its postinst installs. */
  static List<Alternatives> extract(Path deb, Path root) throws IOException {
    return extract(deb, root, XzProgram.available());
  }

  /** @param xzProgram decode data.tar.xz with the xz program rather than in Java */
  static List<Alternatives> extract(Path deb, Path root, boolean xzProgram) throws IOException {
    List<Alternatives> alternatives = List.of();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(deb), 1 << 16)) {
      ArReader ar = new ArReader(in);
      for (String name; (name = ar.next()) != null; ) {
        if (name.startsWith("control.tar")) {
          alternatives = Alternatives.parse(postinst(name, ar.member(), root));
          continue;
        }
        if (!name.startsWith("data.tar")) {
          continue;
        }
        if (name.equals("data.tar.xz") && xzProgram) {
          try (XzProgram xz = XzProgram.decode(ar.member())) {
            new TarExtractor(root).extract(new BufferedInputStream(xz.output(), 1 << 16));
            xz.finish();
          }
          return alternatives;
        }
        InputStream data = switch (name) {
          case "data.tar.xz" -> new XZInputStream(ar.member());
          case "data.tar.gz" -> new GZIPInputStream(ar.member(), 1 << 16);
          case "data.tar" -> ar.member();
          // zstd: Debian uses xz for its own packages (bookworm and trixie); no pure-Java zstd reader here yet
          default -> throw new IOException(deb.getFileName() + " holds " + name + ", which hermit cannot unpack");
        };
        new TarExtractor(root).extract(new BufferedInputStream(data, 1 << 16));
        return alternatives;
      }
      throw new IOException(deb.getFileName() + " has no data.tar member");
    }
  }

  /** The postinst of a control archive (unpacked beside {@code root}, then removed), or "" when it has none. */
  private static String postinst(String name, InputStream member, Path root) throws IOException {
    InputStream control = switch (name) {
      case "control.tar.xz" -> new XZInputStream(member);
      case "control.tar.gz" -> new GZIPInputStream(member, 1 << 16);
      case "control.tar" -> member;
      default -> null; // another codec: no alternatives read, as before
    };
    if (control == null) {
      return "";
    }
    Path dir = Files.createTempDirectory(root, ".control"); // in the tree being unpacked, which a failure removes
    try {
      new TarExtractor(dir).extract(new BufferedInputStream(control, 1 << 16));
      Path script = dir.resolve("postinst");
      return Files.isRegularFile(script, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          ? Files.readString(script, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
    } finally {
      dev.hermit.FileTrees.delete(dir);
    }
  }
}
