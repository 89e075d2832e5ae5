package dev.hermit.payload;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** The fixed 72 bytes at the end of a hermit executable (docs/FORMAT.md). */
public record Trailer(int version, Codec codec, long manifestLength, long treeLength, long treeSize, byte[] sha256) {
  public static final int SIZE = 72;
  public static final int VERSION = 1;
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
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(version).putInt(codec.id()).putLong(manifestLength).putLong(treeLength).putLong(treeSize);
    b.put(sha256).put(MAGIC);
    return b.array();
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
    if (version != VERSION) {
      throw new PayloadFormatException("payload format version " + version + " is not supported (this hermit reads " + VERSION + ")");
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
