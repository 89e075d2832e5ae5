package dev.hermit.provision;

import dev.hermit.HermitException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys hermit trusts for Debian's archive: the archive signing keys (RSA) and release keys (Ed25519) shipped as
 * resources (see keys/README.md
 * beside them for where they come from and how to refresh them). The keyring file as a whole is the trust anchor,
 * like apt's Signed-By: every key and subkey in it is trusted, without checking the binding signatures inside.
 */
public final class ArchiveKeys {
  static final List<String> RESOURCES = List.of("debian-archive-bookworm-automatic.gpg",
      "debian-archive-trixie-automatic.gpg", "debian-archive-bookworm-stable.gpg", "debian-archive-trixie-stable.gpg");

  private final List<PgpPublicKey> keys;

  ArchiveKeys(List<PgpPublicKey> keys) {
    this.keys = List.copyOf(keys);
  }

  public static ArchiveKeys debian() {
    List<PgpPublicKey> keys = new ArrayList<>();
    for (String name : RESOURCES) {
      try (InputStream in = ArchiveKeys.class.getResourceAsStream("keys/" + name)) {
        if (in == null) {
          throw new IllegalStateException("missing resource keys/" + name);
        }
        keys.addAll(PgpPublicKey.readKeyring(in.readAllBytes()));
      } catch (IOException e) {
        throw new IllegalStateException("reading keys/" + name, e);
      }
    }
    return new ArchiveKeys(keys);
  }

  static ArchiveKeys of(byte[] keyring) {
    return new ArchiveKeys(PgpPublicKey.readKeyring(keyring));
  }

  List<PgpPublicKey> keys() {
    return keys;
  }

  /**
   * The text of a cleartext-signed file when at least one of its signatures is a good one by these keys; signatures
   * by other keys or algorithms are ignored, as gpgv does when any one is good.
   *
   * @param what the file's name, for the message
   */
  public String verifiedText(byte[] clearSigned, String what) {
    ClearSigned message;
    try {
      message = ClearSigned.parse(clearSigned);
    } catch (PgpException e) {
      throw new HermitException(what + " is not a valid signed file: " + e.getMessage());
    }
    byte[] signed = message.signedBytes();
    for (PgpSignature sig : message.signatures()) {
      if (sig.type != PgpSignature.CANONICAL_TEXT) {
        continue;
      }
      for (PgpPublicKey key : keys) {
        if (key.matches(sig) && sig.verify(key, signed)) {
          return message.text();
        }
      }
    }
    throw new HermitException(what + " has no good signature by Debian's archive keys ("
        + message.signatures().size() + " signatures checked); refusing it");
  }
}
