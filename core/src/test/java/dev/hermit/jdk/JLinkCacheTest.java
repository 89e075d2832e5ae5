package dev.hermit.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.platform.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real jlink of the running JDK: a cached link is the same finished image, and a damaged entry is never used. */
class JLinkCacheTest {
  @TempDir Path dir;
  final Jdk jdk = Jdk.running();
  final Target host = Target.host().orElseThrow();

  /** A finish that records its calls and changes the image as the build's strip would. */
  static class Marker implements JLinkCache.Finish {
    int calls;

    @Override
    public String name() {
      return "test marker";
    }

    @Override
    public long apply(Path image) throws IOException {
      calls++;
      Files.writeString(image.resolve("release"), "\nMARKED=1\n", java.nio.file.StandardOpenOption.APPEND);
      return 42;
    }
  }

  @Test
  void aSecondLinkIsTheCachedImageFinishedOnceAndAnEntryOutOfShapeIsNeverUsed() throws IOException {
    assumeTrue(jdk.hasJmods(), "SKIPPED LOUDLY: the running JDK has no jmods");
    Path cache = dir.resolve("cache");
    Set<String> modules = Set.of("java.base", "java.logging");
    Marker finish = new Marker();
    JLinkCache.Linked a = JLinkCache.link(jdk, host, modules, List.of(), dir.resolve("a"), false, cache, null, finish);
    assertEquals(new JLinkCache.Linked(dir.resolve("a"), 42, Optional.empty()), a, "linked in the scratch directory");
    List<Path> entries = list(cache);
    assertEquals(1, entries.size(), "one entry stored: " + entries);
    Path entry = entries.get(0);

    JLinkCache.Linked b = JLinkCache.link(jdk, host, modules, List.of(), dir.resolve("b"), false, cache, null, finish);
    assertEquals(new JLinkCache.Linked(entry.resolve("rt"), 42, Optional.empty()), b, "the entry's image, in place");
    assertFalse(Files.exists(dir.resolve("b")), "nothing copied");
    assertEquals(1, finish.calls, "the cached image is the finished one");
    assertTrue(Files.readString(b.image().resolve("release")).endsWith("MARKED=1\n"));
    assertSameTree(a.image(), b.image());
    assertTrue(Files.isExecutable(b.image().resolve("bin/java")));
    assertTrue(Files.isSymbolicLink(b.image().resolve("legal/java.logging/LICENSE")), "the legal notices' links");

    // Each way an entry can be out of shape is refused (checked on copies of the good entry), and the first kind
    // through link(): the entry deleted, the runtime linked afresh and right, the replaced entry serving the next
    // build. (A fresh in-process link need not equal the first byte for byte: lib/modules holds what the JVM has spun
    // so far.)
    Map<String, java.util.function.Consumer<Path>> damages = new java.util.LinkedHashMap<>();
    damages.put("a flipped byte", image -> flipByte(image.resolve("lib/server/libjvm.so")));
    damages.put("a file the entry does not list", image -> write(image.resolve("lib/extra.txt"), "extra"));
    damages.put("a link to an absolute path", image -> relink(image.resolve("legal/java.logging/LICENSE"),
        "/etc/passwd"));
    damages.put("a link out of the image", image -> relink(image.resolve("legal/java.logging/LICENSE"),
        "../../../../outside"));
    damages.put("a missing file", image -> delete(image.resolve("conf/net.properties")));
    damages.put("a program no longer executable", image -> image.resolve("bin/java").toFile().setExecutable(false,
        false));
    Path good = copyOf(entry, dir.resolve("good"));
    assertEquals(java.util.OptionalLong.of(42), JLinkCache.verified(good), "a faithful copy passes");
    for (Map.Entry<String, java.util.function.Consumer<Path>> d : damages.entrySet()) {
      Path copy = copyOf(entry, dir.resolve("copy-" + d.getKey().replace(' ', '-')));
      d.getValue().accept(copy.resolve("rt"));
      assertEquals(java.util.OptionalLong.empty(), JLinkCache.verified(copy), d.getKey());
    }
    damages.values().iterator().next().accept(entry.resolve("rt"));
    JLinkCache.Linked c = JLinkCache.link(jdk, host, modules, List.of(), dir.resolve("c"), false, cache, null, finish);
    assertEquals(dir.resolve("c"), c.image(), "linked again");
    assertArrayEquals(Files.readAllBytes(a.image().resolve("lib/server/libjvm.so")),
        Files.readAllBytes(c.image().resolve("lib/server/libjvm.so")), "the output has the good libjvm.so");
    JLinkCache.Linked d = JLinkCache.link(jdk, host, modules, List.of(), dir.resolve("d"), false, cache, null, finish);
    assertEquals(entry.resolve("rt"), d.image(), "the replaced entry serves the next build");
    assertSameTree(c.image(), d.image());
    assertEquals(2, finish.calls);
  }

  /** A copy of a cache entry: files with their modes, links as links. */
  private static Path copyOf(Path entry, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(entry)) {
      for (Path p : s.toList()) {
        Path dst = to.resolve(entry.relativize(p).toString());
        if (Files.isSymbolicLink(p)) {
          Files.createSymbolicLink(dst, Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p)) {
          Files.createDirectories(dst);
        } else {
          Files.copy(p, dst, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return to;
  }

  /** A cache that cannot be written costs a link, not the build, and the caller is told why (Pipeline warns). */
  @Test
  void aCacheThatCannotBeWrittenIsReportedAndTheLinkStillMade() throws IOException {
    assumeTrue(jdk.hasJmods(), "SKIPPED LOUDLY: the running JDK has no jmods");
    Path notADirectory = Files.writeString(dir.resolve("cache"), "a file where the cache would be");
    Optional<String> why = JLinkCache.link(jdk, host, Set.of("java.base"), List.of(), dir.resolve("a"),
        false, notADirectory, null, null).cacheProblem();
    assertTrue(why.isPresent() && why.get().contains(notADirectory.toString()) && why.get().contains("not a directory"),
        why.toString());
    assertTrue(Files.isExecutable(dir.resolve("a/bin/java")), "linked all the same");
    assertEquals("a file where the cache would be", Files.readString(notADirectory), "nothing written over it");
  }

  /**
   * Two builds linking the same runtime into an empty cache: the second to store finds the first's entry there
   * (rename onto a full directory: "Directory not empty") and takes it as stored, where it warned that the cache
   * "cannot be written" and to point HERMIT_JLINK_CACHE elsewhere.
   */
  @Test
  void losingTheRaceToStoreAnEntryIsNoProblem() throws IOException {
    assumeTrue(jdk.hasJmods(), "SKIPPED LOUDLY: the running JDK has no jmods");
    Path cache = dir.resolve("cache");
    Marker rival = new Marker() {
      @Override
      public long apply(Path image) throws IOException {
        // the other build's entry lands while this one finishes its link
        Path entry = cache.resolve(JLinkCache.key(jdk, host, Set.of("java.base"), List.of(), null, this, false));
        Files.createDirectories(entry);
        Files.writeString(entry.resolve("files"), "the other build's\n");
        return super.apply(image);
      }
    };
    JLinkCache.Linked linked = JLinkCache.link(jdk, host, Set.of("java.base"), List.of(), dir.resolve("a"), false,
        cache, null, rival, false);
    assertEquals(Optional.empty(), linked.cacheProblem());
    assertTrue(Files.isExecutable(dir.resolve("a/bin/java")), "this build's link is used");
  }

  private static void flipByte(Path f) {
    try {
      byte[] bytes = Files.readAllBytes(f);
      bytes[bytes.length / 2] ^= 1;
      Files.write(f, bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void write(Path f, String text) {
    try {
      Files.writeString(f, text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void relink(Path link, String target) {
    try {
      Files.delete(link);
      Files.createSymbolicLink(link, Path.of(target));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void delete(Path f) {
    try {
      Files.delete(f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theKeyTellsModuleSetsApart() throws IOException {
    assertNotEquals(JLinkCache.key(jdk, host, Set.of("java.base")), JLinkCache.key(jdk, host, Set.of("java.sql")));
    assertEquals(JLinkCache.key(jdk, host, List.of("java.sql", "java.base")),
        JLinkCache.key(jdk, host, List.of("java.base", "java.sql")));
    List<String> withData = List.of("java.base", "jdk.localedata");
    assertNotEquals(JLinkCache.key(jdk, host, withData), JLinkCache.key(jdk, host, withData, List.of("de"), null, null),
        "a runtime cut to some locales is another entry");
    assertEquals(JLinkCache.key(jdk, host, withData, List.of("de", "fr"), null, null),
        JLinkCache.key(jdk, host, withData, List.of("fr", "de"), null, null));
    assertNotEquals(JLinkCache.key(jdk, host, withData, List.of(), null, null),
        JLinkCache.key(jdk, host, withData, List.of(), null, new Marker()), "a finished runtime is another entry");
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
