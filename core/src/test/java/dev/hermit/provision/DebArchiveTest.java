package dev.hermit.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.binary.TestCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Debian packages (coreutils and libc6 for arm64, from the binary corpus) unpacked with the xz
 * program and with the pure-Java decoder: the same tree, byte for byte; and a damaged stream refused either way.
 */
class DebArchiveTest {
  @TempDir Path dir;

  @Test
  void theXzProgramAndTheJavaDecoderUnpackTheSameTree() throws IOException {
    assumeTrue(XzProgram.available(), "SKIPPED LOUDLY: no xz program on the PATH (apt: xz-utils)");
    List<Path> debs = debs();
    for (Path deb : debs) {
      Path viaProgram = dir.resolve("program-" + deb.getFileName());
      Path viaJava = dir.resolve("java-" + deb.getFileName());
      DebArchive.extract(deb, Files.createDirectories(viaProgram), true);
      DebArchive.extract(deb, Files.createDirectories(viaJava), false);
      assertEquals(TreeHash.of(viaJava, null), TreeHash.of(viaProgram, null), deb.toString());
      try (Stream<Path> s = Files.walk(viaProgram)) {
        assertTrue(s.filter(Files::isRegularFile).count() > 3, "unpacked almost nothing from " + deb);
      }
    }
  }

  @Test
  void aDamagedStreamIsRefusedByBothDecoders() throws IOException {
    Path deb = debs().get(0);
    byte[] bytes = Files.readAllBytes(deb);
    int data = indexOf(bytes, "data.tar.xz".getBytes());
    assertTrue(data > 0, deb + " has no data.tar.xz");
    int at = data + 60 + (bytes.length - data - 60) / 2; // inside the compressed data, past the member header
    bytes[at] ^= 0x55;
    Path bad = Files.write(dir.resolve("damaged.deb"), bytes);
    for (boolean program : XzProgram.available() ? new boolean[] {true, false} : new boolean[] {false}) {
      Path out = Files.createDirectories(dir.resolve("out-" + program));
      IOException e = assertThrows(IOException.class, () -> DebArchive.extract(bad, out, program));
      assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "the failure says nothing: " + e);
    }
  }

  /**
   * libblas3 ships its library in blas/ and makes the loader's name for it in its postinst (update-alternatives):
   * the unpacking returns that alternative, and the link made from it finds the library.
   */
  @Test
  void theAlternativesAPackageInstallsAreReturnedAndLinked() throws IOException {
    Path corpus = TestCorpus.requireCorpus("deb");
    Path deb;
    try (Stream<Path> s = Files.list(corpus)) {
      deb = s.filter(p -> p.getFileName().toString().matches("libblas3_.*_arm64\\.deb")).findFirst()
          .orElseThrow(() -> new AssertionError("no libblas3 arm64 package in " + corpus));
    }
    Path tree = Files.createDirectories(dir.resolve("blas"));
    List<Alternatives> alternatives = DebArchive.extract(deb, tree);
    Alternatives blas = new Alternatives("/usr/lib/aarch64-linux-gnu/libblas.so.3",
        "/usr/lib/aarch64-linux-gnu/blas/libblas.so.3", alternatives.get(0).priority());
    assertTrue(alternatives.contains(blas), alternatives.toString());
    Path link = tree.resolve("usr/lib/aarch64-linux-gnu/libblas.so.3");
    assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the package does not ship it");
    try (Stream<Path> s = Files.list(tree)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".control")), "the control files are gone");
    }
    Alternatives.link(tree, alternatives);
    assertEquals(Path.of("blas/libblas.so.3"), Files.readSymbolicLink(link));
    assertTrue(Files.isRegularFile(link), "it finds the library");
  }

  private static List<Path> debs() throws IOException {
    Path corpus = TestCorpus.requireCorpus("deb");
    try (Stream<Path> s = Files.list(corpus)) {
      List<Path> debs = s.filter(p -> p.getFileName().toString().matches("(coreutils|libc6)_.*_arm64\\.deb")).sorted()
          .toList();
      assertFalse(debs.isEmpty(), "no coreutils or libc6 package in " + corpus);
      return debs;
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
