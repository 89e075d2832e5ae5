package dev.hermit.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.platform.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real jlink of the running JDK: a cached link gives the same files, and a damaged entry is never used. */
class JLinkCacheTest {
  @TempDir Path dir;
  final Jdk jdk = Jdk.running();
  final Target host = Target.host().orElseThrow();

  @Test
  void aSecondLinkComesFromTheCacheWithTheSameFiles() throws IOException {
    assumeTrue(jdk.hasJmods(), "SKIPPED LOUDLY: the running JDK has no jmods");
    Path cache = dir.resolve("cache");
    assertEquals(java.util.Optional.empty(), JLinkCache.link(jdk, host, Set.of("java.base", "java.logging"), List.of(),
        dir.resolve("a"), false, cache, null));
    List<Path> entries = list(cache);
    assertEquals(1, entries.size(), "one entry stored: " + entries);
    JLinkCache.link(jdk, host, Set.of("java.base", "java.logging"), List.of(), dir.resolve("b"), false, cache, null);
    assertSameTree(dir.resolve("a"), dir.resolve("b"));
    assertTrue(Files.isExecutable(dir.resolve("b/bin/java")));
    assertTrue(Files.isSymbolicLink(dir.resolve("b/legal/java.logging/LICENSE")), "the legal notices' links");

    // A flipped byte in the entry: detected, the entry replaced, the output linked afresh and right. (A fresh
    // in-process link need not equal the first byte for byte: lib/modules holds what the JVM has spun so far.)
    Path libjvm = entries.get(0).resolve("lib/server/libjvm.so");
    byte[] bytes = Files.readAllBytes(libjvm);
    bytes[bytes.length / 2] ^= 1;
    Files.write(libjvm, bytes);
    JLinkCache.link(jdk, host, Set.of("java.base", "java.logging"), List.of(), dir.resolve("c"), false, cache, null);
    assertArrayEquals(Files.readAllBytes(dir.resolve("a/lib/server/libjvm.so")),
        Files.readAllBytes(dir.resolve("c/lib/server/libjvm.so")), "the output has the good libjvm.so");
    JLinkCache.link(jdk, host, Set.of("java.base", "java.logging"), List.of(), dir.resolve("d"), false, cache, null);
    assertSameTree(dir.resolve("c"), dir.resolve("d"));
    assertArrayEquals(Files.readAllBytes(dir.resolve("a/lib/server/libjvm.so")),
        Files.readAllBytes(list(cache).get(0).resolve("lib/server/libjvm.so")), "the damaged entry was replaced");
  }

  /** A cache that cannot be written costs a link, not the build, and the caller is told why (Pipeline warns). */
  @Test
  void aCacheThatCannotBeWrittenIsReportedAndTheLinkStillMade() throws IOException {
    assumeTrue(jdk.hasJmods(), "SKIPPED LOUDLY: the running JDK has no jmods");
    Path notADirectory = Files.writeString(dir.resolve("cache"), "a file where the cache would be");
    java.util.Optional<String> why = JLinkCache.link(jdk, host, Set.of("java.base"), List.of(), dir.resolve("a"),
        false, notADirectory, null);
    assertTrue(why.isPresent() && why.get().contains(notADirectory.toString()) && why.get().contains("not a directory"),
        why.toString());
    assertTrue(Files.isExecutable(dir.resolve("a/bin/java")), "linked all the same");
    assertEquals("a file where the cache would be", Files.readString(notADirectory), "nothing written over it");
  }

  @Test
  void theKeyTellsModuleSetsApart() throws IOException {
    assertNotEquals(JLinkCache.key(jdk, host, Set.of("java.base")), JLinkCache.key(jdk, host, Set.of("java.sql")));
    assertEquals(JLinkCache.key(jdk, host, List.of("java.sql", "java.base")),
        JLinkCache.key(jdk, host, List.of("java.base", "java.sql")));
    List<String> withData = List.of("java.base", "jdk.localedata");
    assertNotEquals(JLinkCache.key(jdk, host, withData), JLinkCache.key(jdk, host, withData, List.of("de"), null),
        "a runtime cut to some locales is another entry");
    assertEquals(JLinkCache.key(jdk, host, withData, List.of("de", "fr"), null),
        JLinkCache.key(jdk, host, withData, List.of("fr", "de"), null));
  }

  private static String link(Path p) {
    try {
      return Files.readSymbolicLink(p).toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<Path> list(Path cache) throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }
  }

  private static void assertSameTree(Path a, Path b) throws IOException {
    List<Path> fa;
    List<Path> fb;
    try (Stream<Path> s = Files.walk(a); Stream<Path> t = Files.walk(b)) {
      fa = s.filter(Files::isRegularFile).map(a::relativize).sorted().toList();
      fb = t.filter(Files::isRegularFile).map(b::relativize).sorted().toList();
    }
    assertEquals(fa, fb);
    List<String> la;
    List<String> lb;
    try (Stream<Path> s = Files.walk(a); Stream<Path> t = Files.walk(b)) {
      la = s.filter(Files::isSymbolicLink).map(p -> a.relativize(p) + " -> " + link(p)).sorted().toList();
      lb = t.filter(Files::isSymbolicLink).map(p -> b.relativize(p) + " -> " + link(p)).sorted().toList();
    }
    assertEquals(la, lb, "the symbolic links (jlink's legal notices)");
    for (Path f : fa) {
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f.toString());
    }
  }
}
