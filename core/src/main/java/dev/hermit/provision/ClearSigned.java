package dev.hermit.provision;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * An OpenPGP cleartext-signed message (RFC 4880 §7), as Debian's InRelease files are: the text, dash-escaped, then
 * an ASCII-armoured block of signature packets. {@link #signedBytes()} is the text as the signature covers it:
 * lines un-escaped, trailing spaces and tabs removed, CRLF line ends, no line end after the last line.
 */
final class ClearSigned {
  private static final String BEGIN = "-----BEGIN PGP SIGNED MESSAGE-----";
  private static final String SIGNATURE = "-----BEGIN PGP SIGNATURE-----";
  private static final String END = "-----END PGP SIGNATURE-----";

  private final List<String> lines;
  private final List<PgpSignature> signatures;

  private ClearSigned(List<String> lines, List<PgpSignature> signatures) {
    this.lines = lines;
    this.signatures = signatures;
  }

  static ClearSigned parse(byte[] file) {
    String[] all = new String(file, StandardCharsets.UTF_8).split("\r?\n", -1);
    int i = 0;
    while (i < all.length && all[i].isBlank()) {
      i++;
    }
    if (i >= all.length || !all[i].equals(BEGIN)) {
      throw new PgpException("not a cleartext-signed message (no '" + BEGIN + "' line)");
    }
    i++;
    while (i < all.length && !all[i].isEmpty()) { // armour headers ("Hash: SHA512")
      i++;
    }
    i++;
    List<String> text = new ArrayList<>();
    for (; i < all.length && !all[i].equals(SIGNATURE); i++) {
      String line = all[i];
      if (line.startsWith("- ")) {
        line = line.substring(2);
      } else if (line.startsWith("-")) {
        throw new PgpException("a line starting with '-' that is not dash-escaped: " + line);
      }
      text.add(line);
    }
    if (i >= all.length) {
      throw new PgpException("no '" + SIGNATURE + "' block");
    }
    i++;
    while (i < all.length && !all[i].isEmpty()) {
      i++;
    }
    StringBuilder base64 = new StringBuilder();
    for (i++; i < all.length && !all[i].equals(END) && !all[i].startsWith("="); i++) {
      base64.append(all[i].trim());
    }
    byte[] packets;
    try {
      packets = Base64.getDecoder().decode(base64.toString());
    } catch (IllegalArgumentException e) {
      throw new PgpException("the signature block is not base64: " + e.getMessage());
    }
    List<PgpSignature> sigs = new ArrayList<>();
    for (PgpPackets.Packet p : PgpPackets.read(packets)) {
      if (p.tag() == 2) {
        sigs.add(PgpSignature.parse(p.body()));
      }
    }
    return new ClearSigned(text, sigs);
  }

  List<PgpSignature> signatures() {
    return signatures;
  }

  /** The signed text with LF line ends, for reading; the one a good signature covers. */
  String text() {
    return String.join("\n", lines) + "\n";
  }

  byte[] signedBytes() {
    List<String> canonical = new ArrayList<>(lines.size());
    for (String line : lines) {
      int end = line.length();
      while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
        end--;
      }
      canonical.add(line.substring(0, end));
    }
    return String.join("\r\n", canonical).getBytes(StandardCharsets.UTF_8);
  }
}
