package dev.hermit.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** update-alternatives' links, read from maintainer scripts and made in an unpacked tree. */
class AlternativesTest {
  @TempDir Path dir;

  @Test
  void installsAreReadWithTheirSlavesAcrossContinuedLines() {
    String postinst = """
        #!/bin/sh
        set -e
        if [ "$1" = configure ]; then
        update-alternatives --install /usr/lib/aarch64-linux-gnu/libblas.so.3 \\
                            libblas.so.3-aarch64-linux-gnu \\
                            /usr/lib/aarch64-linux-gnu/blas/libblas.so.3 10 \\
                            --slave /usr/lib/aarch64-linux-gnu/libblas.so libblas.so-aarch64-linux-gnu \\
                                    /usr/lib/aarch64-linux-gnu/blas/libblas.so
        fi
        update-alternatives --quiet --install /usr/bin/editor editor /usr/bin/vim.basic 50
        update-alternatives --remove editor /usr/bin/vim.tiny
        """;
    assertEquals(List.of(
        new Alternatives("/usr/lib/aarch64-linux-gnu/libblas.so.3", "/usr/lib/aarch64-linux-gnu/blas/libblas.so.3", 10),
        new Alternatives("/usr/lib/aarch64-linux-gnu/libblas.so", "/usr/lib/aarch64-linux-gnu/blas/libblas.so", 10),
        new Alternatives("/usr/bin/editor", "/usr/bin/vim.basic", 50)), Alternatives.parse(postinst));
    assertEquals(List.of(), Alternatives.parse("#!/bin/sh\nldconfig\n"));
  }

  @Test
  void theBestAlternativeTheTreeHasIsLinkedAndNothingElse() throws Exception {
    Path lib = Files.createDirectories(dir.resolve("usr/lib/x"));
    Files.createDirectories(lib.resolve("blas"));
    Files.createDirectories(lib.resolve("openblas"));
    Files.writeString(lib.resolve("blas/libblas.so.3"), "reference");
    Files.writeString(lib.resolve("openblas/libopenblas.so.0"), "optimised");
    Files.createSymbolicLink(lib.resolve("openblas/libblas.so.3"), Path.of("libopenblas.so.0")); // the package's own
    Files.writeString(lib.resolve("liblapack.so.3"), "shipped as a file");
    Files.writeString(lib.resolve("blas/libcblas.so.3"), "cblas");
    Alternatives.link(dir, List.of(
        new Alternatives("/usr/lib/x/libblas.so.3", "/usr/lib/x/blas/libblas.so.3", 10),
        new Alternatives("/usr/lib/x/libblas.so.3", "/usr/lib/x/openblas/libblas.so.3", 100),
        new Alternatives("/usr/lib/x/libblas.so.3", "/usr/lib/x/atlas/libblas.so.3", 200), // not in the tree
        new Alternatives("/usr/lib/x/liblapack.so.3", "/usr/lib/x/blas/libcblas.so.3", 10), // a file is there
        new Alternatives("/usr/lib/x/libgone.so.1", "/usr/lib/x/gone/libgone.so.1", 10),
        new Alternatives("/../../etc/escape", "/usr/lib/x/blas/libcblas.so.3", 10),
        new Alternatives("relative/link", "/usr/lib/x/blas/libcblas.so.3", 10)));
    Path blas = lib.resolve("libblas.so.3");
    assertTrue(Files.isSymbolicLink(blas));
    assertEquals(Path.of("openblas/libblas.so.3"), Files.readSymbolicLink(blas), "relative, to the highest there");
    assertEquals("optimised", Files.readString(blas));
    assertEquals("shipped as a file", Files.readString(lib.resolve("liblapack.so.3")));
    assertFalse(Files.exists(lib.resolve("libgone.so.1"), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(dir.getParent().getParent().resolve("etc/escape"), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(dir.resolve("relative"), LinkOption.NOFOLLOW_LINKS));
  }
}
