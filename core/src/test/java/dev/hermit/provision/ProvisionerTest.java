package dev.hermit.provision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.HermitException;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provisioning from the host's real Debian mirror (two small arm64 packages, the 8.7 MB index) into a fresh cache,
 * its reuse without network, and the faults: damaged cache, damaged index, a mirror without the arch, a dead mirror.
 */
class ProvisionerTest {
  static final Target ARM64 = Target.parse("linux/arm64");
  static final SdkSpec SMALL = new SdkSpec(ARM64, 17, "bookworm", List.of("zlib1g", "libgcc-s1"));
  static final String DEAD = "http://127.0.0.1:9/debian";

  @TempDir Path dir;
  final List<String> steps = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();

  private Provisioner provisioner(Path cache, String mirror) {
    return new Provisioner(cache, mirror, Path.of("/"), ArchiveKeys.debian(), steps::add, warnings::add);
  }

  private static void flipByte(Path file, long at) throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[(int) at] ^= 1;
    Files.write(file, b);
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(CacheLock.NAME)).sorted().toList();
    }
  }

  @Test
  void fetchesVerifiesUnpacksAndReusesWithoutNetwork() throws IOException {
    String live = LiveMirror.uri().toString();
    Path cache = dir.resolve("sdk");
    Sdk sdk = provisioner(cache, live).provision(SMALL);
    assertEquals(List.of("zlib1g", "libgcc-s1"), sdk.packages().stream().map(DebPackage::name).toList());
    assertTrue(sdk.packages().stream().allMatch(p -> p.sha256().matches("[0-9a-f]{64}") && p.arch().equals("arm64")));
    Path libz = sdk.root().resolve("lib/aarch64-linux-gnu/libz.so.1");
    assertTrue(Files.isSymbolicLink(libz), "Debian ships libz.so.1 as a symlink");
    byte[] elf = Files.readAllBytes(libz);
    assertEquals(183, (elf[18] & 0xff) | (elf[19] & 0xff) << 8, "e_machine of libz.so.1 is EM_AARCH64");
    assertTrue(steps.stream().anyMatch(s -> s.startsWith("downloading zlib1g ") && s.endsWith("MB)")), steps.toString());
    assertEquals(List.of(SMALL.key(), SMALL.key() + ".lock", "debs", "indexes"), names(cache));
    List<String> kept = names(cache.resolve("indexes"));
    assertEquals(1, kept.size(), kept.toString());
    assertTrue(kept.get(0).matches("bookworm_arm64_Packages_[0-9a-f]{64}\\.zst"), kept.toString());

    // Again, with a mirror that is down: nothing is fetched, the cache answers.
    steps.clear();
    Sdk again = provisioner(cache, DEAD).provision(SMALL);
    assertEquals(sdk, again);
    assertEquals(List.of(), steps);

    // A damaged file in the tree is noticed and the tree unpacked again from the verified .debs.
    String good = TreeHash.of(sdk.root(), Provisioner.MANIFEST);
    flipByte(libz.resolveSibling(Files.readSymbolicLink(libz)), 100);
    Sdk repaired = provisioner(cache, live).provision(SMALL);
    assertEquals(good, TreeHash.of(repaired.root(), Provisioner.MANIFEST));
    assertTrue(warnings.stream().anyMatch(w -> w.contains("is damaged")), warnings.toString());
    assertTrue(steps.stream().noneMatch(s -> s.startsWith("downloading zlib1g")), "the cached .debs were reused");

    // A flipped byte in a cached .deb: refused, named, deleted; no half-made tree is left in the cache.
    Path deb = cache.resolve("debs").resolve(sdk.packages().get(0).cacheName());
    flipByte(deb, Files.size(deb) / 2);
    flipByte(libz.resolveSibling(Files.readSymbolicLink(libz)), 100);
    HermitException e = assertThrows(HermitException.class, () -> provisioner(cache, live).provision(SMALL));
    assertTrue(e.getMessage().startsWith("the cached " + deb + " is damaged (SHA-256 "), e.getMessage());
    assertFalse(Files.exists(deb));
    assertEquals(List.of(SMALL.key() + ".lock", "debs", "indexes"), names(cache));
  }

  /**
   * A tree's content is hashed on its first use, then known by its inodes (TreeStat) until one changes: a byte
   * written with the modification time set back is still seen, by the change time no program can set.
   */
  /**
   * A library whose package Debian's naming rule misses is found by the suite's Contents index: libbrotlidec.so.1
   * and libbrotlienc.so.1 are both in libbrotli1 (one package, unpacked once; the SDK is then reused as it is).
   */
  @Test
  void aLibraryTheNamingRuleMissesIsFetchedFromThePackageThatShipsIt() throws IOException {
    SdkSpec spec = SMALL.withLibraries(java.util.Set.of("libbrotlidec.so.1", "libbrotlienc.so.1"));
    Path cache = dir.resolve("sdk");
    Sdk sdk = provisioner(cache, LiveMirror.uri().toString()).provision(spec);
    assertEquals(List.of("zlib1g", "libgcc-s1", "libbrotli1"), sdk.packages().stream().map(DebPackage::name).toList());
    assertTrue(Files.exists(sdk.root().resolve("usr/lib/aarch64-linux-gnu/libbrotlidec.so.1")));
    assertTrue(steps.stream().anyMatch(s -> s.contains("Contents-arm64.gz")), steps.toString());
    steps.clear();
    Sdk again = provisioner(cache, DEAD).provision(spec);
    assertEquals(sdk.root(), again.root());
    assertTrue(warnings.isEmpty(), "reused as made, not taken for damaged: " + warnings);
  }

  @Test
  void aTreeIsHashedOnceThenKnownByItsInodesAndAWriteIsSeenEvenWithItsTimeSetBack() throws IOException {
    String live = LiveMirror.uri().toString();
    Path cache = dir.resolve("sdk");
    Sdk sdk = provisioner(cache, live).provision(SMALL);
    Path seen = Provisioner.seen(sdk.root());
    assertFalse(Files.exists(seen), "made, not yet used");
    provisioner(cache, DEAD).provision(SMALL);
    String tree = SdkManifest.read(sdk.root().resolve(Provisioner.MANIFEST)).treeHash();
    assertEquals(tree + " " + TreeStat.of(sdk.root(), Provisioner.MANIFEST) + "\n", Files.readString(seen));

    // a record that matches is trusted without reading the files: a manifest and record both saying another hash
    // pass, which a full hash would call damaged
    Path manifest = sdk.root().resolve(Provisioner.MANIFEST);
    String other = "0".repeat(64);
    Files.writeString(manifest, Files.readString(manifest).replace("tree " + tree, "tree " + other));
    Files.writeString(seen, other + " " + TreeStat.of(sdk.root(), Provisioner.MANIFEST) + "\n");
    assertEquals(sdk, provisioner(cache, DEAD).provision(SMALL));
    assertEquals(List.of(), warnings);
    Files.writeString(manifest, Files.readString(manifest).replace("tree " + other, "tree " + tree));

    Path libz = sdk.root().resolve("lib/aarch64-linux-gnu/libz.so.1");
    Path file = libz.resolveSibling(Files.readSymbolicLink(libz));
    java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(file);
    flipByte(file, 100);
    Files.setLastModifiedTime(file, time);
    Sdk repaired = provisioner(cache, live).provision(SMALL);
    assertTrue(warnings.stream().anyMatch(w -> w.contains("is damaged")), warnings.toString());
    assertEquals(tree, TreeHash.of(repaired.root(), Provisioner.MANIFEST));
  }

  @Test
  void concurrentBuildsShareOneDownloadAndLeftoversAreCleared() throws Exception {
    String live = LiveMirror.uri().toString();
    Path cache = dir.resolve("sdk");
    Path leftover = Files.createDirectories(cache.resolve("." + SMALL.key() + "-123/usr")); // a killed build's
    List<String> a = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> b = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var fa = pool.submit(() -> new Provisioner(cache, live, Path.of("/"), ArchiveKeys.debian(), a::add, a::add)
          .provision(SMALL));
      var fb = pool.submit(() -> new Provisioner(cache, live, Path.of("/"), ArchiveKeys.debian(), b::add, b::add)
          .provision(SMALL));
      assertEquals(fa.get(), fb.get());
    } finally {
      pool.shutdown();
    }
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    assertEquals(1, all.stream().filter(s -> s.startsWith("downloading zlib1g ")).count(), all.toString());
    assertFalse(Files.exists(leftover.getParent()));
    // the build that waited found the tree made, hashed it, and recorded its inodes (TreeStat)
    assertEquals(List.of(SMALL.key(), SMALL.key() + ".lock", SMALL.key() + ".seen", "debs", "indexes"), names(cache));
  }

  @Test
  void trixieIsMergedUsrAndGetsTheLinksBaseFilesWouldMake() throws IOException {
    SdkSpec trixie = new SdkSpec(ARM64, 21, "trixie", List.of("libc6"));
    Sdk sdk = provisioner(dir.resolve("sdk"), LiveMirror.uri().toString()).provision(trixie);
    assertFalse(sdk.packages().get(0).version().startsWith("2.36"), "trixie's glibc, not bookworm's");
    assertEquals(Path.of("usr/lib"), Files.readSymbolicLink(sdk.root().resolve("lib")));
    byte[] loader = Files.readAllBytes(sdk.root().resolve("lib/ld-linux-aarch64.so.1")); // the arm64 PT_INTERP
    assertEquals(183, (loader[18] & 0xff) | (loader[19] & 0xff) << 8);
  }

  /**
   * An SDK that grows by a package (as for java.desktop, or a native's library) links the files of the cached SDK
   * made of its first packages and unpacks only the new one; its tree is the one a full unpack makes. A base whose
   * files no longer match its manifest is not built on. On trixie, the merged-/usr links come out the same way too.
   */
  @Test
  void aGrownSdkBuildsOnTheCachedOneItExtendsAndEqualsAFullUnpack() throws IOException {
    String live = LiveMirror.uri().toString();
    for (SdkSpec small : List.of(SMALL, new SdkSpec(ARM64, 21, "trixie", List.of("libc6", "zlib1g")))) {
      List<String> names = new ArrayList<>(small.packages());
      names.add("libstdc++6");
      SdkSpec grown = new SdkSpec(ARM64, small.java(), small.suite(), names);
      Path cache = dir.resolve("grow-" + small.suite());
      Sdk base = provisioner(cache, live).provision(small);
      steps.clear();
      Sdk built = provisioner(cache, live).provision(grown);
      assertTrue(steps.contains("taking the 2 packages of " + base.root() + " that it shares (hard links to its"
          + " files)") && steps.contains("unpacking 1 packages into " + built.root()), steps.toString());
      // the base's files are shared, not copied (the JDK's 290 MB, on a real target)
      Path baseLibz = base.root().resolve("lib/aarch64-linux-gnu/libz.so.1");
      Path realLibz = baseLibz.resolveSibling(Files.readSymbolicLink(baseLibz));
      assertTrue(Files.isSameFile(realLibz, built.root().resolve(base.root().relativize(realLibz))),
          realLibz.toString());
      // the suite's index, downloaded for the first set, is read from the cache for the second
      assertTrue(steps.stream().noneMatch(s -> s.contains("/Packages")) && steps.stream().anyMatch(s -> s.startsWith(
          "reading the " + small.suite() + " arm64 index from " + cache.resolve("indexes"))), steps.toString());
      assertEquals(3, built.packages().size());

      Path fresh = dir.resolve("fresh-" + small.suite());
      Sdk full = provisioner(fresh, live).provision(grown);
      assertEquals(TreeHash.of(full.root(), Provisioner.MANIFEST), TreeHash.of(built.root(), Provisioner.MANIFEST));
      assertEquals(SdkManifest.read(full.root().resolve(Provisioner.MANIFEST)).treeHash(),
          SdkManifest.read(built.root().resolve(Provisioner.MANIFEST)).treeHash());
      if (small.suite().equals("trixie")) {
        assertEquals(Path.of("usr/lib"), Files.readSymbolicLink(built.root().resolve("lib")));
        continue;
      }
      // the base damaged: warned about, and every package unpacked; the tree is still the full unpack's
      dev.hermit.FileTrees.delete(built.root());
      Path libz = base.root().resolve("lib/aarch64-linux-gnu/libz.so.1");
      flipByte(libz.resolveSibling(Files.readSymbolicLink(libz)), 100);
      steps.clear();
      warnings.clear();
      Sdk again = provisioner(cache, live).provision(grown);
      assertTrue(warnings.stream().anyMatch(w -> w.startsWith("could not build on the cached SDK " + base.root()
          + " (its files do not match its manifest)")), warnings.toString());
      assertTrue(steps.contains("unpacking 3 packages into " + again.root()), steps.toString());
      assertEquals(TreeHash.of(full.root(), Provisioner.MANIFEST), TreeHash.of(again.root(), Provisioner.MANIFEST));
    }
  }

  @Test
  void aPackagePrefixIsTheSameVersionsInTheSameOrder() {
    DebPackage a = new DebPackage("a", "1", "arm64", "pool/a.deb", "1".repeat(64), 1);
    DebPackage b = new DebPackage("b", "1", "arm64", "pool/b.deb", "2".repeat(64), 1);
    DebPackage c = new DebPackage("c", "1", "arm64", "pool/c.deb", "3".repeat(64), 1);
    DebPackage newerA = new DebPackage("a", "2", "arm64", "pool/a2.deb", "4".repeat(64), 1);
    assertTrue(Provisioner.isPrefix(List.of(a, b), List.of(a, b, c)));
    assertFalse(Provisioner.isPrefix(List.of(b, a), List.of(a, b, c)), "another order");
    assertFalse(Provisioner.isPrefix(List.of(newerA), List.of(a, b, c)), "another version");
    assertFalse(Provisioner.isPrefix(List.of(a, b, c), List.of(a, b, c)), "the same set is not a base");
    assertFalse(Provisioner.isPrefix(List.of(), List.of(a)));
  }

  /** A mirror on disk holding the live bookworm InRelease (and whatever a test adds). */
  private Path fileMirror() throws IOException {
    Path mirror = dir.resolve("mirror");
    Files.createDirectories(mirror);
    Path live = LiveMirror.fetch(dir.resolve("live"), "dists/bookworm/InRelease");
    Files.createDirectories(mirror.resolve("dists/bookworm"));
    Files.copy(live, mirror.resolve("dists/bookworm/InRelease"));
    return mirror;
  }

  @Test
  void refusesAnIndexWithAFlippedByteAndKeepsNothing() throws IOException {
    Path mirror = fileMirror();
    Path index = LiveMirror.fetch(mirror, "dists/bookworm/main/binary-arm64/Packages.xz");
    flipByte(index, Files.size(index) / 2);
    Path cache = dir.resolve("sdk");
    HermitException e = assertThrows(HermitException.class,
        () -> provisioner(cache, mirror.toUri().toString()).provision(SMALL));
    assertTrue(e.getMessage().matches(".*main/binary-arm64/Packages.xz has SHA-256 [0-9a-f]{64}, the signed index "
        + "says [0-9a-f]{64}; refusing it \\(deleted\\)"), e.getMessage());
    assertEquals(List.of(SMALL.key() + ".lock", "indexes"), names(cache));
    assertEquals(List.of(), names(cache.resolve("indexes")), "no index kept");
  }

  /**
   * A kept index is checked against the signed InRelease on every use: a damaged one is named, deleted and
   * downloaded again; one the InRelease no longer names (the suite moved on) goes when the new one comes. It is
   * kept decoded (as zstd), named by the SHA-256 the InRelease gives the plain Packages file, which it holds.
   */
  @Test
  void aKeptIndexIsCheckedOnUseAndAnOlderOneReplaced() throws IOException {
    Path mirror = fileMirror(); // the live InRelease and index, and no packages: each provisioning ends at the first
    Path index = LiveMirror.fetch(mirror, "dists/bookworm/main/binary-arm64/Packages.xz");
    Path cache = dir.resolve("sdk");
    Path indexes = Files.createDirectories(cache.resolve("indexes"));
    Path older = Files.writeString(indexes.resolve("bookworm_arm64_Packages_" + "0".repeat(64) + ".xz"), "old");
    Path otherArch = Files.writeString(indexes.resolve("bookworm_armhf_Packages_" + "0".repeat(64) + ".xz"), "x");
    assertThrows(HermitException.class, () -> provisioner(cache, mirror.toUri().toString()).provision(SMALL));
    assertFalse(Files.exists(older), "the index the InRelease no longer names is gone");
    assertTrue(Files.exists(otherArch), "another architecture's stays");
    List<String> arm64 = names(indexes).stream().filter(n -> n.startsWith("bookworm_arm64_")).toList();
    assertEquals(1, arm64.size(), arm64.toString());
    Path kept = indexes.resolve(arm64.get(0));
    assertDecodedIndex(index, kept);

    steps.clear();
    assertThrows(HermitException.class, () -> provisioner(cache, mirror.toUri().toString()).provision(SMALL));
    assertTrue(steps.contains("reading the bookworm arm64 index from " + kept + " (the signed InRelease's SHA-256)"),
        steps.toString());

    flipByte(kept, Files.size(kept) / 2);
    steps.clear();
    assertThrows(HermitException.class, () -> provisioner(cache, mirror.toUri().toString()).provision(SMALL));
    assertTrue(warnings.contains("the cached index " + kept + " is damaged (it is not what the signed InRelease "
        + "says); downloading it again"), warnings.toString());
    assertTrue(steps.stream().anyMatch(s -> s.startsWith("downloading ") && s.contains("binary-arm64/Packages.xz")),
        steps.toString());
    assertDecodedIndex(index, kept);
  }

  /** {@code kept} is the zstd of what the xz index decodes to, and named by that's SHA-256. */
  private static void assertDecodedIndex(Path xzIndex, Path kept) throws IOException {
    byte[] plain;
    try (InputStream in = new org.tukaani.xz.XZInputStream(Files.newInputStream(xzIndex))) {
      plain = in.readAllBytes();
    }
    byte[] decoded = com.github.luben.zstd.Zstd.decompress(Files.readAllBytes(kept), plain.length);
    assertArrayEquals(plain, decoded);
    assertEquals("bookworm_arm64_Packages_" + java.util.HexFormat.of().formatHex(Fetcher.sha256().digest(plain))
        + ".zst", kept.getFileName().toString());
    assertTrue(Files.size(kept) < Files.size(xzIndex) * 2, "kept compressed: " + Files.size(kept));
  }

  @Test
  void refusesAnInReleaseWithAFlippedByte() throws IOException {
    Path mirror = fileMirror();
    Path inRelease = mirror.resolve("dists/bookworm/InRelease");
    flipByte(inRelease, 300);
    HermitException e = assertThrows(HermitException.class,
        () -> provisioner(dir.resolve("sdk"), mirror.toUri().toString()).provision(SMALL));
    assertTrue(e.getMessage().contains("dists/bookworm/InRelease has no good signature by Debian's archive keys"),
        e.getMessage());
  }

  @Test
  void refusesAnArchTheSuiteDoesNotHave() throws IOException {
    Path mirror = fileMirror();
    SdkSpec riscv = SdkSpec.of(Target.parse("linux/riscv64"), 17);
    HermitException e = assertThrows(HermitException.class,
        () -> provisioner(dir.resolve("sdk"), mirror.toUri().toString()).provision(riscv));
    assertTrue(e.getMessage().matches("Debian bookworm on .* has no riscv64 packages \\(it has .*arm64.*\\)"),
        e.getMessage());
  }

  @Test
  void knowsWithoutAMirrorThatBookwormHasNoRiscv64() {
    assertEquals(java.util.Optional.of("Debian bookworm (Java 17) has no riscv64 packages; Debian trixie has"),
        SdkSpec.of(Target.parse("linux/riscv64"), 17).knownMissing());
    assertEquals(java.util.Optional.empty(), SdkSpec.of(Target.parse("linux/riscv64"), 21).knownMissing());
    assertEquals(java.util.Optional.empty(), SdkSpec.of(Target.parse("linux/arm64"), 17).knownMissing());
  }

  @Test
  void aDeadMirrorIsOneLine() {
    HermitException e = assertThrows(HermitException.class,
        () -> provisioner(dir.resolve("sdk"), DEAD).provision(SMALL));
    assertEquals("downloading http://127.0.0.1:9/debian/dists/bookworm/InRelease failed: cannot connect to the mirror",
        e.getMessage());
  }

  @Test
  void knowsWhichJavaVersionsDebianHas() {
    assertEquals("trixie", SdkSpec.of(ARM64, 21).suite());
    assertEquals("openjdk-25-jdk-headless", SdkSpec.of(ARM64, 25).packages().get(0));
    HermitException e = assertThrows(HermitException.class, () -> SdkSpec.of(ARM64, 11));
    assertEquals("no Debian runtime for Java 11; hermit fetches Java 17, 21, 25", e.getMessage());
  }
}
