package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged executables, unusable caches and interrupted first runs: one clear line, a documented exit code. */
class LauncherFaultsIT {
  @TempDir static Path dir;
  static Path probe;
  static byte[] bytes;

  @BeforeAll
  static void buildProbe() throws IOException {
    Path src = dir.resolve("Probe.java");
    Files.copy(Path.of("src/test/resources/apps/Probe.java"), src);
    probe = Hermit.build(dir.resolve("probe"), src.toString());
    bytes = Files.readAllBytes(probe);
  }

  static Path variant(String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, content);
    p.toFile().setExecutable(true);
    return p;
  }

  static Map<String, String> cacheAt(Path cache) {
    Map<String, String> env = new HashMap<>(Proc.UTF8);
    env.put("HERMIT_CACHE_DIR", cache.toString());
    return env;
  }

  static List<String> entries(Path cache) throws IOException {
    if (!Files.exists(cache)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(cache)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static void assertOneLine(Proc p, int code, String mentions) {
    assertEquals(code, p.code(), p.toString());
    assertEquals("", p.out(), "nothing may run: " + p);
    assertTrue(p.err().startsWith("hermit: ") && p.err().strip().lines().count() == 1, p.toString());
    assertTrue(p.err().toLowerCase().contains(mentions), p.toString());
  }

  @Test
  void aFlippedPayloadByteIsRefusedBeforeAnythingIsExtracted() throws IOException {
    byte[] b = bytes.clone();
    b[b.length - 1_000_000] ^= 0x10;
    Path cache = dir.resolve("cache-flip");
    Proc p = Proc.run(List.of(variant("flipped", b).toString(), "x"), cacheAt(cache), null, dir);
    assertOneLine(p, 114, "sha-256");
    assertEquals(List.of(), entries(cache), "nothing may be left in the cache");
  }

  @Test
  void aTruncatedFileIsNamedAsSuch() throws IOException {
    Path cache = dir.resolve("cache-trunc");
    Proc p = Proc.run(List.of(variant("truncated", Arrays.copyOf(bytes, bytes.length - 4096)).toString()),
        cacheAt(cache), null, dir);
    assertOneLine(p, 113, "copy or download it again");
    // Cut 100 KB out of the payload, keeping launcher and trailer: the lengths no longer fit the file.
    int launcher;
    try (dev.hermit.payload.PayloadReader r = dev.hermit.payload.PayloadReader.open(probe)) {
      launcher = (int) r.payloadStart();
    }
    byte[] cut = new byte[bytes.length - 100_000];
    System.arraycopy(bytes, 0, cut, 0, launcher);
    System.arraycopy(bytes, launcher + 100_000, cut, launcher, cut.length - launcher);
    p = Proc.run(List.of(variant("cut", cut).toString()), cacheAt(cache), null, dir);
    assertOneLine(p, 113, "copy or download it again");
    assertEquals(List.of(), entries(cache));
  }

  @Test
  void anUnwritableCacheFallsBackToTheNextCandidate() throws IOException {
    Path home = dir.resolve("home");
    Files.createDirectories(home);
    Map<String, String> env = new HashMap<>(Proc.UTF8);
    env.put("HERMIT_CACHE_DIR", "/proc/hermit-cannot-be-created");
    env.put("HOME", home.toString());
    Proc p = Proc.run(List.of(probe.toString(), "ok"), env, null, dir);
    assertEquals(0, p.code(), p.toString());
    assertEquals("[ok]\n", p.out());
    assertEquals(1, entries(home.resolve(".cache/hermit")).size());
  }

  @Test
  void aFirstRunKilledMidwayLeavesNothingThatBreaksTheNext() throws Exception {
    for (long delay : new long[] {20, 80, 200}) {
      Path cache = dir.resolve("cache-kill-" + delay);
      ProcessBuilder pb = new ProcessBuilder(probe.toString(), "sleep", "5000");
      pb.environment().put("HERMIT_CACHE_DIR", cache.toString());
      pb.environment().put("HERMIT_CDS", "off"); // as Proc.run: CDS makes <entry>.cds once the JVM starts
      Process first = pb.start();
      Thread.sleep(delay);
      first.destroyForcibly().waitFor(); // SIGKILL
      Proc next = Proc.run(List.of(probe.toString(), "again"), cacheAt(cache), null, dir);
      assertEquals(0, next.code(), "after a kill at " + delay + " ms: " + next);
      assertEquals("[again]\n", next.out());
      List<String> left = entries(cache);
      assertEquals(1, left.size(), "after a kill at " + delay + " ms the cache holds " + left);
    }
  }
}
