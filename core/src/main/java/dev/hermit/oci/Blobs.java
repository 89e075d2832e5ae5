package dev.hermit.oci;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The content-addressed {@code blobs/sha256/} directory of an image layout being written. */
final class Blobs {
  /** A reference to a blob: its media type, digest ({@code sha256:HEX}) and size in bytes. */
  record Descriptor(String mediaType, String digest, long size) {}

  /** A written layer: its descriptor and the digest of its uncompressed tar (the config's {@code diff_ids}). */
  record Layer(Descriptor descriptor, String diffId) {}

  /** Writes a layer's tar into a stream. */
  interface TarContent {
    void writeTo(OutputStream tar) throws IOException;
  }

  private final Path dir;

  Blobs(Path layout) throws IOException {
    this.dir = Files.createDirectories(layout.resolve("blobs/sha256"));
  }

  Descriptor put(String mediaType, byte[] content) throws IOException {
    String hex = HexFormat.of().formatHex(sha256().digest(content));
    Files.write(dir.resolve(hex), content);
    return new Descriptor(mediaType, "sha256:" + hex, content.length);
  }

  /** Streams a tar through gzip into a blob, hashing both sides on the way. */
  Layer putLayer(String mediaType, TarContent content) throws IOException {
    Path tmp = Files.createTempFile(dir, ".layer-", ".tmp");
    MessageDigest compressed = sha256();
    MessageDigest uncompressed = sha256();
    try {
      try (OutputStream file = Files.newOutputStream(tmp);
          DigestOutputStream gz = new DigestOutputStream(new java.io.BufferedOutputStream(file, 1 << 16), compressed);
          Gzip gzip = new Gzip(gz);
          DigestOutputStream tar = new DigestOutputStream(new java.io.BufferedOutputStream(gzip, 1 << 16),
              uncompressed)) {
        content.writeTo(tar);
      }
      String hex = HexFormat.of().formatHex(compressed.digest());
      long size = Files.size(tmp);
      Files.move(tmp, dir.resolve(hex), StandardCopyOption.REPLACE_EXISTING);
      // readable like the other blobs (a temporary file is made 0600): a registry or a tool run by another user reads it
      Files.setPosixFilePermissions(dir.resolve(hex), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      return new Layer(new Descriptor(mediaType, "sha256:" + hex, size),
          "sha256:" + HexFormat.of().formatHex(uncompressed.digest()));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
