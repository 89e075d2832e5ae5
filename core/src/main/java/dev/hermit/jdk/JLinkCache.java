package dev.hermit.jdk;

import dev.hermit.CacheEviction;
import dev.hermit.Version;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Linked runtimes kept between builds: jlink of the same JDK, modules and target gives the same image, and takes
 * seconds, most of a small build. An entry is keyed by everything jlink reads (the JDK's release file and every
 * jmod's name, size and time, the modules, the target, hermit's version), written beside the cache and renamed into
 * place, and carries the SHA-256 of each file: a copy out of it is checked file by file, and an entry that fails
 * is deleted and linked again. It is a cache: when its directory cannot be written, builds simply link.
 *
 * <p>Its directory is the request's ({@code Caches.jlink()}); the payload writer keeps the runtime's compressed
 * frames in its {@code .frames} (a name eviction and lookups here never take).
 */
public final class JLinkCache {
  private static final String FILES = ".hermit-files";
  /** jlink writes each module's legal notices as relative symlinks into legal/java.base. */
  private static final String LINKS = ".hermit-links";

  private JLinkCache() {}

  /**
   * Links into {@code output}, from the cache when an entry for exactly this link is there.
   *
   * @param locales jlink's --include-locales patterns, or empty for all of jdk.localedata's
   * @param root the cache directory, or null for none
   * @param tool the jlink to run (JLink.link), or null
   * @return why the link could not be kept in the cache (it cannot be written), or empty
   */
  public static Optional<String> link(Jdk jdk, Target target, Collection<String> modules, List<String> locales,
      Path output, boolean cds, Path root, JLink.Tool tool) {
    if (root == null || cds) { // a CDS archive is not byte-stable: linking it afresh says what it is
      JLink.link(jdk, target, modules, locales, output, cds, tool);
      return Optional.empty();
    }
    Path entry;
    try {
      entry = root.resolve(key(jdk, target, modules, locales, tool));
    } catch (IOException e) {
      entry = null; // the JDK cannot be described: link without the cache
    }
    if (entry != null && Files.isDirectory(entry)) {
      try {
        if (copyVerified(entry, output)) {
          Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
          return Optional.empty();
        }
      } catch (IOException e) {
        deleteQuietly(entry); // unreadable or incomplete: linked and stored again below
      }
    }
    deleteQuietly(output);
    JLink.link(jdk, target, modules, locales, output, false, tool);
    return entry == null ? Optional.empty() : store(output, root, entry);
  }

  static String key(Jdk jdk, Target target, Collection<String> modules) throws IOException {
    return key(jdk, target, modules, List.of(), null);
  }

  static String key(Jdk jdk, Target target, Collection<String> modules, List<String> locales, JLink.Tool tool)
      throws IOException {
    MessageDigest d = sha256();
    List<String> parts = new ArrayList<>(List.of("hermit " + Version.get(), "target " + target.id(),
        "endian " + target.bigEndian(), "home " + jdk.home().toRealPath(), "modules " + new TreeSet<>(modules)));
    if (!locales.isEmpty()) {
      parts.add("locales " + new TreeSet<>(locales));
    }
    if (tool != null) { // another jlink writes other generated classes
      parts.add("jlink " + tool.description());
    }
    parts.add("release " + Files.readString(jdk.home().resolve("release"), StandardCharsets.ISO_8859_1));
    Path inputs = jdk.hasJmods() ? jdk.jmods() : jdk.home().resolve("lib");
    try (Stream<Path> s = Files.list(inputs)) {
      for (Path p : s.sorted().toList()) {
        if (Files.isRegularFile(p)) {
          parts.add(p.getFileName() + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
        }
      }
    }
    parts.forEach(p -> d.update((p + "\n").getBytes(StandardCharsets.UTF_8)));
    return HexFormat.of().formatHex(d.digest(), 0, 16);
  }

  /** Copies an entry's files to {@code output}, checking each against its recorded hash; false on any mismatch. */
  private static boolean copyVerified(Path entry, Path output) throws IOException {
    List<String> lines = Files.readAllLines(entry.resolve(FILES), StandardCharsets.UTF_8);
    for (String line : lines) {
      String[] f = line.split(" ", 3); // hash mode path
      Path src = entry.resolve(f[2]);
      Path dst = output.resolve(f[2]);
      Files.createDirectories(dst.getParent());
      MessageDigest d = sha256();
      try (InputStream in = new DigestInputStream(Files.newInputStream(src, LinkOption.NOFOLLOW_LINKS), d);
          OutputStream out = Files.newOutputStream(dst)) {
        in.transferTo(out);
      }
      if (!HexFormat.of().formatHex(d.digest()).equals(f[0])) {
        deleteQuietly(output);
        deleteQuietly(entry);
        return false;
      }
      if (f[1].equals("x")) {
        dst.toFile().setExecutable(true, false);
      }
    }
    for (String line : Files.readAllLines(entry.resolve(LINKS), StandardCharsets.UTF_8)) {
      String[] l = line.split("\t", 2); // path, target
      Path link = output.resolve(l[0]).normalize();
      Path target = Path.of(l[1]);
      if (target.isAbsolute() || !link.startsWith(output)
          || !link.getParent().resolve(target).normalize().startsWith(output)) {
        deleteQuietly(output);
        deleteQuietly(entry);
        return false; // never a link out of the image
      }
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, target);
    }
    return !lines.isEmpty();
  }

  /** Stores the image as the entry; a reason when the cache cannot be written (a full or read-only disk). */
  private static Optional<String> store(Path image, Path root, Path entry) {
    Path tmp = null;
    try {
      Files.createDirectories(root);
      tmp = Files.createTempDirectory(root, ".tmp-");
      StringBuilder files = new StringBuilder();
      StringBuilder links = new StringBuilder();
      try (Stream<Path> s = Files.walk(image)) {
        for (Path p : s.filter(Files::isSymbolicLink).sorted().toList()) {
          links.append(image.relativize(p)).append('\t').append(Files.readSymbolicLink(p)).append('\n');
        }
      }
      Files.writeString(tmp.resolve(LINKS), links);
      try (Stream<Path> s = Files.walk(image)) {
        for (Path p : s.filter(x -> Files.isRegularFile(x, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
          String rel = image.relativize(p).toString();
          Path dst = tmp.resolve(rel);
          Files.createDirectories(dst.getParent());
          Files.copy(p, dst, StandardCopyOption.COPY_ATTRIBUTES);
          files.append(HexFormat.of().formatHex(sha256(p))).append(Files.isExecutable(p) ? " x " : " - ")
              .append(rel).append('\n');
        }
      }
      Files.writeString(tmp.resolve(FILES), files);
      try {
        Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
        tmp = null;
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        return Optional.empty(); // another build stored the same entry first
      }
      evict(root);
    } catch (IOException | RuntimeException e) {
      // an unwritable or full cache only costs the next build a link: the build goes on and says so
      return Optional.of(e instanceof java.nio.file.AccessDeniedException ? "permission denied: " + e.getMessage()
          : e instanceof FileAlreadyExistsException ? e.getMessage() + " is not a directory"
          : e.getMessage() != null ? e.getMessage() : e.toString());
    } finally {
      deleteQuietly(tmp);
    }
    return Optional.empty();
  }

  /** Deletes the entries {@link CacheEviction} says are stale. */
  private static void evict(Path root) throws IOException {
    List<Path> entries;
    try (Stream<Path> s = Files.list(root)) {
      entries = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }
    CacheEviction.stale(entries, p -> p.toFile().lastModified(), System.currentTimeMillis())
        .forEach(JLinkCache::deleteQuietly);
  }

  private static byte[] sha256(Path file) throws IOException {
    MessageDigest d = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
    }
    return d.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // left for the next eviction
    }
  }
}
