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
 * A version 4 public key or subkey packet (RFC 4880 §5.5.2): RSA, or Ed25519 in the EdDSA form of RFC 4880bis
 * (algorithm 22). Keys of other algorithms are skipped by {@link #readKeyring}. Debian's archive signing keys are
 * RSA; its release keys are Ed25519.
 */
record PgpPublicKey(byte[] fingerprint, PublicKey key, int bits) {
  static final int RSA = 1;
  static final int EDDSA = 22;
  /** The OID of Ed25519 as OpenPGP writes it (1.3.6.1.4.1.11591.15.1), after its length byte. */
  private static final byte[] ED25519_OID = {0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0xda, 0x47, 0x0f, 0x01};
  /** The DER prefix of an X.509 SubjectPublicKeyInfo for an Ed25519 key, before its 32 bytes. */
  private static final byte[] ED25519_X509 = HexFormat.of().parseHex("302a300506032b6570032100");

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
      if ((p.tag() == 6 || p.tag() == 14) && p.body().length > 6 && p.body()[0] == 4) {
        if (p.body()[5] == RSA) {
          keys.add(parse(p.body()));
        } else if (p.body()[5] == EDDSA && isEd25519(p.body())) {
          keys.add(parseEd25519(p.body()));
        }
      }
    }
    return keys;
  }

  private static boolean isEd25519(byte[] body) {
    return body.length > 7 + ED25519_OID.length && body[6] == ED25519_OID.length
        && Arrays.equals(Arrays.copyOfRange(body, 7, 7 + ED25519_OID.length), ED25519_OID);
  }

  /** OID, then an MPI holding 0x40 and the 32-byte point (the "native" compressed form). */
  static PgpPublicKey parseEd25519(byte[] body) {
    ByteBuffer b = ByteBuffer.wrap(body, 7 + ED25519_OID.length, body.length - 7 - ED25519_OID.length);
    byte[] point = PgpPackets.mpi(b).toByteArray();
    if (point.length != 33 || point[0] != 0x40) {
      throw new PgpException("an Ed25519 key not in the native 0x40 form");
    }
    byte[] der = Arrays.copyOf(ED25519_X509, ED25519_X509.length + 32);
    System.arraycopy(point, 1, der, ED25519_X509.length, 32);
    try {
      PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new java.security.spec.X509EncodedKeySpec(der));
      return new PgpPublicKey(fingerprint(body), key, 256);
    } catch (GeneralSecurityException ex) {
      throw new PgpException("unusable Ed25519 key: " + ex.getMessage());
    }
  }

  private static byte[] fingerprint(byte[] body) {
    try {
      // The fingerprint is SHA-1 over 0x99, a two-byte length and the packet body (§12.2).
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(new byte[] {(byte) 0x99, (byte) (body.length >> 8), (byte) body.length});
      return sha1.digest(body);
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static PgpPublicKey parse(byte[] body) {
    ByteBuffer b = ByteBuffer.wrap(body);
    b.get(); // version 4
    b.getInt(); // creation time
    b.get(); // algorithm: RSA
    BigInteger n = PgpPackets.mpi(b);
    BigInteger e = PgpPackets.mpi(b);
    try {
      PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
      return new PgpPublicKey(fingerprint(body), key, n.bitLength());
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
