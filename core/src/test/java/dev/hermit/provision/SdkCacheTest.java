package dev.hermit.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.platform.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hermit sdk list} and {@code prune} over a cache filled from the host's real Debian mirror (two small arm64
 * packages): verified and damaged SDKs, leftovers, unused SDKs, and a prune that waits for the build holding the
 * cache.
 */
class SdkCacheTest {
  static final SdkSpec SMALL = ProvisionerTest.SMALL;

  @TempDir Path dir;

  private Provisioner provisioner(Path cache) {
    return new Provisioner(cache, LiveMirror.uri().toString(), Path.of("/"), ArchiveKeys.debian(), s -> { },
        s -> { });
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void listsVerifiesAndPrunesDamagedUnusedAndLeftovers() throws IOException {
    Path cache = dir.resolve("sdk");
    Sdk sdk = provisioner(cache).provision(SMALL);
    Provisioner.release(sdk);

    List<SdkCache.Entry> list = SdkCache.list(cache, true);
    assertEquals(1, list.size());
    SdkCache.Entry e = list.get(0);
    assertEquals(sdk.root(), e.dir());
    assertEquals("bookworm", e.suite());
    assertEquals(Target.parse("linux/arm64"), e.target().orElseThrow());
    assertEquals(0, e.java(), "no JDK package in this small set");
    assertEquals(sdk.packages(), e.packages());
    assertEquals(Boolean.TRUE, e.intact());
    assertTrue(e.size() > 100_000, "libgcc_s and libz: " + e.size());
    assertNull(SdkCache.list(cache, false).get(0).intact(), "--no-verify hashes nothing");

    // Nothing to prune in a fresh cache but its use is kept (its lock, and the record of its last full hash that a
    // second build made); leftovers of a killed build go.
    Provisioner.release(provisioner(cache).provision(SMALL));
    Path halfMade = Files.createDirectories(cache.resolve("." + SMALL.key() + "-4242/usr"));
    Path part = Files.writeString(cache.resolve("debs/.zlib1g_1.deb123.part"), "half");
    Path indexPart = Files.writeString(cache.resolve("indexes/.bookworm_arm64_Packages_1.xz.0123.partial"), "half");
    SdkCache.Pruned p = SdkCache.prune(cache, false, Duration.ofDays(30), () -> { }, x -> { });
    assertEquals(List.of(halfMade.getParent(), part, indexPart), p.removed().stream().sorted().toList());
    assertEquals(List.of(".cache.lock", SMALL.key(), SMALL.key() + ".lock", SMALL.key() + ".seen", "debs", "indexes"),
        names(cache));
    assertEquals(2, names(cache.resolve("debs")).size());
    assertEquals(1, names(cache.resolve("indexes")).size(), "the suite's index stays for the next package set");
    // what sdk list counts beside the SDKs: the two .debs and the index, by suite and architecture
    SdkCache.Downloads kept = SdkCache.downloads(cache);
    assertEquals(2, kept.debs());
    assertEquals(Files.size(cache.resolve("debs").resolve(names(cache.resolve("debs")).get(0)))
        + Files.size(cache.resolve("debs").resolve(names(cache.resolve("debs")).get(1))), kept.debBytes());
    assertEquals(List.of("bookworm arm64"), kept.indexes());
    assertEquals(Files.size(cache.resolve("indexes").resolve(names(cache.resolve("indexes")).get(0))),
        kept.indexBytes());
    Path partial = Files.writeString(cache.resolve("debs/.libz.deb.part"), "half");
    assertEquals(kept, SdkCache.downloads(cache), "a partial download is not counted");
    Files.delete(partial);

    // A damaged SDK is listed as such and pruned with the downloads only it used.
    Path libz = sdk.root().resolve("lib/aarch64-linux-gnu/libz.so.1");
    Path real = libz.resolveSibling(Files.readSymbolicLink(libz));
    byte[] b = Files.readAllBytes(real);
    b[100] ^= 1;
    Files.write(real, b);
    assertEquals(Boolean.FALSE, SdkCache.list(cache, true).get(0).intact());
    p = SdkCache.prune(cache, false, Duration.ofDays(30), () -> { }, x -> { });
    assertTrue(p.removed().contains(sdk.root()) && p.bytes() > 100_000, p.toString());
    assertEquals(List.of(".cache.lock", "debs", "indexes"), names(cache));
    assertEquals(List.of(), names(cache.resolve("debs")));
    assertEquals(new SdkCache.Downloads(0, 0, List.of("bookworm arm64"), kept.indexBytes()),
        SdkCache.downloads(cache));
    assertEquals(new SdkCache.Downloads(0, 0, List.of(), 0), SdkCache.downloads(dir.resolve("none")));

    // An SDK no build used for 40 days goes with the default 30, stays with 60.
    sdk = provisioner(cache).provision(SMALL);
    Provisioner.release(sdk);
    SdkCache.setLastUsed(sdk.root(), Instant.now().minus(Duration.ofDays(40)));
    assertTrue(SdkCache.prune(cache, false, Duration.ofDays(60), () -> { }, x -> { }).removed().isEmpty());
    assertTrue(SdkCache.prune(cache, false, Duration.ofDays(30), () -> { }, x -> { }).removed()
        .contains(sdk.root()));
    assertFalse(Files.exists(sdk.root()));
  }

  /**
   * A cache that cannot be used is said once, with why and the way out: it said "the SDK cache /x/sdk: /x/sdk:
   * Read-only file system". (A file where the cache's directory would be; a read-only mount gives the same shape.)
   */
  @Test
  void aCacheThatCannotBeMadeIsNamedOnceWithTheWayOut() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    Path root = file.resolve("sdk");
    dev.hermit.HermitException e = org.junit.jupiter.api.Assertions.assertThrows(dev.hermit.HermitException.class,
        () -> provisioner(root).provision(SMALL, List.of()));
    assertTrue(e.getMessage().startsWith("cannot use the SDK cache " + root + ": "), e.getMessage());
    assertTrue(e.getMessage().endsWith("; set HERMIT_SDK_DIR to a directory you can write"), e.getMessage());
    assertEquals(1, e.getMessage().split(java.util.regex.Pattern.quote(root.toString()), -1).length - 1,
        "the cache named once: " + e.getMessage());
  }

  @Test
  void pruneWaitsForTheBuildUsingTheCache() throws Exception {
    Path cache = dir.resolve("sdk");
    Sdk sdk = provisioner(cache).provision(SMALL); // held, as during a build
    CountDownLatch waiting = new CountDownLatch(1);
    List<Path> removed = java.util.Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<SdkCache.Pruned> prune = CompletableFuture.supplyAsync(
        () -> SdkCache.prune(cache, true, Duration.ZERO, waiting::countDown, removed::add));
    assertTrue(waiting.await(20, TimeUnit.SECONDS), "prune said it waits");
    Thread.sleep(300);
    assertFalse(prune.isDone());
    assertTrue(Files.isRegularFile(sdk.root().resolve(Provisioner.MANIFEST)), "the held SDK is still there");
    Provisioner.release(sdk);
    SdkCache.Pruned p = prune.get(20, TimeUnit.SECONDS);
    assertTrue(p.removed().contains(sdk.root()) && p.removed().contains(cache.resolve("debs")), p.toString());
    assertEquals(List.of(".cache.lock"), names(cache));
  }
}
