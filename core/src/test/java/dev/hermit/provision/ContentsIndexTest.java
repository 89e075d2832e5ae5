package dev.hermit.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Lines as Debian's Contents-ARCH index has them: a path, white space, section/package[,section/package]. */
class ContentsIndexTest {
  private static final String CONTENTS = String.join("\n",
      "usr/share/doc/libbrotli1/libbrotlidec.so.1                    doc/not-a-library",
      "usr/lib/aarch64-linux-gnu/libbrotlicommon.so.1                libs/libbrotli1",
      "usr/lib/aarch64-linux-gnu/libbrotlidec.so.1\tlibs/libbrotli1",
      "usr/lib/aarch64-linux-gnu/liblber-2.5.so.0                    libs/libldap-2.5-0,oldlibs/libldap-compat",
      "lib/aarch64-linux-gnu/libz.so.1                               libs/zlib1g",
      "usr/lib/aarch64-linux-gnu/plugins/libbrotlienc.so.1           libs/some-plugin",
      "");

  private static Map<String, String> shipping(String... sonames) throws IOException {
    return ContentsIndex.shipping(new ByteArrayInputStream(CONTENTS.getBytes(StandardCharsets.UTF_8)),
        Set.of(sonames));
  }

  @Test
  void aLibraryIsTheFirstPackageThatShipsItInALibraryDirectory() throws IOException {
    assertEquals(Map.of("libbrotlidec.so.1", "libbrotli1", "liblber-2.5.so.0", "libldap-2.5-0", "libz.so.1", "zlib1g"),
        shipping("libbrotlidec.so.1", "liblber-2.5.so.0", "libz.so.1"));
  }

  @Test
  void aFileOutsideTheLoadersDirectoriesIsNotTheLibrary() throws IOException {
    assertEquals(Map.of(), shipping("libbrotlienc.so.1", "libnothing.so.3"));
  }
}
