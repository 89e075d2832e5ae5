package dev.hermit.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.HermitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SDK locks against the host's real Debian mirror: a lock written from what was fetched is obeyed; a pin of another
 * version than the index lists (trixie's zlib1g pinned for bookworm, as a snapshot mirror would serve an old one)
 * is fetched by its pool path; a wrong SHA-256 in the lock is refused either way; a pinned version the mirror lacks
 * is named with both versions.
 */
class SdkLockTest {
  static final SdkSpec SMALL = ProvisionerTest.SMALL;

  @TempDir Path dir;
  final List<String> steps = new ArrayList<>();

  private Provisioner provisioner(Path cache) {
    return new Provisioner(cache, LiveMirror.uri().toString(), Path.of("/"), ArchiveKeys.debian(), steps::add,
        s -> { });
  }

  private static DebPackage withSha(DebPackage p, String sha) {
    return new DebPackage(p.name(), p.version(), p.arch(), p.filename(), sha, p.size());
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(x -> x.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesThenObeysAndRefusesATamperedHash() throws IOException {
    Path lockFile = dir.resolve("hermit-sdk.lock");
    SdkLock lock = SdkLock.read(lockFile);
    assertEquals(List.of(), lock.pins("bookworm", "arm64"));
    Sdk sdk = provisioner(dir.resolve("sdk")).provision(SMALL);
    Provisioner.release(sdk);
    lock.add("bookworm", "arm64", sdk.packages());
    String text = Files.readString(lockFile);
    for (DebPackage p : sdk.packages()) {
      assertTrue(text.contains("\nbookworm arm64 " + p.name() + " " + p.version() + " arm64 " + p.filename() + " "
          + p.size() + " sha256:" + p.sha256() + "\n"), text);
    }
    assertEquals(sdk.packages(), SdkLock.read(lockFile).pins("bookworm", "arm64"));

    // Obeyed: the same packages, from the cache.
    steps.clear();
    Sdk again = provisioner(dir.resolve("sdk")).provision(SMALL, SdkLock.read(lockFile).pins("bookworm", "arm64"));
    Provisioner.release(again);
    assertEquals(sdk, again);
    assertEquals(List.of(), steps);

    // One hex digit changed in the lock: refused against the signed index, in a fresh cache; nothing half-made.
    DebPackage zlib = sdk.packages().get(0);
    String bad = (zlib.sha256().charAt(0) == '0' ? "1" : "0") + zlib.sha256().substring(1);
    Files.writeString(lockFile, text.replace(zlib.sha256(), bad));
    Path fresh = dir.resolve("fresh");
    HermitException e = assertThrows(HermitException.class,
        () -> provisioner(fresh).provision(SMALL, SdkLock.read(lockFile).pins("bookworm", "arm64")));
    assertEquals("the SDK lock pins zlib1g " + zlib.version() + " with SHA-256 " + bad + ", but the signed bookworm "
        + "index gives " + zlib.sha256() + " for that version: refusing it (the lock or the archive was changed)",
        e.getMessage());
    assertEquals(List.of(".cache.lock", SMALL.key() + ".lock", "indexes"), names(fresh)); // the verified index stays

    // A lock that pins part of the build's set (a base set, where this build adds java.desktop's libraries or what
    // its natives need): the pinned packages at their pins, the others as the archive has them.
    Sdk part = provisioner(fresh).provision(SMALL, List.of(zlib));
    Provisioner.release(part);
    assertEquals(List.of("zlib1g", "libgcc-s1"), part.packages().stream().map(DebPackage::name).toList());
    assertEquals(zlib, part.packages().get(0));
  }

  @Test
  void aVersionTheIndexNoLongerListsIsFetchedByItsPoolPathAndChecked() throws IOException {
    // trixie's zlib1g stands for an old version a snapshot mirror keeps: its pool path and SHA-256 come from
    // trixie's signed index; the bookworm index lists another version.
    Sdk trixie = provisioner(dir.resolve("t")).provision(new SdkSpec(SMALL.target(), 21, "trixie",
        List.of("zlib1g")));
    Provisioner.release(trixie);
    DebPackage other = trixie.packages().get(0);
    Path cache = dir.resolve("sdk");
    Sdk current = provisioner(cache).provision(SMALL);
    Provisioner.release(current);
    DebPackage listed = current.packages().get(0);
    assertFalse(listed.version().equals(other.version()));
    List<DebPackage> pins = List.of(other, current.packages().get(1));

    steps.clear();
    Sdk pinned = provisioner(cache).provision(SMALL, pins);
    Provisioner.release(pinned);
    assertEquals(other, pinned.packages().get(0));
    assertFalse(pinned.root().equals(current.root()), "the unpinned SDK stays as it is");
    assertTrue(steps.contains("zlib1g is pinned at " + other.version() + " (the archive's bookworm index has "
        + listed.version() + ")"), steps.toString());
    assertTrue(Files.exists(pinned.root().resolve("usr/lib/aarch64-linux-gnu/libz.so.1")), "trixie's layout");

    // The same pin with a wrong SHA-256: downloaded, refused, deleted.
    Path fresh = dir.resolve("fresh");
    String bad = "0".repeat(64);
    HermitException e = assertThrows(HermitException.class,
        () -> provisioner(fresh).provision(SMALL, List.of(withSha(other, bad), current.packages().get(1))));
    assertTrue(e.getMessage().endsWith(other.filename() + " has SHA-256 " + other.sha256() + ", the SDK lock says "
        + bad + "; refusing it (deleted)"), e.getMessage());
    assertFalse(Files.exists(fresh.resolve("debs").resolve(other.cacheName())));

    // A pinned version the mirror does not have: both versions named.
    DebPackage gone = new DebPackage("zlib1g", "1:0.9-1", "arm64", "pool/main/z/zlib/zlib1g_0.9-1_arm64.deb",
        "0".repeat(64), 1000);
    HermitException missing = assertThrows(HermitException.class,
        () -> provisioner(fresh).provision(SMALL, List.of(gone, current.packages().get(1))));
    assertTrue(missing.getMessage().startsWith("zlib1g 1:0.9-1, pinned by the SDK lock, is not on "
        + LiveMirror.uri() + " (its bookworm index has " + listed.version() + "): give a mirror that keeps old "
        + "versions"), missing.getMessage());
    assertEquals(java.util.Optional.of(dev.hermit.Setting.MIRROR), missing.setting(), "the setting to change");
  }

  @Test
  void aMalformedLineIsNamed() throws IOException {
    Path lockFile = Files.writeString(dir.resolve("l.lock"), "# c\nbookworm arm64 zlib1g 1 arm64 ../x 5 sha256:00\n");
    HermitException e = assertThrows(HermitException.class, () -> SdkLock.read(lockFile));
    assertTrue(e.getMessage().startsWith("the SDK lock " + lockFile + " line 2 is not 'SUITE ARCH NAME VERSION"),
        e.getMessage());
  }
  /**
   * The targets of one command build at once and each adds its own suite and architecture to the same lock: no
   * target's lines may be lost to another's write (each reads the file, adds its section and writes it back).
   */
  @Test
  void targetsAddingToOneLockAtOnceKeepEachOthersLines() throws Exception {
    Path lockFile = dir.resolve("hermit-sdk.lock");
    List<String> arches = List.of("amd64", "arm64", "armhf", "i386", "ppc64el", "s390x", "riscv64", "mips64el");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(arches.size());
    java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(arches.size());
    List<java.util.concurrent.Future<?>> adds = new ArrayList<>();
    for (String arch : arches) {
      adds.add(pool.submit(() -> {
        SdkLock lock = SdkLock.read(lockFile); // each build reads the lock once, at its start
        together.await();
        for (int round = 0; round < 20; round++) {
          lock.add("bookworm", arch, List.of(new DebPackage("zlib1g", "1:1.2.13.dfsg-1", arch,
              "pool/main/z/zlib/zlib1g_1.2.13.dfsg-1_" + arch + ".deb", "ab".repeat(32), 100 + round)));
        }
        return null;
      }));
    }
    for (java.util.concurrent.Future<?> add : adds) {
      add.get();
    }
    pool.shutdown();
    SdkLock all = SdkLock.read(lockFile);
    for (String arch : arches) {
      assertEquals(1, all.pins("bookworm", arch).size(), arch + " lost:\n" + Files.readString(lockFile));
      assertEquals(119, all.pins("bookworm", arch).get(0).size(), arch + "'s last add is the one kept");
    }
  }
}
