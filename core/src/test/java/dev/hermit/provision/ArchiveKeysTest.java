package dev.hermit.provision;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.HermitException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The OpenPGP check of InRelease files: real ones from the host's mirror pass, altered or foreign ones do not. */
class ArchiveKeysTest {
  @TempDir Path dir;

  @Test
  void shipsTheRsaArchiveSigningKeysOfBookwormAndTrixie() {
    List<String> fingerprints = ArchiveKeys.debian().keys().stream().map(PgpPublicKey::fingerprintHex).toList();
    // the signing subkeys gpgv names for the live InRelease files (keys/README.md)
    assertTrue(fingerprints.contains("4CB50190207B4758A3F73A796ED0E7B82643E131"), fingerprints.toString());
    assertTrue(fingerprints.contains("B8E5F13176D2A7A75220028078DBA3BC47EF2265"), fingerprints.toString());
    assertTrue(ArchiveKeys.debian().keys().stream().allMatch(k -> k.bits() >= 4096
        || k.key().getAlgorithm().startsWith("Ed")));
    // and the release keys (Ed25519) gpgv names
    assertTrue(fingerprints.contains("4D64FEC119C2029067D6E791F8D2585B8783D481"), fingerprints.toString());
    assertTrue(fingerprints.contains("41587F7DB8C774BCCF131416762F67A0B2C39DE4"), fingerprints.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bookworm", "trixie"})
  void verifiesTheLiveInRelease(String suite) throws Exception {
    byte[] inRelease = Files.readAllBytes(LiveMirror.fetch(dir, "dists/" + suite + "/InRelease"));
    String text = ArchiveKeys.debian().verifiedText(inRelease, "InRelease");
    Release release = new Release(text);
    assertEquals(suite, release.codename());
    assertTrue(release.architectures().contains("arm64"), release.architectures().toString());
    assertTrue(release.index("main/binary-arm64/Packages.xz").sha256().matches("[0-9a-f]{64}"));
  }

  /** The Ed25519 signature alone, by the suite's release key (the RSA keys left out). */
  @ParameterizedTest
  @ValueSource(strings = {"bookworm", "trixie"})
  void verifiesTheLiveInReleaseByItsEd25519ReleaseKeyAlone(String suite) throws Exception {
    byte[] keyring;
    try (java.io.InputStream in = ArchiveKeys.class.getResourceAsStream("keys/debian-archive-" + suite
        + "-stable.gpg")) {
      keyring = in.readAllBytes();
    }
    ArchiveKeys release = ArchiveKeys.of(keyring);
    assertEquals(List.of("EdDSA"), release.keys().stream().map(k -> k.key().getAlgorithm()).distinct().toList());
    byte[] inRelease = Files.readAllBytes(LiveMirror.fetch(dir, "dists/" + suite + "/InRelease"));
    assertEquals(suite, new Release(release.verifiedText(inRelease, "InRelease")).codename());
    String s = new String(inRelease, UTF_8);
    int at = s.indexOf("main/binary-arm64/Packages.xz") - 20;
    byte[] changed = inRelease.clone();
    changed[at] = (byte) (changed[at] == '0' ? '1' : '0');
    assertThrows(HermitException.class, () -> release.verifiedText(changed, "InRelease"));
  }

  @Test
  void refusesTheLiveInReleaseWithOneByteChanged() throws Exception {
    byte[] inRelease = Files.readAllBytes(LiveMirror.fetch(dir, "dists/bookworm/InRelease"));
    String s = new String(inRelease, UTF_8);
    int at = s.indexOf("main/binary-arm64/Packages.xz") - 20; // inside that index's hash
    byte[] changed = inRelease.clone();
    changed[at] = (byte) (changed[at] == '0' ? '1' : '0');
    HermitException e = assertThrows(HermitException.class,
        () -> ArchiveKeys.debian().verifiedText(changed, "bookworm/InRelease"));
    assertTrue(e.getMessage().startsWith("bookworm/InRelease has no good signature by Debian's archive keys"),
        e.getMessage());
  }

  @Test
  void refusesASignatureByAKeyThatIsNotDebians() throws Exception {
    TestSigner signer = new TestSigner();
    List<String> lines = List.of("Origin: Debian", "Codename: bookworm", "-- a line the format dash-escapes",
        "trailing blanks are not signed  \t", "SHA256:", " 00 1 main/binary-arm64/Packages.xz");
    byte[] message = signer.clearSign(lines).getBytes(UTF_8);
    // The message and its signature are sound: the signer's own key accepts them, text restored as signed ...
    String text = ArchiveKeys.of(signer.keyring()).verifiedText(message, "InRelease");
    assertTrue(text.contains("\n-- a line the format dash-escapes\n"), text);
    // ... and Debian's keys do not.
    HermitException e = assertThrows(HermitException.class,
        () -> ArchiveKeys.debian().verifiedText(message, "InRelease"));
    assertTrue(e.getMessage().contains("no good signature by Debian's archive keys (1 signatures checked)"),
        e.getMessage());
  }

  @Test
  void refusesAChangedLineUnderAGoodSignature() throws Exception {
    TestSigner signer = new TestSigner();
    String message = signer.clearSign(List.of("Codename: bookworm", "Architectures: arm64"));
    byte[] changed = message.replace("Architectures: arm64", "Architectures: arm65").getBytes(UTF_8);
    assertThrows(HermitException.class, () -> ArchiveKeys.of(signer.keyring()).verifiedText(changed, "InRelease"));
  }

  @Test
  void refusesAFileThatIsNotSigned() {
    HermitException e = assertThrows(HermitException.class,
        () -> ArchiveKeys.debian().verifiedText("Origin: Debian\n".getBytes(UTF_8), "dists/x/InRelease"));
    assertTrue(e.getMessage().startsWith("dists/x/InRelease is not a valid signed file"), e.getMessage());
  }
}
