package dev.hermit.provision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian's control-file format (deb822): stanzas separated by blank lines, {@code Field: value} lines, continuation
 * lines starting with a space or tab. Field names are case-insensitive.
 */
final class Deb822 {
  private Deb822() {}

  record Stanza(Map<String, String> fields) {
    String get(String name) {
      return fields.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** A multi-line field's lines after the first, trimmed (e.g. Release's SHA256 list). */
    List<String> lines(String name) {
      String v = get(name);
      List<String> out = new ArrayList<>();
      if (v != null) {
        for (String l : v.split("\n")) {
          if (!l.isBlank()) {
            out.add(l.trim());
          }
        }
      }
      return out;
    }
  }

  static List<Stanza> parse(String text) {
    List<Stanza> stanzas = new ArrayList<>();
    Map<String, String> fields = new LinkedHashMap<>();
    String last = null;
    for (String line : text.split("\n", -1)) {
      if (line.isBlank()) {
        if (!fields.isEmpty()) {
          stanzas.add(new Stanza(fields));
          fields = new LinkedHashMap<>();
        }
        last = null;
      } else if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
        fields.merge(last, "\n" + line, String::concat);
      } else {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          continue; // a stray line; apt also skips what it cannot read in indexes it verified by hash
        }
        last = line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
        fields.put(last, line.substring(colon + 1).trim());
      }
    }
    if (!fields.isEmpty()) {
      stanzas.add(new Stanza(fields));
    }
    return stanzas;
  }
}
