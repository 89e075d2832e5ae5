package dev.hermit.provision;

import com.github.luben.zstd.Zstd;
import dev.hermit.FileTrees;
import dev.hermit.HermitException;
import dev.hermit.jdk.JmodRelease;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Fetches a target's JDK and C library from Debian's archive, verified as apt verifies (the suite's InRelease
 * signature, the Packages index's SHA-256 from it, each .deb's SHA-256 and size from the index), unpacks them and
 * keeps them in a cache shared by all builds:
 *
 * <pre>
 *   ROOT/debs/NAME_VERSION_ARCH.deb     downloads, checked against the index whenever they are unpacked
 *   ROOT/indexes/SUITE_ARCH_Packages_SHA256.zst  the suite's index, decoded and kept as zstd (the SHA-256 the
 *                                                InRelease gives the plain file), checked on every use
 *   ROOT/KEY/                           the sysroot (KEY = suite-arch-hash of the package set)
 *   ROOT/KEY/.hermit-sdk                its manifest: the packages and the tree's hash, checked on every use
 *   ROOT/KEY.lock                       held while the sysroot is made, so concurrent builds share one download
 * </pre>
 *
 * A sysroot is made in a temporary directory and renamed into place, so the cache never holds a half-made one.
 */
public final class Provisioner {
  static final String MANIFEST = ".hermit-sdk";
  /** The folder of the cache's kept Packages indexes. */
  static final String INDEXES = "indexes";
  /** The extension of a decoded Packages index kept after its first use, and its zstd level (49 MB to 10.6 MB). */
  static final String DECODED = ".zst";
  private static final int DECODED_LEVEL = 6;

  private final Path root;
  private final String mirror;
  private final Path aptRoot;
  private final ArchiveKeys keys;
  private final Consumer<String> step;
  private final Consumer<String> warn;
  private Progress progress = Progress.NONE;
  private boolean offline;

  /** How far a download or the unpacking is, for a front end that shows it as it goes (on a terminal). */
  public interface Progress {
    /**
     * @param what what is being done, as its step line said (e.g. "downloading zlib1g ...", "unpacking ...")
     * @param done bytes done so far
     * @param total bytes in all, or -1
     */
    void bytes(String what, long done, long total);

    Progress NONE = (what, done, total) -> { };
  }

  /**
   * @param root the cache directory (the request's {@code Caches.sdk()})
   * @param mirror the Debian mirror URL the user gave, or null for the host's apt sources
   * @param step progress, one line per step
   * @param warn what the user should know
   */
  public Provisioner(Path root, String mirror, Consumer<String> step, Consumer<String> warn) {
    this(root, mirror, Path.of("/"), ArchiveKeys.debian(), step, warn);
  }

  Provisioner(Path root, String mirror, Path aptRoot, ArchiveKeys keys, Consumer<String> step,
      Consumer<String> warn) {
    this.root = root;
    this.mirror = mirror;
    this.aptRoot = aptRoot;
    this.keys = keys;
    this.step = step;
    this.warn = warn;
  }

  /**
   * Takes SDKs from the cache only: one it lacks (or must grow by packages) is refused, naming how to fetch it,
   * where it would be downloaded (Maven's {@code -o}, the CLI's {@code --offline}).
   */
  public Provisioner offline(boolean v) {
    this.offline = v;
    return this;
  }

  /** Reports progress within steps to {@code p} as well as each step's line. */
  public Provisioner progress(Progress p) {
    this.progress = p;
    return this;
  }

  /** The cached sysroot for this spec, when one is there (not re-hashed: for listings). */
  public Optional<Path> cached(SdkSpec spec) {
    Path dir = root.resolve(spec.key());
    return Files.isRegularFile(dir.resolve(MANIFEST)) ? Optional.of(dir) : Optional.empty();
  }

  /** The sysroot for the spec: from the cache when it is there and intact, else fetched and unpacked. */
  public Sdk provision(SdkSpec spec) {
    return provision(spec, List.of());
  }

  /**
   * The sysroot for the spec, made of exactly the pinned packages when {@code pins} is not empty (an
   * {@link SdkLock}'s for this suite and architecture): a pinned version the archive's index no longer lists is
   * fetched by its pool path and checked against the pinned SHA-256.
   *
   * <p>The cache stays held (shared) until {@link #release(Sdk)}, so {@code hermit sdk prune} waits for the build.
   */
  public Sdk provision(SdkSpec spec, List<DebPackage> pins) {
    checkPins(spec, pins);
    try {
      CacheLock.holdShared(root);
    } catch (IOException e) {
      throw CacheLock.unusable(root, e);
    }
    boolean ok = false;
    try {
      Sdk sdk = provisionHeld(spec, pins);
      try { // the last use, for 'hermit sdk prune'
        Files.setLastModifiedTime(sdk.root().resolve(MANIFEST), FileTime.fromMillis(System.currentTimeMillis()));
      } catch (IOException ignored) {
        // a read-only cache still works; prune then sees the time it was made
      }
      ok = true;
      return sdk;
    } finally {
      if (!ok) {
        CacheLock.release(root);
      }
    }
  }

  /** Ends the hold {@link #provision} took on the SDK's cache. */
  public static void release(Sdk sdk) {
    if (sdk != null) {
      CacheLock.release(sdk.root().getParent());
    }
  }

  private Sdk provisionHeld(SdkSpec spec, List<DebPackage> pins) {
    Path dir = root.resolve(spec.key());
    try {
      if (!pins.isEmpty() && Files.isRegularFile(dir.resolve(MANIFEST))
          && !samePackages(SdkManifest.read(dir.resolve(MANIFEST)).packages(), pins)) {
        dir = root.resolve(spec.key() + "-" + pinHash(pins)); // the archive moved on since the lock was written
      }
      Optional<Sdk> ready = intact(spec, dir, false);
      if (ready.isPresent()) {
        return ready.get();
      }
      Files.createDirectories(root);
      Path lockPath = root.resolve(dir.getFileName() + ".lock").toAbsolutePath();
      // A file lock excludes other processes; threads of this one (which the file lock would refuse) wait here.
      synchronized (CacheLock.monitor(lockPath)) {
        try (FileChannel lockFile = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockFile.lock()) {
          ready = intact(spec, dir, true); // another build may have made it while this one waited
          if (ready.isPresent()) {
            return ready.get();
          }
          removeLeftovers(dir.getFileName().toString());
          return make(spec, dir, pins);
        }
      }
    } catch (IOException e) {
      throw CacheLock.unusable(root, e);
    }
  }

  /**
   * The pins of a lock name packages of this spec only: a build of this suite and architecture may need more than
   * another (java.desktop's libraries, those an app's natives need), and the lock grows by them (Provisioning).
   */
  private static void checkPins(SdkSpec spec, List<DebPackage> pins) {
    List<String> names = spec.packageNames();
    boolean looksUp = spec.packages().stream().anyMatch(a -> SdkSpec.shipping(a) != null);
    for (DebPackage p : pins) {
      if (!names.contains(p.name()) && !looksUp) { // a library's package found by the Contents index has any name
        throw new IllegalArgumentException("pin " + p.name() + " is not a package of " + spec.packages());
      }
    }
  }

  /** The same names, versions and SHA-256s, in any order. */
  static boolean samePackages(List<DebPackage> a, List<DebPackage> b) {
    Function<List<DebPackage>, List<String>> ids = l -> l.stream()
        .map(p -> p.name() + " " + p.version() + " " + p.sha256()).sorted().toList();
    return ids.apply(a).equals(ids.apply(b));
  }

  private static String pinHash(List<DebPackage> pins) {
    MessageDigest md = Fetcher.sha256();
    pins.stream().map(p -> p.name() + " " + p.version() + " " + p.sha256() + "\n").sorted()
        .forEach(l -> md.update(l.getBytes(StandardCharsets.UTF_8)));
    return HexFormat.of().formatHex(md.digest()).substring(0, 8);
  }

  /** The cached sysroot when it matches its manifest; a damaged one is deleted only by the lock's holder. */
  private Optional<Sdk> intact(SdkSpec spec, Path dir, boolean locked) throws IOException {
    Path manifest = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return Optional.empty();
    }
    SdkManifest m = SdkManifest.read(manifest);
    // the directory is named by the spec's key; two of its libraries may come from one package (liblber-2.5.so.0 and
    // libldap-2.5.so.0 in libldap-2.5-0), so the manifest may list fewer packages than the spec has entries
    if (m.treeHash() != null && !m.packages().isEmpty() && m.packages().size() <= spec.packages().size()) {
      Sdk sdk = new Sdk(dir, dir.resolve(spec.jdkPath()), spec.suite(), m.packages());
      Path seen = seen(dir);
      String stat = TreeStat.of(dir, MANIFEST); // before the content: a write while it is hashed makes it stale
      if (TreeStat.recorded(seen, m.treeHash(), stat)) {
        return Optional.of(sdk);
      }
      if (m.treeHash().equals(TreeHash.of(dir, MANIFEST))) {
        TreeStat.record(seen, m.treeHash(), stat);
        return Optional.of(sdk);
      }
    }
    if (!locked) {
      return Optional.empty();
    }
    warn.accept("the cached " + spec.suite() + " " + spec.target().debianArch() + " SDK in " + dir
        + " is damaged (its files do not match the hash recorded when it was made); unpacking it again");
    FileTrees.delete(dir);
    Files.deleteIfExists(seen(dir));
    return Optional.empty();
  }

  /**
   * Where the stat digest of an SDK's tree is recorded once its content hashed right ({@link TreeStat}): beside the
   * tree, not in it, so that recording it changes nothing the tree's hashes read.
   */
  static Path seen(Path dir) {
    return dir.resolveSibling(dir.getFileName() + ".seen");
  }

  /** What a killed build left: half-made trees of this key (only the lock's holder makes them, so none is live). */
  private void removeLeftovers(String key) throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("." + key + "-")).toList()) {
        FileTrees.delete(p);
      }
    }
  }

  private Sdk make(SdkSpec spec, Path dir, List<DebPackage> pins) throws IOException {
    if (offline) {
      throw new HermitException("the build is offline, and the SDK cache " + root + " lacks Debian "
          + spec.suite() + "'s packages for Java " + spec.java() + " on " + spec.target().id() + " ("
          + String.join(", ", spec.packages().stream().map(SdkSpec::describe).toList()) + "): run the build once "
          + "online, and later offline builds take what it fetched from the cache");
    }
    Fetcher fetch = new Fetcher(DebianMirror.choose(mirror, aptRoot));
    String arch = spec.target().debianArch();
    Release release = release(fetch, spec.suite());
    if (!release.architectures().contains(arch)) {
      throw new HermitException("Debian " + spec.suite() + " on " + fetch.mirror() + " has no " + arch
          + " packages (it has " + String.join(", ", release.architectures()) + ")");
    }
    Map<String, Deb822.Stanza> index = packagesIndex(fetch, spec.suite(), release, arch, spec.packageNames());
    Map<String, String> shipped = shippedBy(fetch, spec, release, arch, index);
    if (!shipped.isEmpty()) { // their stanzas too
      List<String> wanted = new ArrayList<>(spec.packageNames());
      wanted.addAll(shipped.values());
      index = packagesIndex(fetch, spec.suite(), release, arch, wanted);
    }
    List<DebPackage> packages = new ArrayList<>();
    java.util.Set<String> taken = new java.util.HashSet<>();
    for (String alternatives : spec.packages()) {
      // "a|b": the first of them the suite has (a library's package is named differently in some suites); "=SONAME":
      // the package the suite's Contents index says ships that library
      Map<String, Deb822.Stanza> in = index;
      String soname = SdkSpec.shipping(alternatives);
      String name = Stream.of(alternatives.split("\\|")).filter(in::containsKey).findFirst()
          .orElse(soname == null ? alternatives : shipped.getOrDefault(soname, alternatives));
      Deb822.Stanza s = index.get(name);
      if (s == null) {
        throw new HermitException("Debian " + spec.suite() + " has no package " + SdkSpec.describe(alternatives)
            + " for " + arch + (soname == null ? "" : ", and no package of its Contents index ships " + soname));
      }
      if (!taken.add(name)) {
        continue; // two libraries of one package (libbrotlidec.so.1 and libbrotlienc.so.1 in libbrotli1)
      }
      if (s.get("SHA256") == null || s.get("Size") == null || s.get("Filename") == null) {
        throw new HermitException("the " + spec.suite() + " " + arch + " index gives no SHA256, Size or Filename for "
            + name + "; refusing to fetch it unverified");
      }
      packages.add(new DebPackage(name, s.get("Version"), s.get("Architecture"), s.get("Filename"),
          s.get("SHA256"), Long.parseLong(s.get("Size"))));
    }
    if (!pins.isEmpty()) {
      packages = pinned(spec, packages, pins);
    }
    Path debs = Files.createDirectories(root.resolve("debs"));
    for (DebPackage p : packages) {
      Path deb = debs.resolve(p.cacheName());
      if (Files.isRegularFile(deb)) {
        continue;
      }
      String what = "downloading " + String.format("%s %s (%s, %.1f MB)", p.name(), p.version(), p.arch(),
          p.size() / 1e6);
      step.accept(what);
      String listed = index.get(p.name()).get("Version");
      boolean pinnedOnly = !listed.equals(p.version());
      try {
        fetch.toFile(p.filename(), deb, p.sha256(), p.size(), pinnedOnly ? "the SDK lock" : "the signed index",
            (done, total) -> progress.bytes(what, done, total));
      } catch (Fetcher.Missing e) {
        if (!pinnedOnly) {
          throw e;
        }
        throw new dev.hermit.InputException(p.name() + " " + p.version() + ", pinned by the SDK lock, is not on "
            + fetch.mirror() + " (its " + spec.suite() + " index has " + listed + "): give a mirror that keeps old "
            + "versions (a snapshot of the archive), or delete the lock's " + spec.suite() + " " + arch
            + " lines to take the new versions", dev.hermit.Setting.MIRROR, fetch.mirror(), e);
      }
    }
    Path tmp = Files.createTempDirectory(root, "." + dir.getFileName() + "-");
    try {
      int copied = copyBase(spec, dir, packages, tmp);
      List<DebPackage> unpack = packages.subList(copied, packages.size());
      String unpacking = "unpacking " + unpack.size() + " packages into " + dir;
      step.accept(unpacking);
      long total = unpack.stream().mapToLong(DebPackage::size).sum();
      long done = 0;
      for (DebPackage p : unpack) { // all checked before any is unpacked: a damaged one fails fast
        Path deb = debs.resolve(p.cacheName());
        String got = Fetcher.sha256(deb);
        if (!got.equals(p.sha256())) {
          Files.delete(deb);
          throw new HermitException("the cached " + deb + " is damaged (SHA-256 " + got + ", the signed index says "
              + p.sha256() + "); deleted it, the next build downloads it again");
        }
      }
      List<Alternatives> alternatives = new ArrayList<>();
      for (DebPackage p : unpack) {
        Path deb = debs.resolve(p.cacheName());
        try {
          alternatives.addAll(DebArchive.extract(deb, tmp));
        } catch (IOException e) {
          throw new HermitException("cannot unpack " + deb + ": " + e.getMessage(), e);
        }
        done += p.size();
        progress.bytes(unpacking, done, total);
      }
      // a cached base's links stay (a package added later with a higher priority for one of them does not win)
      Alternatives.link(tmp, alternatives);
      mergedUsrLinks(tmp);
      writeRelease(tmp.resolve(spec.jdkPath()));
      StringBuilder manifest = new StringBuilder("# hermit SDK: Debian " + spec.suite() + " " + arch + " from "
          + fetch.mirror() + "\n");
      for (DebPackage p : packages) {
        manifest.append(String.join(" ", "package", p.name(), p.version(), p.arch(), p.filename(), p.sha256(),
            String.valueOf(p.size()))).append('\n');
      }
      manifest.append("tree ").append(TreeHash.of(tmp, MANIFEST)).append('\n');
      Files.writeString(tmp.resolve(MANIFEST), manifest.toString());
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
      return new Sdk(dir, dir.resolve(spec.jdkPath()), spec.suite(), packages);
    } finally {
      if (tmp != null) {
        FileTrees.delete(tmp);
      }
    }
  }

  /** A JDK unpacked without its JRE package lacks the release file hermit reads: written from its java.base.jmod. */
  private static void writeRelease(Path jdk) throws IOException {
    Path jmod = jdk.resolve("jmods/java.base.jmod");
    if (!Files.exists(jdk.resolve("release"), LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(jmod)) {
      Files.writeString(jdk.resolve("release"), JmodRelease.of(jmod));
    }
  }

  /**
   * An SDK grows by packages (java.desktop's libraries, those an app's natives need) into a directory of its own.
   * When the cache holds an SDK of this suite and architecture made of the first packages of the new set (the
   * same versions, in the same order), its tree is linked into {@code tmp} rather than unpacked again: the JDK's
   * packages are most of the bytes, and their xz decoding most of a first build's time. Unpacking the rest on top
   * then gives the tree a full unpack gives, since packages are unpacked in order. The links
   * {@link #mergedUsrLinks} made are left out of the copy (the full unpack makes them after every package), and
   * the copy is hashed against the base's manifest, so a base damaged or changed while it was read is not built
   * on. Returns how many packages the copy holds: 0 when there is no such base, or the copy failed (the caller
   * then unpacks everything into an emptied {@code tmp}).
   */
  private int copyBase(SdkSpec spec, Path dir, List<DebPackage> packages, Path tmp) throws IOException {
    String prefix = spec.suite() + "-" + spec.target().debianArch() + "-";
    Path best = null;
    SdkManifest bestManifest = null;
    try (Stream<Path> s = Files.list(root)) {
      for (Path d : s.filter(d -> d.getFileName().toString().startsWith(prefix) && !d.equals(dir)
          && Files.isRegularFile(d.resolve(MANIFEST), java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
        SdkManifest m;
        try {
          m = SdkManifest.read(d.resolve(MANIFEST));
        } catch (IOException | RuntimeException e) {
          continue; // being deleted, or not ours: unpacked from scratch instead
        }
        if (m.archive() == null && m.treeHash() != null && isPrefix(m.packages(), packages)
            && (bestManifest == null || m.packages().size() > bestManifest.packages().size())) {
          best = d;
          bestManifest = m;
        }
      }
    }
    if (best == null) {
      return 0;
    }
    step.accept("taking the " + bestManifest.packages().size() + " packages of " + best + " that it shares (hard"
        + " links to its files)");
    try {
      copyTree(best, tmp);
      if (!bestManifest.treeHash().equals(TreeHash.of(tmp, MANIFEST))) {
        throw new IOException("its files do not match its manifest");
      }
      for (String d : List.of("bin", "sbin", "lib", "lib32", "lib64")) {
        Path link = tmp.resolve(d);
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(Path.of("usr", d))) {
          Files.delete(link);
        }
      }
      return bestManifest.packages().size();
    } catch (IOException e) {
      warn.accept("could not build on the cached SDK " + best + " (" + e.getMessage() + "); unpacking every package");
      FileTrees.delete(tmp);
      Files.createDirectories(tmp);
      return 0;
    }
  }

  /** Whether {@code base} is the start of {@code packages}: fewer of them, the same versions, in the same order. */
  static boolean isPrefix(List<DebPackage> base, List<DebPackage> packages) {
    if (base.isEmpty() || base.size() >= packages.size()) {
      return false;
    }
    for (int i = 0; i < base.size(); i++) {
      DebPackage a = base.get(i);
      DebPackage b = packages.get(i);
      if (!a.name().equals(b.name()) || !a.version().equals(b.version()) || !a.sha256().equals(b.sha256())) {
        return false;
      }
    }
    return true;
  }

  /**
   * A hard link to the base's file, else a copy (another file system, no hard links there). Sharing the inode is
   * safe because nothing writes into an SDK tree in place: a later package's file replaces one by unlinking it
   * first (TarExtractor), and the trees are only read once made. The JDK is most of a tree (about 290 MB), which a
   * grown SDK used to copy whole.
   */
  private static void linkOrCopy(Path from, Path to) throws IOException {
    try {
      Files.createLink(to, from);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }
  }

  /**
   * Copies a tree as it is (files as hard links where the file system allows, with their modes; symlinks as
   * symlinks), without its manifest.
   */
  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (p.equals(from) || p.getFileName().toString().equals(MANIFEST) && p.getParent().equals(from)) {
          continue;
        }
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectory(t);
          dirs.add(p);
        } else if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          linkOrCopy(p, t);
        } else {
          Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
      }
    }
    for (int i = dirs.size() - 1; i >= 0; i--) { // last: a read-only directory was filled first
      Path p = dirs.get(i);
      Files.setPosixFilePermissions(to.resolve(from.relativize(p).toString()), Files.getPosixFilePermissions(p));
    }
  }

  /**
   * The pinned packages instead of the index's: a pin of the version the index lists must have its SHA-256 (else the
   * lock or the archive was changed); a pin of another version is fetched by its pool path and trusted for the
   * SHA-256 the lock records, as go.sum is.
   */
  private List<DebPackage> pinned(SdkSpec spec, List<DebPackage> current, List<DebPackage> pins) {
    List<DebPackage> out = new ArrayList<>();
    for (DebPackage now : current) {
      DebPackage pin = pins.stream().filter(p -> p.name().equals(now.name())).findFirst().orElse(null);
      if (pin == null) { // not pinned yet: the archive's, and the lock gets it (Provisioning)
        out.add(now);
        continue;
      }
      if (pin.version().equals(now.version())) {
        if (!pin.sha256().equals(now.sha256())) {
          throw new HermitException("the SDK lock pins " + pin.name() + " " + pin.version() + " with SHA-256 "
              + pin.sha256() + ", but the signed " + spec.suite() + " index gives " + now.sha256()
              + " for that version: refusing it (the lock or the archive was changed)");
        }
        out.add(now);
      } else {
        step.accept(pin.name() + " is pinned at " + pin.version() + " (the archive's " + spec.suite() + " index has "
            + now.version() + ")");
        out.add(pin);
      }
    }
    return out;
  }

  /**
   * Trixie's packages are merged-/usr: their files are only under usr/. The links a Debian system has (lib to
   * usr/lib and so on) come from base-files, which is not fetched; make them, since PT_INTERP paths such as
   * /lib/ld-linux-aarch64.so.1 go through them.
   */
  static void mergedUsrLinks(Path tree) throws IOException {
    for (String d : List.of("bin", "sbin", "lib", "lib32", "lib64")) {
      if (Files.isDirectory(tree.resolve("usr").resolve(d))
          && !Files.exists(tree.resolve(d), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(tree.resolve(d), Path.of("usr", d));
      }
    }
  }

  private Release release(Fetcher fetch, String suite) {
    String path = "dists/" + suite + "/InRelease";
    step.accept("verifying " + fetch.url(path));
    String text = keys.verifiedText(fetch.bytes(path), fetch.url(path).toString());
    Release release = new Release(text);
    if (!suite.equals(release.codename())) {
      throw new HermitException(fetch.url(path) + " is for " + release.codename() + ", not " + suite);
    }
    return release;
  }

  /**
   * For the spec's libraries whose package Debian's naming rule misses (no alternative of theirs in the index), the
   * package that ships each, by the suite's Contents index (downloaded once, kept beside the Packages index, verified
   * against the signed InRelease's SHA-256): soname → package.
   */
  private Map<String, String> shippedBy(Fetcher fetch, SdkSpec spec, Release release, String arch,
      Map<String, Deb822.Stanza> index) throws IOException {
    List<String> sonames = spec.packages().stream()
        .filter(a -> SdkSpec.shipping(a) != null && Stream.of(a.split("\\|")).noneMatch(index::containsKey))
        .map(SdkSpec::shipping).toList();
    if (sonames.isEmpty()) {
      return Map.of();
    }
    String rel = "main/Contents-" + arch + ".gz";
    Release.Index idx = release.index(rel);
    if (idx == null) {
      return Map.of(); // the message names the guessed packages
    }
    String path = "dists/" + spec.suite() + "/" + rel;
    Path kept = root.resolve(INDEXES).resolve(spec.suite() + "_" + arch + "_Contents_" + idx.sha256() + ".gz");
    if (!intact(kept, idx)) {
      Files.createDirectories(kept.getParent());
      String what = String.format("downloading %s (%.1f MB) to find the packages of %s", fetch.url(path),
          idx.size() / 1e6, String.join(", ", sonames));
      step.accept(what);
      fetch.toFile(path, kept, idx.sha256(), idx.size(), "the signed index",
          (done, all) -> progress.bytes(what, done, all));
      try (Stream<Path> s = Files.list(kept.getParent())) { // older Contents of this suite and architecture
        for (Path p : s.filter(p -> p.getFileName().toString().startsWith(spec.suite() + "_" + arch + "_Contents_")
            && !p.equals(kept)).toList()) {
          Files.deleteIfExists(p);
        }
      }
    } else {
      step.accept("finding the packages of " + String.join(", ", sonames) + " in " + kept);
    }
    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(kept), 1 << 16), 1 << 16)) {
      return ContentsIndex.shipping(in, sonames);
    }
  }

  /**
   * main/binary-ARCH/Packages, as name → stanza: from the decoded copy kept after its first use when the signed
   * InRelease names the plain file (checked against its SHA-256 on every use: decoding the xz took a second each
   * time, 1.1 CPU-s for bookworm's 49 MB arm64 index, where reading the kept copy takes a tenth of that), else
   * Packages.xz (or .gz), verified against the Release's SHA-256, downloaded or kept.
   */
  private Map<String, Deb822.Stanza> packagesIndex(Fetcher fetch, String suite, Release release, String arch,
      List<String> wanted) throws IOException {
    try {
      return packagesIndexOnce(fetch, suite, release, arch, wanted);
    } catch (NoSuchFileException e) {
      // another build replaced the kept index between its check and its read (the download by its decoded copy):
      // what is kept now is read
      return packagesIndexOnce(fetch, suite, release, arch, wanted);
    }
  }

  private Map<String, Deb822.Stanza> packagesIndexOnce(Fetcher fetch, String suite, Release release, String arch,
      List<String> wanted) throws IOException {
    Release.Index plain = release.index("main/binary-" + arch + "/Packages");
    Path decoded = plain == null ? null : keptIndex(suite, arch, plain.sha256(), DECODED);
    if (decoded != null) {
      byte[] b = readDecoded(decoded, plain);
      if (b != null) {
        step.accept("reading the " + suite + " " + arch + " index from " + decoded + " (the signed InRelease's SHA-256)");
        return PackagesIndex.select(b, wanted);
      }
    }
    for (String ext : List.of(".xz", ".gz")) {
      String rel = "main/binary-" + arch + "/Packages" + ext;
      Release.Index idx = release.index(rel);
      if (idx == null) {
        continue;
      }
      String path = "dists/" + suite + "/" + rel;
      Path kept = keptIndex(suite, arch, idx.sha256(), ext);
      if (!intact(kept, idx)) {
        String what = String.format("downloading %s (%.1f MB)", fetch.url(path), idx.size() / 1e6);
        step.accept(what);
        fetch.toFile(path, kept, idx.sha256(), idx.size(), "the signed index",
            (done, all) -> progress.bytes(what, done, all));
        dropOtherIndexes(kept, suite, arch);
      } else {
        step.accept("reading the " + suite + " " + arch + " index from " + kept + " (the signed InRelease's SHA-256)");
      }
      byte[] b;
      // verified against the signed InRelease above, so decoded by the xz program where there is one (as the
      // packages are): liblzma takes half the pure-Java decoder's time for bookworm's 49 MB arm64 index
      try (InputStream in = new BufferedInputStream(Files.newInputStream(kept), 1 << 16)) {
        if (ext.equals(".xz") && XzProgram.available()) {
          try (XzProgram xz = XzProgram.decode(in)) {
            b = xz.output().readAllBytes();
            xz.finish();
          }
        } else {
          try (InputStream un = ext.equals(".xz") ? new XZInputStream(in) : new GZIPInputStream(in, 1 << 16)) {
            b = un.readAllBytes();
          }
        }
      }
      if (decoded != null) {
        keepDecoded(b, plain, decoded, kept);
      }
      return PackagesIndex.select(b, wanted);
    }
    throw new HermitException("Debian " + suite + " on " + fetch.mirror() + " lists no main/binary-" + arch
        + "/Packages index");
  }

  /** The kept decoded index, when it decodes to what the signed InRelease says; else null (a damaged one deleted). */
  private byte[] readDecoded(Path decoded, Release.Index plain) throws IOException {
    if (!Files.isRegularFile(decoded, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    byte[] compressed;
    try {
      compressed = Files.readAllBytes(decoded);
    } catch (NoSuchFileException e) {
      return null; // another build's new download dropped it: that download is read instead
    }
    if (plain.size() <= Integer.MAX_VALUE) {
      try {
        byte[] b = Zstd.decompress(compressed, (int) plain.size());
        if (isPlain(b, plain)) {
          return b;
        }
      } catch (RuntimeException e) {
        // not a zstd frame of that size: damaged, as below
      }
    }
    warn.accept("the cached index " + decoded + " is damaged (it is not what the signed InRelease says); downloading "
        + "it again");
    Files.deleteIfExists(decoded);
    return null;
  }

  /**
   * Keeps the decoded index (zstd, about the size of the xz it came from) in place of the download, when it is
   * what the signed InRelease says the plain file is; a failure to write it only costs the next use a decode.
   */
  private void keepDecoded(byte[] b, Release.Index plain, Path decoded, Path download) {
    if (!isPlain(b, plain)) {
      return; // the Release lists a plain file that is not this one: the download stays the kept index
    }
    try {
      if (CacheFiles.replace(decoded, Zstd.compress(b, DECODED_LEVEL))) {
        Files.deleteIfExists(download);
      }
    } catch (IOException | RuntimeException e) {
      // the download stays beside the decoded copy, which the next use reads
    }
  }

  /** Whether {@code b} is the plain index the signed Release names: its size and SHA-256. */
  private static boolean isPlain(byte[] b, Release.Index plain) {
    return b.length == plain.size() && HexFormat.of().formatHex(Fetcher.sha256().digest(b)).equals(plain.sha256());
  }


  /**
   * Where a suite's Packages index is kept once downloaded, named by the SHA-256 the signed InRelease gives it: the
   * next package set of that suite and architecture (another app's natives, java.desktop's libraries) reads it from
   * there instead of downloading it again (8.7 MB for bookworm's arm64), as long as the suite's InRelease names the
   * same file. One file per suite and architecture: a newer one replaces it.
   */
  private Path keptIndex(String suite, String arch, String sha256, String ext) {
    return root.resolve(INDEXES).resolve(suite + "_" + arch + "_Packages_" + sha256 + ext);
  }

  /** A kept index is used only when its size and SHA-256 are still what the signed InRelease says; else dropped. */
  private boolean intact(Path kept, Release.Index idx) throws IOException {
    if (!Files.isRegularFile(kept, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (Files.size(kept) == idx.size() && Fetcher.sha256(kept).equals(idx.sha256())) {
      return true;
    }
    warn.accept("the cached index " + kept + " is damaged (it is not what the signed InRelease says); downloading it "
        + "again");
    Files.deleteIfExists(kept);
    return false;
  }

  /** The older indexes of this suite and architecture, which its InRelease no longer names. */
  private static void dropOtherIndexes(Path kept, String suite, String arch) throws IOException {
    String prefix = suite + "_" + arch + "_Packages_";
    try (Stream<Path> s = Files.list(kept.getParent())) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith(prefix) && !p.equals(kept)).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

}
