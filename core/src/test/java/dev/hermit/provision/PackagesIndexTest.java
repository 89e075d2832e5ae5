package dev.hermit.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PackagesIndexTest {
  static final String INDEX = """
      Package: libc6
      Version: 2.36-9
      Description: GNU C Library: Shared libraries
       Contains the standard libraries.
       .
       Package: not-a-stanza
      SHA256: aa

      Package: zlib1g
      Version: 1:1.2.13
      \t
      Package: libgcc-s1
      Version: 12.2.0-14
      Filename: pool/main/g/gcc-12/libgcc-s1_12.2.0-14_arm64.deb


      Package: café
      Version: 1

      Package:  spaced\s\s
      Version: 2""";

  static Map<String, Deb822.Stanza> select(String index, String... wanted) throws IOException {
    return PackagesIndex.select(new ByteArrayInputStream(index.getBytes(StandardCharsets.UTF_8)), Set.of(wanted));
  }

  @Test
  void picksTheWantedStanzasAsDeb822ReadsThem() throws IOException {
    Map<String, Deb822.Stanza> all = Deb822.parse(INDEX).stream()
        .collect(Collectors.toMap(s -> s.get("Package"), s -> s));
    Map<String, Deb822.Stanza> got = select(INDEX, "libc6", "libgcc-s1", "café", "nosuch");
    assertEquals(Set.of("libc6", "libgcc-s1", "café"), got.keySet());
    for (String name : got.keySet()) {
      assertEquals(all.get(name), got.get(name), name);
    }
    // a continuation line that reads "Package: ..." is part of libc6's description, not a stanza
    assertEquals(List.of("GNU C Library: Shared libraries", "Contains the standard libraries.", ".",
        "Package: not-a-stanza"),
        got.get("libc6").lines("Description"));
    assertEquals("pool/main/g/gcc-12/libgcc-s1_12.2.0-14_arm64.deb", got.get("libgcc-s1").get("Filename"));
  }

  @Test
  void aLineOfBlanksEndsAStanzaAndTheLastNeedsNoNewline() throws IOException {
    assertEquals("1:1.2.13", select(INDEX, "zlib1g").get("zlib1g").get("Version"));
    assertEquals(Set.of("libgcc-s1"), select(INDEX, "libgcc-s1", "zlib1g ").keySet());
    assertEquals("1", select(INDEX, "café").get("café").get("Version"));
    assertEquals("2", select(INDEX, "spaced").get("spaced").get("Version"));
    assertEquals(Map.of(), select("", "libc6"));
    assertEquals(Map.of(), select("\n\n  \n", "libc6"));
    assertEquals("x", select("Package: libc6\nVersion: x", "libc6").get("libc6").get("Version"));
  }
}
