package dev.hermit.provision;

import dev.hermit.FileTrees;
import dev.hermit.HermitException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A JDK given as an archive (.tar.gz, .tgz or .zip, as JDK vendors ship them), unpacked in pure Java once into the
 * SDK cache as {@code ROOT/jdk-HASH/} (HASH: the archive's SHA-256) with a manifest holding the tree's hash,
 * checked on every use like a Debian SDK's. The JDK is the archive's top directory or its one subdirectory holding a
 * {@code release} file.
 *
 * <p>Zip entries carry no Unix modes that java.util.zip exposes: files under {@code bin/} and the JDK's helper
 * executables in {@code lib/} are made executable, everything else is not (the runtime hermit links comes from the
 * jmods, so no other file needs to run).
 */
public final class JdkArchive {
  private JdkArchive() {}

  public static boolean isArchive(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".tar.gz") || n.endsWith(".tgz") || n.endsWith(".zip");
  }

  /**
   * The JDK home inside the unpacked archive. Holds the cache shared until {@link #release(Path)} with the
   * same root, so a prune waits.
   *
   * @param sha256 the archive's expected SHA-256, or null to take it as it is (its hash is then only reported)
   */
  public static Path unpack(Path root, Path archive, String sha256, Consumer<String> step) {
    if (!Files.isRegularFile(archive)) {
      throw new HermitException("JDK archive " + archive + " does not exist");
    }
    if (!isArchive(archive)) {
      throw new HermitException("the JDK " + archive + " is neither a directory nor a .tar.gz, .tgz or .zip archive");
    }
    String got;
    try {
      got = Fetcher.sha256(archive);
    } catch (IOException e) {
      throw new HermitException("cannot read the JDK archive " + archive + ": " + e.getMessage(), e);
    }
    if (sha256 != null && !got.equals(sha256.toLowerCase(Locale.ROOT))) {
      throw new HermitException("the JDK archive " + archive + " has SHA-256 " + got + ", not " + sha256
          + " as expected: refusing it");
    }
    Path dir = root.resolve("jdk-" + got.substring(0, 16));
    try {
      CacheLock.holdShared(root);
    } catch (IOException e) {
      throw CacheLock.unusable(root, e);
    }
    boolean ok = false;
    try {
      Path home = cachedOrMake(root, dir, archive, got, step);
      ok = true;
      return home;
    } catch (IOException e) {
      throw new HermitException("cannot unpack the JDK archive " + archive + ": " + e.getMessage(), e);
    } finally {
      if (!ok) {
        CacheLock.release(root);
      }
    }
  }

  public static void release(Path root) {
    CacheLock.release(root);
  }

  private static Path cachedOrMake(Path root, Path dir, Path archive, String sha, Consumer<String> step)
      throws IOException {
    Path ready = intact(dir);
    if (ready != null) {
      return ready;
    }
    Files.createDirectories(root);
    Path lockPath = root.resolve(dir.getFileName() + ".lock").toAbsolutePath();
    synchronized (CacheLock.monitor(lockPath)) {
      return cachedOrMakeLocked(dir, lockPath, root, archive, sha, step);
    }
  }

  private static Path cachedOrMakeLocked(Path dir, Path lockPath, Path root, Path archive, String sha,
      Consumer<String> step) throws IOException {
    Path ready;
    try (FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
      ready = intact(dir);
      if (ready != null) {
        return ready;
      }
      FileTrees.delete(dir); // damaged
      Path tmp = Files.createTempDirectory(root, "." + dir.getFileName() + "-");
      try {
        step.accept("unpacking " + archive.getFileName() + " (SHA-256 " + sha + ") into " + dir);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
          if (archive.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            unzip(in, tmp);
          } else {
            new TarExtractor(tmp).extract(new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16));
          }
        }
        String home = home(tmp, archive);
        Files.writeString(tmp.resolve(Provisioner.MANIFEST), "# hermit JDK archive\narchive "
            + archive.getFileName().toString().replace(' ', '_') + " " + sha + "\nhome " + home + "\ntree "
            + TreeHash.of(tmp, Provisioner.MANIFEST) + "\n");
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        tmp = null;
      } finally {
        if (tmp != null) {
          FileTrees.delete(tmp);
        }
      }
      return intact(dir);
    }
  }

  /** The JDK home of an unpacked archive whose files match its manifest, else null. */
  private static Path intact(Path dir) throws IOException {
    Path manifest = dir.resolve(Provisioner.MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return null;
    }
    String home = null;
    String tree = null;
    for (String line : Files.readAllLines(manifest)) {
      if (line.startsWith("home ")) {
        home = line.substring(5);
      } else if (line.startsWith("tree ")) {
        tree = line.substring(5);
      }
    }
    if (home == null || tree == null || !tree.equals(TreeHash.of(dir, Provisioner.MANIFEST))) {
      return null;
    }
    Files.setLastModifiedTime(manifest, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
    return home.equals(".") ? dir : dir.resolve(home);
  }

  /** "." when the archive's top holds the release file, else its one directory that does. */
  private static String home(Path tree, Path archive) throws IOException {
    if (Files.isRegularFile(tree.resolve("release"))) {
      return ".";
    }
    List<Path> tops;
    try (Stream<Path> s = Files.list(tree)) {
      tops = s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
    }
    if (tops.size() == 1 && Files.isRegularFile(tops.get(0).resolve("release"))) {
      return tops.get(0).getFileName().toString();
    }
    throw new HermitException("the JDK archive " + archive + " holds no JDK: no 'release' file at its top or in its "
        + "one top directory");
  }

  /** Zip entries, with the same refusals as tar: no '..', no absolute names. */
  private static void unzip(InputStream in, Path root) throws IOException {
    Path base = root.toAbsolutePath().normalize();
    try (ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        String name = e.getName();
        if (name.startsWith("/") || name.contains("\\") || List.of(name.split("/")).contains("..")) {
          throw new IOException("unsafe entry name '" + name + "'");
        }
        Path out = base.resolve(name).normalize();
        if (!out.startsWith(base)) {
          throw new IOException("unsafe entry name '" + name + "'");
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        Files.createDirectories(out.getParent());
        if (Files.isSymbolicLink(out.getParent())) {
          throw new IOException("entry '" + name + "' would be written through a symbolic link");
        }
        Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
        String rel = base.relativize(out).toString();
        if (rel.matches("(.*/)?bin/[^/]+") || rel.matches("(.*/)?lib/(jspawnhelper|jexec)")) {
          Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    }
  }
}
