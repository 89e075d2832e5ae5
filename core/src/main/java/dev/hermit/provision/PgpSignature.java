package dev.hermit.provision;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

/**
 * A version 4 signature packet (RFC 4880 §5.2.3): what was signed how, by whom (the issuer subpackets), and the
 * RSA value. Only the hashed subpackets are covered by the signature; the issuer may sit in either area, which is
 * harmless: a wrong issuer only makes verification fail.
 */
final class PgpSignature {
  static final int CANONICAL_TEXT = 0x01;

  final int type;
  final int publicKeyAlgorithm;
  final int hashAlgorithm;
  private final byte[] hashedPrefix; // version .. hashed subpackets: the part the hash covers
  private final byte[] left16;
  private final BigInteger rsaValue;
  private final byte[] ed25519Value; // r || s, 64 bytes
  private byte[] issuerFingerprint;
  private Long issuerKeyId;

  private PgpSignature(byte[] body) {
    ByteBuffer b = ByteBuffer.wrap(body);
    int version = b.get();
    if (version != 4) {
      throw new PgpException("signature packet version " + version + " (only 4 is read)");
    }
    type = b.get() & 0xff;
    publicKeyAlgorithm = b.get() & 0xff;
    hashAlgorithm = b.get() & 0xff;
    int hashedLength = b.getShort() & 0xffff;
    readSubpackets(body, 6, hashedLength);
    b.position(6 + hashedLength);
    hashedPrefix = Arrays.copyOf(body, 6 + hashedLength);
    int unhashedLength = b.getShort() & 0xffff;
    readSubpackets(body, b.position(), unhashedLength);
    b.position(b.position() + unhashedLength);
    left16 = new byte[2];
    b.get(left16);
    rsaValue = publicKeyAlgorithm == PgpPublicKey.RSA ? PgpPackets.mpi(b) : null;
    ed25519Value = publicKeyAlgorithm == PgpPublicKey.EDDSA ? concat32(PgpPackets.mpi(b), PgpPackets.mpi(b)) : null;
  }

  private static byte[] concat32(BigInteger r, BigInteger s) {
    byte[] out = new byte[64];
    for (int i = 0; i < 2; i++) {
      byte[] v = (i == 0 ? r : s).toByteArray();
      int len = Math.min(v.length, 32); // MPIs drop leading zeros; toByteArray may add a sign byte
      if (v.length > 33 || (v.length == 33 && v[0] != 0)) {
        throw new PgpException("an EdDSA signature value longer than 32 bytes");
      }
      System.arraycopy(v, v.length - len, out, i * 32 + 32 - len, len);
    }
    return out;
  }

  static PgpSignature parse(byte[] body) {
    try {
      return new PgpSignature(body);
    } catch (java.nio.BufferUnderflowException e) {
      throw new PgpException("truncated signature packet");
    }
  }

  byte[] issuerFingerprint() {
    return issuerFingerprint;
  }

  Long issuerKeyId() {
    return issuerKeyId;
  }

  private void readSubpackets(byte[] body, int from, int length) {
    int p = from;
    int end = from + length;
    if (end > body.length) {
      throw new PgpException("signature subpackets run past the packet");
    }
    while (p < end) {
      int first = body[p] & 0xff;
      int len;
      if (first < 192) {
        len = first;
        p += 1;
      } else if (first < 255) {
        len = ((first - 192) << 8) + (body[p + 1] & 0xff) + 192;
        p += 2;
      } else {
        len = ByteBuffer.wrap(body, p + 1, 4).getInt();
        p += 5;
      }
      if (len < 1 || p + len > end) {
        throw new PgpException("bad signature subpacket length");
      }
      int type = body[p] & 0x7f;
      if (type == 33 && len == 22 && body[p + 1] == 4) {
        issuerFingerprint = Arrays.copyOfRange(body, p + 2, p + 22);
      } else if (type == 16 && len == 9) {
        issuerKeyId = ByteBuffer.wrap(body, p + 1, 8).getLong();
      }
      p += len;
    }
  }

  /** The v4 trailer (§5.2.4): the hashed part of the packet, then 0x04 0xFF and its length as 4 bytes. */
  private byte[] trailer() {
    int n = hashedPrefix.length;
    byte[] t = Arrays.copyOf(hashedPrefix, n + 6);
    t[n] = 4;
    t[n + 1] = (byte) 0xff;
    t[n + 2] = (byte) (n >>> 24);
    t[n + 3] = (byte) (n >>> 16);
    t[n + 4] = (byte) (n >>> 8);
    t[n + 5] = (byte) n;
    return t;
  }

  /** OpenPGP's EdDSA signs the digest of data and trailer, not the data itself (RFC 4880bis §5.2.4). */
  private boolean verifyEd25519(PgpPublicKey key, byte[] data) {
    String digest = switch (hashAlgorithm) {
      case 8 -> "SHA-256";
      case 9 -> "SHA-384";
      case 10 -> "SHA-512";
      default -> null;
    };
    if (digest == null || !key.key().getAlgorithm().startsWith("Ed")) {
      return false;
    }
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance(digest);
      md.update(data);
      byte[] hash = md.digest(trailer());
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key.key());
      s.update(hash);
      return s.verify(ed25519Value);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Whether {@code key} made this signature over {@code data} (already canonicalized as the type requires). */
  boolean verify(PgpPublicKey key, byte[] data) {
    if (ed25519Value != null) {
      return verifyEd25519(key, data);
    }
    if (rsaValue == null) {
      return false;
    }
    String algorithm = switch (hashAlgorithm) {
      case 8 -> "SHA256withRSA";
      case 10 -> "SHA512withRSA";
      case 9 -> "SHA384withRSA";
      default -> null; // MD5, SHA-1 and the rest: not accepted
    };
    if (algorithm == null) {
      return false;
    }
    if (!key.key().getAlgorithm().equals("RSA")) {
      return false;
    }
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initVerify(key.key());
      s.update(data);
      s.update(trailer());
      int modulusBytes = (((RSAPublicKey) key.key()).getModulus().bitLength() + 7) / 8;
      byte[] value = rsaValue.toByteArray();
      if (value.length > modulusBytes + 1 || (value.length == modulusBytes + 1 && value[0] != 0)) {
        return false;
      }
      byte[] padded = new byte[modulusBytes]; // PKCS#1 wants exactly the modulus' length; the MPI drops leading zeros
      int copy = Math.min(value.length, modulusBytes);
      System.arraycopy(value, value.length - copy, padded, modulusBytes - copy, copy);
      return s.verify(padded);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
