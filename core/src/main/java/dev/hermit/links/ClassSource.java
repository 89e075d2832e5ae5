package dev.hermit.links;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Where a JDK's or a runtime image's classes are read from, by module: an image's {@code lib/modules} through its
 * own jrt file system, or jmod files. Package names use slashes ({@code java/lang}).
 */
interface ClassSource extends Closeable {
  /** The modules with classes in a package (one, in a JDK: no split packages); empty when none has. */
  List<String> modulesOf(String pkg) throws IOException;

  /** Where the classes come from, for the build's details. */
  String describe();

  /** A class file's bytes, or null when the module has no such class. */
  byte[] read(String module, String className) throws IOException;

  /**
   * An image's classes through the jrt file system of that image (its own {@code lib/jrt-fs.jar} reads its
   * {@code lib/modules}); null home: the JVM running hermit. Fails for an image in the other byte order (the
   * jimage reader reads the host's only): the caller then reads jmods.
   */
  static ClassSource jrt(Path home) throws IOException {
    FileSystem fs = home == null ? FileSystems.getFileSystem(URI.create("jrt:/"))
        : FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", home.toString()));
    return new Jrt(fs, home);
  }

  /** The classes of these modules' jmod files (all of the directory's when modules is null). */
  static ClassSource jmods(Path dir, Collection<String> modules) throws IOException {
    List<String> names = modules != null ? List.copyOf(modules) : listJmods(dir);
    Map<String, ZipFile> zips = new HashMap<>();
    Map<String, List<String>> packages = new HashMap<>();
    try {
      for (String m : names) {
        ZipFile z = new ZipFile(dir.resolve(m + ".jmod").toFile());
        zips.put(m, z);
        for (var e = z.entries(); e.hasMoreElements(); ) {
          String n = e.nextElement().getName();
          int slash = n.lastIndexOf('/');
          if (n.startsWith("classes/") && n.endsWith(".class") && slash > 8) {
            List<String> in = packages.computeIfAbsent(n.substring(8, slash), k -> new ArrayList<>());
            if (!in.contains(m)) {
              in.add(m);
            }
          }
        }
      }
    } catch (IOException e) {
      for (ZipFile z : zips.values()) {
        z.close();
      }
      throw e;
    }
    return new Jmods(dir, zips, packages);
  }

  private static List<String> listJmods(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jmod"))
          .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
    }
  }

  final class Jrt implements ClassSource {
    private final FileSystem fs;
    private final Path home;
    private final Map<String, List<String>> modules = new HashMap<>();

    private Jrt(FileSystem fs, Path home) {
      this.fs = fs;
      this.home = home;
    }

    @Override
    public String describe() {
      return "the jrt file system of " + (home == null ? "the running JDK" : home);
    }

    @Override
    public List<String> modulesOf(String pkg) throws IOException {
      List<String> m = modules.get(pkg);
      if (m == null) {
        // /packages/<p>/ links every module with a directory p, also those with subpackages only: java.awt
        // names java.datatransfer (java/awt/datatransfer), javax.annotation java.compiler. Keep those with classes.
        List<String> candidates;
        try (Stream<Path> s = Files.list(fs.getPath("/packages", pkg.replace('/', '.')))) {
          candidates = s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException | NotDirectoryException e) {
          candidates = List.of();
        }
        m = new ArrayList<>();
        for (String module : candidates) {
          try (Stream<Path> s = Files.list(fs.getPath("/modules", module, pkg))) {
            if (s.anyMatch(p -> p.getFileName().toString().endsWith(".class"))) {
              m.add(module);
            }
          }
        }
        modules.put(pkg, m);
      }
      return m;
    }

    @Override
    public byte[] read(String module, String className) throws IOException {
      try {
        return Files.readAllBytes(fs.getPath("/modules", module, className + ".class"));
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    @Override
    public void close() throws IOException {
      if (home != null) {
        fs.close();
      }
    }
  }

  final class Jmods implements ClassSource {
    private final Path dir;
    private final Map<String, ZipFile> zips;
    private final Map<String, List<String>> packages;

    private Jmods(Path dir, Map<String, ZipFile> zips, Map<String, List<String>> packages) {
      this.dir = dir;
      this.zips = zips;
      this.packages = packages;
    }

    @Override
    public String describe() {
      return "the jmods of " + zips.size() + " modules in " + dir;
    }

    @Override
    public List<String> modulesOf(String pkg) {
      return packages.getOrDefault(pkg, List.of());
    }

    @Override
    public byte[] read(String module, String className) throws IOException {
      ZipFile z = zips.get(module);
      ZipEntry e = z == null ? null : z.getEntry("classes/" + className + ".class");
      if (e == null) {
        return null;
      }
      try (var in = z.getInputStream(e)) {
        return in.readAllBytes();
      }
    }

    @Override
    public void close() throws IOException {
      IOException first = null;
      for (ZipFile z : zips.values()) {
        try {
          z.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }
}
