package dev.hermit.payload;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The fixed 72 bytes at the end of a hermit executable (docs/FORMAT.md). Version 2, which the writer writes, hashes
 * its first {@link #FIELDS} bytes (version, codec, lengths, tree size) after the manifest and the tree; version 1,
 * still read, hashes only the manifest and the tree.
 */
public record Trailer(int version, Codec codec, long manifestLength, long treeLength, long treeSize, byte[] sha256) {
  public static final int SIZE = 72;
  public static final int VERSION = 2;
  /** Bytes of the trailer before the hash: the fields version 2 covers by it. */
  public static final int FIELDS = 32;
  static final byte[] MAGIC = "HERMITPL".getBytes(StandardCharsets.US_ASCII);

  public Trailer {
    sha256 = sha256.clone();
    if (sha256.length != 32) {
      throw new IllegalArgumentException("sha256 must be 32 bytes");
    }
  }

  @Override
  public byte[] sha256() {
    return sha256.clone();
  }

  public String sha256Hex() {
    return HexFormat.of().formatHex(sha256);
  }

  /** Bytes of manifest, tree and trailer together: what follows the launcher. */
  public long payloadLength() {
    return manifestLength + treeLength + SIZE;
  }

  public byte[] encode() {
    return ByteBuffer.allocate(SIZE).put(fields(version, codec, manifestLength, treeLength, treeSize))
        .put(sha256).put(MAGIC).array();
  }

  /** The bytes the hash covers after the manifest and the tree: the first 32 in version 2, none in version 1. */
  public byte[] hashedFields() {
    return version >= 2 ? fields(version, codec, manifestLength, treeLength, treeSize) : new byte[0];
  }

  /**
   * The version-2 trailer of a payload whose manifest and tree went into {@code digest}: adds the fields to it, so
   * that the hash covers every field that steers decoding.
   */
  public static Trailer seal(MessageDigest digest, Codec codec, long manifestLength, long treeLength, long treeSize) {
    digest.update(fields(VERSION, codec, manifestLength, treeLength, treeSize));
    return new Trailer(VERSION, codec, manifestLength, treeLength, treeSize, digest.digest());
  }

  private static byte[] fields(int version, Codec codec, long manifestLength, long treeLength, long treeSize) {
    return ByteBuffer.allocate(FIELDS).order(ByteOrder.LITTLE_ENDIAN).putInt(version).putInt(codec.id())
        .putLong(manifestLength).putLong(treeLength).putLong(treeSize).array();
  }

  /** True when the last bytes of a file carry the magic: the file claims to be a hermit executable. */
  public static boolean hasMagic(byte[] last72) {
    return last72.length == SIZE && java.util.Arrays.equals(last72, SIZE - 8, SIZE, MAGIC, 0, 8);
  }

  /** Decodes and validates a trailer against the size of the file it ends. */
  public static Trailer decode(byte[] last72, long fileSize) {
    if (!hasMagic(last72)) {
      throw new PayloadFormatException("not a hermit executable: no payload trailer at the end of the file");
    }
    ByteBuffer b = ByteBuffer.wrap(last72).order(ByteOrder.LITTLE_ENDIAN);
    int version = b.getInt();
    if (version != 1 && version != VERSION) {
      throw new PayloadFormatException("payload format version " + Integer.toUnsignedString(version)
          + " is not supported (this hermit reads 1 and " + VERSION + ")");
    }
    Codec codec = Codec.of(b.getInt());
    long manifestLength = b.getLong();
    long treeLength = b.getLong();
    long treeSize = b.getLong();
    byte[] sha = new byte[32];
    b.get(sha);
    if (manifestLength < 0 || treeLength < 0 || treeSize < 0
        || manifestLength > fileSize || treeLength > fileSize || SIZE + manifestLength + treeLength > fileSize) {
      throw new PayloadFormatException("the file is truncated: the trailer describes a payload of "
          + (SIZE + manifestLength + treeLength) + " bytes but the file has " + fileSize);
    }
    return new Trailer(version, codec, manifestLength, treeLength, treeSize, sha);
  }
}
