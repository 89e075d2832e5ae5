package dev.hermit.provision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Picks the wanted packages' stanzas out of a Debian {@code Packages} index (60,000 stanzas, 49 MB for bookworm's
 * arm64) in one pass over its bytes: only the wanted stanzas become strings. Decoding the whole index to a string
 * and splitting it took about as long as decompressing it.
 */
final class PackagesIndex {
  private PackagesIndex() {}

  private static final byte[] PACKAGE = "Package: ".getBytes(StandardCharsets.US_ASCII);

  /** The stanzas whose {@code Package} field names one of {@code wanted}, by that name. */
  static Map<String, Deb822.Stanza> select(InputStream index, Collection<String> wanted) throws IOException {
    return select(index.readAllBytes(), wanted);
  }

  /** {@link #select(InputStream, Collection)} over the index's bytes. */
  static Map<String, Deb822.Stanza> select(byte[] b, Collection<String> wanted) {
    Map<String, Deb822.Stanza> byName = new HashMap<>();
    int i = 0;
    while (i < b.length) {
      while (i < b.length && isBlank(b[i])) { // blank lines between stanzas (a line of spaces is blank too)
        i++;
      }
      int start = i;
      int end = stanzaEnd(b, start);
      if (startsWith(b, start, PACKAGE)) {
        int eol = start;
        while (eol < end && b[eol] != '\n') {
          eol++;
        }
        String name = new String(b, start + PACKAGE.length, eol - start - PACKAGE.length, StandardCharsets.UTF_8)
            .trim();
        if (wanted.contains(name)) {
          Deb822.parse(new String(b, start, end - start, StandardCharsets.UTF_8))
              .forEach(s -> byName.put(s.get("Package"), s));
        }
      }
      i = end;
    }
    return byName;
  }

  /** Where the stanza starting at {@code from} ends: at its blank line (a line of only spaces or tabs), or at EOF. */
  private static int stanzaEnd(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == '\n') {
        int j = i + 1;
        while (j < b.length && (b[j] == ' ' || b[j] == '\t' || b[j] == '\r')) {
          j++;
        }
        if (j >= b.length || b[j] == '\n') {
          return i + 1;
        }
      }
    }
    return b.length;
  }

  private static boolean isBlank(byte c) {
    return c == '\n' || c == ' ' || c == '\t' || c == '\r';
  }

  private static boolean startsWith(byte[] b, int at, byte[] prefix) {
    if (b.length - at < prefix.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (b[at + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }
}
