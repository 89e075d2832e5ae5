package dev.hermit.provision;

import dev.hermit.FileTrees;
import dev.hermit.HermitException;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** What is in the SDK cache ({@code hermit sdk list}) and clearing it out ({@code hermit sdk prune}). */
public final class SdkCache {
  private SdkCache() {}

  /**
   * One cached SDK.
   *
   * @param dir its directory (suite-arch-hash, or jdk-hash for a JDK archive)
   * @param archive the JDK archive's file name it was unpacked from, or null for Debian packages
   * @param target the platform it is for, when hermit knows its Debian architecture
   * @param java the feature version of its JDK, 0 when it has none
   * @param size bytes of its files
   * @param intact whether its files match the hash recorded when it was made (null: not checked)
   * @param lastUsed when a build last used it (the manifest's modification time)
   */
  public record Entry(Path dir, String archive, String suite, String debianArch, Optional<Target> target, int java,
      long size, List<DebPackage> packages, Boolean intact, Instant lastUsed) {}

  /** What a prune removed. */
  public record Pruned(List<Path> removed, long bytes) {}

  /**
   * What the cache keeps beside its SDKs for the next package set: the downloaded .debs (in {@code debs/}) and the
   * suites' Packages indexes (in {@code indexes/}, named "SUITE ARCH"); partial downloads are not counted.
   */
  public record Downloads(int debs, long debBytes, List<String> indexes, long indexBytes) {}

  /** The downloads kept in the cache at {@code root}; none when it has none (or cannot be read). */
  public static Downloads downloads(Path root) {
    Listing debs = listing(root.resolve("debs"));
    Listing indexes = listing(root.resolve(Provisioner.INDEXES));
    List<String> named = indexes.names().stream().map(n -> {
      String[] f = n.split("_"); // SUITE_ARCH_Packages_SHA256.zst (or .xz)
      return f.length >= 4 && f[2].equals("Packages") ? f[0] + " " + f[1] : n;
    }).toList();
    return new Downloads(debs.names().size(), debs.bytes(), named, indexes.bytes());
  }

  private record Listing(List<String> names, long bytes) {}

  /** The regular files of {@code dir} whose name does not start with '.' (partial downloads), sorted, and their size. */
  private static Listing listing(Path dir) {
    List<String> names = new ArrayList<>();
    long bytes = 0;
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.sorted().toList()) {
          String n = p.getFileName().toString();
          if (!n.startsWith(".") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            names.add(n);
            bytes += Files.size(p);
          }
        }
      } catch (IOException e) {
        // a listing, not a check: what cannot be read is not counted
      }
    }
    return new Listing(List.copyOf(names), bytes);
  }

  /** Every SDK in the cache at {@code root}, by directory name; with {@code verify}, each tree is hashed. */
  public static List<Entry> list(Path root, boolean verify) {
    List<Entry> out = new ArrayList<>();
    try {
      for (Path dir : sdkDirs(root)) {
        Path manifest = dir.resolve(Provisioner.MANIFEST);
        SdkManifest m = SdkManifest.read(manifest);
        String[] name = dir.getFileName().toString().split("-");
        Boolean intact = null;
        if (verify) {
          intact = m.treeHash() != null && m.treeHash().equals(TreeHash.of(dir, Provisioner.MANIFEST));
        }
        Instant used = Files.getLastModifiedTime(manifest).toInstant();
        if (m.archive() != null) {
          java.util.Properties release = new java.util.Properties();
          try (java.io.Reader r = Files.newBufferedReader(dir.resolve(m.home()).resolve("release"))) {
            release.load(r);
          } catch (IOException | RuntimeException ignored) {
            // a damaged one: listed without platform and version
          }
          String osArch = release.getProperty("OS_ARCH", "").replace("\"", "");
          String version = release.getProperty("JAVA_VERSION", "").replace("\"", "");
          out.add(new Entry(dir, m.archive(), null, null, Target.ofOsArch(osArch), version.matches("\\d+.*")
              ? Integer.parseInt(version.split("[^0-9]")[0]) : 0, size(dir), m.packages(), intact, used));
          continue;
        }
        out.add(new Entry(dir, null, name[0], name[1], Target.ALL.stream().filter(t -> t.debianArch()
            .equals(name[1])).findFirst(), m.java(), size(dir), m.packages(), intact, used));
      }
    } catch (IOException e) {
      throw new HermitException("cannot read the SDK cache " + root + ": " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Deletes, with the cache locked exclusively (waiting for the builds using it to end): everything when
   * {@code all}; else what killed builds left (half-made trees, partial downloads), damaged SDKs, SDKs no build
   * used for {@code unusedFor}, the downloaded .debs that no SDK left in the cache was made from, and partial
   * downloads of the suites' Packages indexes (the indexes themselves stay for the next package set).
   */
  public static Pruned prune(Path root, boolean all, Duration unusedFor, Runnable waiting, Consumer<Path> removed) {
    List<Path> gone = new ArrayList<>();
    long[] bytes = {0};
    if (!Files.isDirectory(root)) {
      return new Pruned(gone, 0);
    }
    try {
      CacheLock.exclusive(root, waiting, () -> {
        Instant cutoff = Instant.now().minus(unusedFor);
        Set<String> keptDebs = new HashSet<>();
        List<Path> sdks = sdkDirs(root);
        for (Path dir : sdks) {
          Path manifest = dir.resolve(Provisioner.MANIFEST);
          SdkManifest m = SdkManifest.read(manifest);
          boolean drop = all || Files.getLastModifiedTime(manifest).toInstant().isBefore(cutoff)
              || m.treeHash() == null || !m.treeHash().equals(TreeHash.of(dir, Provisioner.MANIFEST));
          if (drop) {
            delete(dir, gone, bytes, removed);
            delete(dir.resolveSibling(dir.getFileName() + ".lock"), gone, bytes, removed);
            delete(Provisioner.seen(dir), gone, bytes, removed);
          } else {
            m.packages().forEach(p -> keptDebs.add(p.cacheName()));
          }
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root)) {
          for (Path p : s) {
            String n = p.getFileName().toString();
            boolean sdk = sdks.contains(p);
            // a kept SDK's KEY.lock and KEY.seen (the record of its last full hash)
            boolean besideKept = (n.endsWith(".lock") || n.endsWith(".seen"))
                && Files.isDirectory(root.resolve(n.substring(0, n.length() - 5)), LinkOption.NOFOLLOW_LINKS);
            boolean kept = n.equals("debs") || n.equals(Provisioner.INDEXES) || n.equals(CacheLock.NAME);
            if (!sdk && !besideKept && !kept) {
              delete(p, gone, bytes, removed); // half-made trees, index downloads, locks of deleted SDKs
            }
          }
        }
        // the suites' Packages indexes, one per suite and architecture, stay for the next package set; partial
        // downloads of them go
        pruneIn(root.resolve(Provisioner.INDEXES), all, n -> n.startsWith("."), gone, bytes, removed);
        pruneIn(root.resolve("debs"), all, n -> !keptDebs.contains(n), gone, bytes, removed);
      });
    } catch (IOException e) {
      throw new HermitException("cannot prune the SDK cache " + root + ": " + e.getMessage(), e);
    }
    return new Pruned(gone, bytes[0]);
  }

  /** Deletes the files of {@code dir} whose name {@code drop} accepts; with {@code all}, every file and the folder. */
  private static void pruneIn(Path dir, boolean all, java.util.function.Predicate<String> drop, List<Path> gone,
      long[] bytes, Consumer<Path> removed) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        if (all || drop.test(p.getFileName().toString())) {
          delete(p, gone, bytes, removed);
        }
      }
    }
    if (all) {
      delete(dir, gone, bytes, removed);
    }
  }

  /** The SDK trees: directories whose name does not start with '.' and that hold a manifest. */
  private static List<Path> sdkDirs(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().equals("debs")
          && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
          && Files.isRegularFile(p.resolve(Provisioner.MANIFEST), LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    }
  }

  private static void delete(Path p, List<Path> gone, long[] bytes, Consumer<Path> removed) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    bytes[0] += size(p);
    FileTrees.delete(p);
    gone.add(p);
    removed.accept(p);
  }

  static long size(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      long n = 0;
      for (Path f : (Iterable<Path>) s::iterator) {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        n += a.isRegularFile() ? a.size() : 0;
      }
      return n;
    }
  }

  /** For tests: a cached SDK's last use, as a prune sees it. */
  static void setLastUsed(Path dir, Instant when) throws IOException {
    Files.setLastModifiedTime(dir.resolve(Provisioner.MANIFEST), FileTime.from(when));
  }
}
