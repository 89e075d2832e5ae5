package dev.hermit.provision;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A throwaway RSA key written as OpenPGP packets by hand, and cleartext signatures made with it: a signer that is
 * not Debian, for the tests that must see such signatures refused.
 */
final class TestSigner {
  final KeyPair pair;
  final byte[] keyBody;
  final byte[] fingerprint;

  TestSigner() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    pair = g.generateKeyPair();
    RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(4);
    b.writeBytes(new byte[] {0x5f, 0, 0, 0}); // creation time
    b.write(1); // RSA
    writeMpi(b, pub.getModulus());
    writeMpi(b, pub.getPublicExponent());
    keyBody = b.toByteArray();
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    sha1.update(new byte[] {(byte) 0x99, (byte) (keyBody.length >> 8), (byte) keyBody.length});
    fingerprint = sha1.digest(keyBody);
  }

  /** The public key as a binary keyring (one new-format public key packet). */
  byte[] keyring() {
    return packet(6, keyBody);
  }

  /** A cleartext-signed message over these lines (dash-escaped as the format requires). */
  String clearSign(List<String> lines) throws GeneralSecurityException {
    List<String> canonical = new ArrayList<>();
    for (String l : lines) {
      canonical.add(l.replaceAll("[ \t]+$", ""));
    }
    byte[] data = String.join("\r\n", canonical).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream hashed = new ByteArrayOutputStream();
    hashed.write(22); // subpacket: length 22, issuer fingerprint (33), key version 4, fingerprint
    hashed.write(33);
    hashed.write(4);
    hashed.writeBytes(fingerprint);
    byte[] sub = hashed.toByteArray();
    ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    prefix.writeBytes(new byte[] {4, 1, 1, 10, (byte) (sub.length >> 8), (byte) sub.length});
    prefix.writeBytes(sub);
    byte[] pre = prefix.toByteArray();
    Signature s = Signature.getInstance("SHA512withRSA");
    s.initSign(pair.getPrivate());
    s.update(data);
    s.update(pre);
    int n = pre.length;
    s.update(new byte[] {4, (byte) 0xff, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    byte[] value = s.sign();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(pre);
    body.writeBytes(new byte[] {0, 0}); // no unhashed subpackets
    MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
    sha512.update(data);
    sha512.update(pre);
    byte[] digest = sha512.digest(new byte[] {4, (byte) 0xff, (byte) (n >>> 24), (byte) (n >>> 16),
        (byte) (n >>> 8), (byte) n});
    body.write(digest[0]);
    body.write(digest[1]);
    writeMpi(body, new BigInteger(1, value));
    StringBuilder out = new StringBuilder("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n");
    for (String l : lines) {
      out.append(l.startsWith("-") ? "- " + l : l).append('\n');
    }
    out.append("-----BEGIN PGP SIGNATURE-----\n\n")
        .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(packet(2, body.toByteArray())))
        .append("\n-----END PGP SIGNATURE-----\n");
    return out.toString();
  }

  private static byte[] packet(int tag, byte[] body) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0xc0 | tag);
    b.write(255);
    b.writeBytes(new byte[] {(byte) (body.length >>> 24), (byte) (body.length >>> 16), (byte) (body.length >>> 8),
        (byte) body.length});
    b.writeBytes(body);
    return b.toByteArray();
  }

  private static void writeMpi(ByteArrayOutputStream b, BigInteger v) {
    int bits = v.bitLength();
    b.write(bits >> 8);
    b.write(bits);
    byte[] bytes = v.toByteArray();
    int skip = bytes.length - (bits + 7) / 8;
    b.write(bytes, skip, bytes.length - skip);
  }
}
