package dev.hermit.provision;

import dev.hermit.HermitException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A suite's verified Release text: its codename, architectures and the SHA-256 and size of each index. */
final class Release {
  record Index(String path, String sha256, long size) {}

  private final Deb822.Stanza fields;
  private final Map<String, Index> sha256 = new HashMap<>();

  Release(String verifiedText) {
    List<Deb822.Stanza> stanzas = Deb822.parse(verifiedText);
    if (stanzas.isEmpty()) {
      throw new HermitException("the Release file is empty");
    }
    fields = stanzas.get(0);
    for (String line : fields.lines("SHA256")) {
      String[] w = line.split("\\s+");
      if (w.length == 3) {
        sha256.put(w[2], new Index(w[2], w[0], Long.parseLong(w[1])));
      }
    }
  }

  String codename() {
    return fields.get("Codename");
  }

  List<String> architectures() {
    String a = fields.get("Architectures");
    return a == null ? List.of() : List.of(a.trim().split("\\s+"));
  }

  Index index(String path) {
    return sha256.get(path);
  }
}
