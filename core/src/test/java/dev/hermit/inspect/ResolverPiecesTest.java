package dev.hermit.inspect;

import dev.hermit.json.JsonWriter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small parts: in-root symlinks, ld.so.conf includes, requirements, JSON text. */
class ResolverPiecesTest {
  @TempDir Path root;

  @Test
  void absoluteSymlinksStayInsideTheSysroot() throws Exception {
    Files.createDirectories(root.resolve("lib/x"));
    Files.writeString(root.resolve("lib/x/libc.so.6"), "not really");
    Files.createDirectories(root.resolve("lib64"));
    Files.createSymbolicLink(root.resolve("lib64/ld.so"), Path.of("/lib/x/libc.so.6"));
    Files.createSymbolicLink(root.resolve("lib64/up"), Path.of("../../../../../../lib/x/libc.so.6"));
    RootedFileSystem fs = new RootedFileSystem(root);
    assertEquals(Optional.of(root.resolve("lib/x/libc.so.6")), fs.resolveFile("/lib64/ld.so"));
    assertEquals(Optional.of(root.resolve("lib/x/libc.so.6")), fs.resolveFile("/lib64/up"), ".. stops at the root");
    assertEquals(Optional.empty(), fs.resolveFile("/lib/x"), "a directory is not a library");
    Files.createSymbolicLink(root.resolve("loop"), Path.of("/loop"));
    assertEquals(Optional.empty(), fs.resolveFile("/loop"), "a symlink loop ends");
  }

  @Test
  void ldSoConfFollowsIncludesInOrder() throws Exception {
    Files.createDirectories(root.resolve("etc/ld.so.conf.d"));
    Files.writeString(root.resolve("etc/ld.so.conf"), "# comment\ninclude /etc/ld.so.conf.d/*.conf\n/opt/last\n");
    Files.writeString(root.resolve("etc/ld.so.conf.d/b.conf"), "/opt/b\n");
    Files.writeString(root.resolve("etc/ld.so.conf.d/a.conf"), "/opt/a1:/opt/a2 # two\ninclude a.conf\n");
    assertEquals(List.of("/opt/a1", "/opt/a2", "/opt/b", "/opt/last"),
        LdSoConf.directories(new RootedFileSystem(root)));
  }

  @Test
  void requirementsParseOrSayWhatIsExpected() {
    assertEquals("glibc<=2.31", Requirement.parse("glibc<=2.31").toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Requirement.parse("tiny"));
    assertTrue(e.getMessage().contains("expected static"), e.getMessage());
  }

  @Test
  void jsonEscapesControlCharactersAndQuotes() {
    String json = new JsonWriter().beginObject().field("a\"b", "x\n\u0001\\").stringArray("e", List.of())
        .endObject().toString();
    assertEquals("{\n  \"a\\\"b\": \"x\\n\\u0001\\\\\",\n  \"e\": []\n}", json);
  }
}
