package dev.hermit.provision;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A version 4 RSA public key or subkey packet (RFC 4880 §5.5.2). Keys of other algorithms are skipped by
 * {@link #readKeyring}: Debian's archive signing keys are RSA (its release keys are Ed25519, and every InRelease
 * also carries the archive keys' RSA signatures).
 */
record PgpPublicKey(byte[] fingerprint, PublicKey key, int bits) {
  static final int RSA = 1;

  /** The last 8 bytes of the fingerprint, as issuer subpackets name a key. */
  long keyId() {
    return ByteBuffer.wrap(fingerprint, 12, 8).getLong();
  }

  String fingerprintHex() {
    return HexFormat.of().withUpperCase().formatHex(fingerprint);
  }

  /** Every v4 RSA key and subkey in a binary keyring (as in /usr/share/keyrings). */
  static List<PgpPublicKey> readKeyring(byte[] keyring) {
    List<PgpPublicKey> keys = new ArrayList<>();
    for (PgpPackets.Packet p : PgpPackets.read(keyring)) {
      if ((p.tag() == 6 || p.tag() == 14) && p.body().length > 6 && p.body()[0] == 4 && p.body()[5] == RSA) {
        keys.add(parse(p.body()));
      }
    }
    return keys;
  }

  static PgpPublicKey parse(byte[] body) {
    ByteBuffer b = ByteBuffer.wrap(body);
    b.get(); // version 4
    b.getInt(); // creation time
    b.get(); // algorithm: RSA
    BigInteger n = PgpPackets.mpi(b);
    BigInteger e = PgpPackets.mpi(b);
    try {
      // The fingerprint is SHA-1 over 0x99, a two-byte length and the packet body (§12.2).
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(new byte[] {(byte) 0x99, (byte) (body.length >> 8), (byte) body.length});
      sha1.update(body);
      PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
      return new PgpPublicKey(sha1.digest(), key, n.bitLength());
    } catch (GeneralSecurityException ex) {
      throw new PgpException("unusable RSA key: " + ex.getMessage());
    }
  }

  boolean matches(PgpSignature sig) {
    if (sig.issuerFingerprint() != null) {
      return Arrays.equals(sig.issuerFingerprint(), fingerprint);
    }
    return sig.issuerKeyId() != null && sig.issuerKeyId() == keyId();
  }
}
