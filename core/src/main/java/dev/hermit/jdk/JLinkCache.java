package dev.hermit.jdk;

import dev.hermit.FileTrees;
import dev.hermit.CacheEviction;
import dev.hermit.Version;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Linked runtimes kept between builds: jlink of the same JDK, modules and target gives the same image, and takes
 * seconds, most of a small build. An entry is keyed by everything jlink reads (the JDK's release file and every
 * jmod's name, size and time, the modules, the target, hermit's version) and by the change the build makes to a
 * fresh image ({@link Finish}: stripping the natives' symbols), so it holds the runtime exactly as builds use it.
 * It is written beside the cache and renamed into place, and carries the SHA-256 of each file and the target of each
 * symbolic link: a build checks every file of it, and that it holds nothing else, then reads the runtime from the
 * entry itself (never writing there); an entry that fails is deleted and linked again. It is a cache: when its
 * directory cannot be written, builds simply link.
 *
 * <p>Its directory is the request's ({@code Caches.jlink()}); the payload writer keeps the runtime's compressed
 * frames in its {@code .frames} (a name eviction and lookups here never take).
 */
public final class JLinkCache {
  /** The entry's image: the rest of the entry is this class's bookkeeping, which must not be packed with it. */
  private static final String IMAGE = "rt";
  private static final String FILES = ".hermit-files";
  /** jlink writes each module's legal notices as relative symlinks into legal/java.base. */
  private static final String LINKS = ".hermit-links";
  /** What {@link Finish#apply} returned when the entry's image was made. */
  private static final String FINISHED = ".hermit-finished";

  private JLinkCache() {}

  /** A change made to every freshly linked image before it is used or stored; part of the cache's key. */
  public interface Finish {
    /** What the change is, for the key: another change is another entry. */
    String name();

    /** Changes the image in place; returns a figure for the build's report (bytes saved). */
    long apply(Path image) throws IOException;
  }

  /**
   * A linked runtime: {@code image} is the cache's entry (read it, never write it) or the scratch directory.
   *
   * @param finished what the {@link Finish} returned when the image was made (0 without one)
   * @param cacheProblem why the link could not be kept in the cache (it cannot be written), or empty
   */
  public record Linked(Path image, long finished, Optional<String> cacheProblem) {}

  /**
   * Links a runtime, or finds it in the cache when an entry for exactly this link is there.
   *
   * @param locales jlink's --include-locales patterns, or empty for all of jdk.localedata's
   * @param scratch where to link when the cache has no entry (anything there is deleted first)
   * @param root the cache directory, or null for none
   * @param tool the jlink to run (JLink.link), or null
   * @param finish the change made to a fresh image, or null
   */
  public static Linked link(Jdk jdk, Target target, Collection<String> modules, List<String> locales,
      Path scratch, boolean cds, Path root, JLink.Tool tool, Finish finish) throws IOException {
    return link(jdk, target, modules, locales, scratch, cds, root, tool, finish, false);
  }

  /** @param lineNumbers keep the JDK classes' line numbers (JLink.link); another entry of the cache */
  public static Linked link(Jdk jdk, Target target, Collection<String> modules, List<String> locales,
      Path scratch, boolean cds, Path root, JLink.Tool tool, Finish finish, boolean lineNumbers) throws IOException {
    if (root == null || cds) { // a CDS archive is not byte-stable: linking it afresh says what it is
      JLink.link(jdk, target, modules, locales, scratch, cds, tool, lineNumbers);
      return new Linked(scratch, finish == null ? 0 : finish.apply(scratch), Optional.empty());
    }
    Path entry;
    try {
      entry = root.resolve(key(jdk, target, modules, locales, tool, finish, lineNumbers));
    } catch (IOException e) {
      entry = null; // the JDK cannot be described: link without the cache
    }
    if (entry != null && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
      try {
        OptionalLong finished = verified(entry);
        if (finished.isPresent()) {
          touch(entry);
          return new Linked(entry.resolve(IMAGE), finished.getAsLong(), Optional.empty());
        }
      } catch (IOException | RuntimeException e) {
        // unreadable or malformed: deleted, linked and stored again below
      }
      FileTrees.deleteQuietly(entry);
    }
    FileTrees.deleteQuietly(scratch);
    JLink.link(jdk, target, modules, locales, scratch, false, tool, lineNumbers);
    long finished = finish == null ? 0 : finish.apply(scratch);
    return new Linked(scratch, finished, entry == null ? Optional.empty() : store(scratch, finished, root, entry));
  }

  static String key(Jdk jdk, Target target, Collection<String> modules) throws IOException {
    return key(jdk, target, modules, List.of(), null, null);
  }

  static String key(Jdk jdk, Target target, Collection<String> modules, List<String> locales, JLink.Tool tool,
      Finish finish) throws IOException {
    return key(jdk, target, modules, locales, tool, finish, false);
  }

  static String key(Jdk jdk, Target target, Collection<String> modules, List<String> locales, JLink.Tool tool,
      Finish finish, boolean lineNumbers) throws IOException {
    MessageDigest d = sha256();
    List<String> parts = new ArrayList<>(List.of("hermit " + Version.get(), "layout 2", "target " + target.id(),
        "endian " + target.bigEndian(), "home " + jdk.home().toRealPath(), "modules " + new TreeSet<>(modules)));
    if (!locales.isEmpty()) {
      parts.add("locales " + new TreeSet<>(locales));
    }
    if (tool != null) { // another jlink writes other generated classes
      parts.add("jlink " + tool.description());
    }
    if (finish != null) {
      parts.add("finish " + finish.name());
    }
    if (lineNumbers) {
      parts.add("java debug attributes kept");
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

  /**
   * Checks an entry: every file of its image has its recorded hash and mode, every link its recorded relative target
   * inside the image, and there is nothing else. Returns the recorded {@link Finish} figure, or empty on a mismatch.
   */
  static OptionalLong verified(Path entry) throws IOException {
    Map<String, String[]> files = new HashMap<>(); // path -> hash, mode
    for (String line : Files.readAllLines(entry.resolve(FILES), StandardCharsets.UTF_8)) {
      String[] f = line.split(" ", 3); // hash mode path
      files.put(f[2], new String[] {f[0], f[1]});
    }
    Map<String, String> links = new HashMap<>();
    for (String line : Files.readAllLines(entry.resolve(LINKS), StandardCharsets.UTF_8)) {
      String[] l = line.split("\t", 2); // path, target
      links.put(l[0], l[1]);
    }
    long finished = Long.parseLong(Files.readString(entry.resolve(FINISHED), StandardCharsets.US_ASCII).strip());
    Path image = entry.resolve(IMAGE);
    if (files.isEmpty() || !Files.isDirectory(image, LinkOption.NOFOLLOW_LINKS)) {
      return OptionalLong.empty();
    }
    int seenFiles = 0;
    int seenLinks = 0;
    byte[] buf = new byte[1 << 16];
    try (Stream<Path> s = Files.walk(image)) { // walk does not follow links
      for (Path p : (Iterable<Path>) s::iterator) {
        String rel = image.relativize(p).toString();
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isDirectory()) {
          continue;
        } else if (a.isSymbolicLink()) {
          String target = links.get(rel);
          Path to = Files.readSymbolicLink(p);
          if (target == null || !target.equals(to.toString()) || to.isAbsolute()
              || !p.getParent().resolve(to).normalize().startsWith(image)) {
            return OptionalLong.empty(); // never a link out of the image
          }
          seenLinks++;
        } else if (a.isRegularFile()) {
          String[] want = files.get(rel);
          if (want == null || !want[1].equals(Files.isExecutable(p) ? "x" : "-") || !want[0].equals(hash(p, buf))) {
            return OptionalLong.empty();
          }
          seenFiles++;
        } else {
          return OptionalLong.empty();
        }
      }
    }
    return seenFiles == files.size() && seenLinks == links.size() ? OptionalLong.of(finished) : OptionalLong.empty();
  }

  private static String hash(Path file, byte[] buf) throws IOException {
    MessageDigest d = sha256();
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  /** Stores the image as the entry; a reason when the cache cannot be written (a full or read-only disk). */
  private static Optional<String> store(Path image, long finished, Path root, Path entry) {
    Path tmp = null;
    try {
      Files.createDirectories(root);
      tmp = Files.createTempDirectory(root, ".tmp-");
      Path copy = tmp.resolve(IMAGE);
      StringBuilder files = new StringBuilder();
      StringBuilder links = new StringBuilder();
      byte[] buf = new byte[1 << 16];
      try (Stream<Path> s = Files.walk(image)) {
        for (Path p : s.sorted().toList()) {
          String rel = image.relativize(p).toString();
          Path dst = copy.resolve(rel);
          if (Files.isSymbolicLink(p)) {
            Path target = Files.readSymbolicLink(p);
            Files.createDirectories(dst.getParent());
            Files.createSymbolicLink(dst, target);
            links.append(rel).append('\t').append(target).append('\n');
          } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dst);
          } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dst.getParent());
            Files.copy(p, dst, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            files.append(hash(dst, buf)).append(Files.isExecutable(dst) ? " x " : " - ").append(rel).append('\n');
          }
        }
      }
      Files.writeString(tmp.resolve(LINKS), links);
      Files.writeString(tmp.resolve(FILES), files);
      Files.writeString(tmp.resolve(FINISHED), Long.toString(finished));
      try {
        Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
        tmp = null;
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        return Optional.empty(); // another build stored the same entry first
      } catch (java.nio.file.FileSystemException e) {
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          // another build stored it first (rename(2) onto its directory: "Directory not empty"); it serves the next
          // build as this one's would have: no warning that the cache "cannot be written"
          return Optional.empty();
        }
        throw e;
      }
      evict(root);
    } catch (IOException | RuntimeException e) {
      // an unwritable or full cache only costs the next build a link: the build goes on and says so
      return Optional.of(e instanceof java.nio.file.AccessDeniedException ? "permission denied: " + e.getMessage()
          : e instanceof FileAlreadyExistsException ? e.getMessage() + " is not a directory"
          : e.getMessage() != null ? e.getMessage() : e.toString());
    } finally {
      FileTrees.deleteQuietly(tmp);
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
        .forEach(FileTrees::deleteQuietly);
  }

  /** Marks an entry used, for eviction; a cache that cannot be written keeps serving what it holds. */
  private static void touch(Path entry) {
    try {
      Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
    } catch (IOException e) {
      // read-only: eviction just sees it older
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
