package dev.hermit.app;

import dev.hermit.Setting;
import dev.hermit.InputException;
import dev.hermit.HermitException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipException;

/** Class-path mechanics shared by the inputs: globs, jar manifests, Class-Path chains, finding a class. */
final class ClassPathEntries {
  private ClassPathEntries() {}

  /**
   * Expands one {@code --class-path} element: a jar, a directory, or a glob in the last component ({@code lib/*}
   * means every jar in lib, as with java). Matches are sorted so builds are reproducible.
   */
  static List<Path> expand(String element, Path base) {
    int star = element.indexOf('*');
    if (star < 0) {
      Path p = base.resolve(element).normalize();
      if (!Files.exists(p)) {
        throw new InputException("class path entry " + element + " does not exist", Setting.CLASS_PATH, element);
      }
      if (!Files.isRegularFile(p) && !Files.isDirectory(p)) { // a FIFO would block the build for ever
        throw new InputException("class path entry " + element + " is neither a file nor a directory (a FIFO, a "
            + "device?)", Setting.CLASS_PATH, element);
      }
      return List.of(p);
    }
    Path spec = base.resolve(element).normalize();
    Path dir = spec.getParent();
    String pattern = spec.getFileName().toString();
    if (pattern.equals("*")) {
      pattern = "*.{jar,JAR}";
    }
    if (dir == null || !Files.isDirectory(dir) || dir.toString().contains("*")) {
      throw new InputException("class path glob " + element + " must name an existing directory before its last '/'", Setting.CLASS_PATH, element);
    }
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        if (Files.isRegularFile(p) && m.matches(p.getFileName())) {
          found.add(p.normalize());
        }
      }
    } catch (IOException e) {
      throw new HermitException("cannot list " + dir + ": " + e.getMessage());
    }
    if (found.isEmpty()) {
      throw new InputException("class path glob " + element + " matches no jar", Setting.CLASS_PATH, element);
    }
    found.sort(null);
    return found;
  }

  /**
   * The main attributes of a jar, by name in any case (as the JAR specification has it, and java reads
   * {@code main-class:}); a file that is not a readable jar is a user error naming it.
   */
  static Map<String, String> mainAttributes(Path jar) {
    try (JarFile j = new JarFile(jar.toFile())) {
      Map<String, String> m = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      if (j.getManifest() != null) {
        for (Map.Entry<Object, Object> e : j.getManifest().getMainAttributes().entrySet()) {
          m.put(e.getKey().toString(), e.getValue().toString());
        }
      }
      return m;
    } catch (ZipException e) {
      throw new InputException("cannot read " + jar + ": not a valid jar (" + e.getMessage() + ")", null, jar, e);
    } catch (IOException | SecurityException e) {
      throw new HermitException("cannot read " + jar + ": " + e.getMessage());
    }
  }

  /**
   * The jars a jar's Class-Path attribute pulls in, transitively, as java would load them: relative URLs resolved
   * against the referring jar. Entries that do not exist are skipped (java ignores them too) and added to
   * {@code missing} (by referring jar's name) for {@link #reportMissing}.
   */
  static List<Path> classPathClosure(Path jar, Consumer<String> warn, Map<String, Set<String>> missing) {
    Set<Path> seen = new LinkedHashSet<>();
    List<Path> todo = new ArrayList<>(List.of(jar.toAbsolutePath().normalize()));
    while (!todo.isEmpty()) {
      Path j = todo.remove(0);
      if (!seen.add(j) || !Files.isRegularFile(j)) {
        continue;
      }
      String cp = mainAttributes(j).get(Attributes.Name.CLASS_PATH.toString());
      if (cp == null) {
        continue;
      }
      for (String url : cp.trim().split("\\s+")) {
        if (url.isEmpty()) {
          continue;
        }
        Path dep;
        if (url.startsWith("/") || url.startsWith("file:")) {
          // Debian's jars name their dependencies so (Class-Path: /usr/share/java/commons-lang3.jar): packed as any
          // other, the output's copy of the jar naming it by a relative path (ClassPathRelinker)
          dep = absolute(url);
          if (dep == null) {
            warn.accept("Class-Path entry '" + url + "' of " + j.getFileName() + " is not a file path; it is not "
                + "packed");
            continue;
          }
        } else if (url.contains(":")) {
          warn.accept("Class-Path entry '" + url + "' of " + j.getFileName() + " is a URL (" + url.substring(0,
              url.indexOf(':')) + "), not a file; it is not packed");
          continue;
        } else {
          dep = besideRealJar(j, url);
        }
        // nor is a FIFO's or a device's (java opens one only if a class is looked up past what it found before)
        if (Files.exists(dep) && !Files.isRegularFile(dep) && !Files.isDirectory(dep)) {
          warn.accept("Class-Path entry '" + url + "' of " + j.getFileName() + " is neither a jar nor a directory "
              + "(a pipe, a socket or a device); skipped");
          continue;
        }
        if (!Files.isRegularFile(dep) && !Files.isDirectory(dep)) {
          missing.computeIfAbsent(j.getFileName().toString(), k -> new LinkedHashSet<>()).add(url);
          continue;
        }
        todo.add(dep);
      }
    }
    seen.remove(jar.toAbsolutePath().normalize());
    return new ArrayList<>(seen);
  }

  /**
   * One warning for the Class-Path entries that do not exist, however many: a jar set that names unversioned jars
   * (Metro's) would otherwise give a screenful of them.
   */
  static void reportMissing(Map<String, Set<String>> missing, Consumer<String> warn) {
    int count = missing.values().stream().mapToInt(Set::size).sum();
    if (count == 1) {
      missing.forEach((jar, urls) -> warn.accept("Class-Path entry '" + urls.iterator().next() + "' of " + jar
          + " does not exist; skipped (java skips it too, but finds it if it appears later; the output never will)"));
    } else if (count > 1) {
      List<String> named = new ArrayList<>();
      missing.forEach((jar, urls) -> named.add(jar + " names '" + String.join("' '", urls) + "'"));
      warn.accept(count + " Class-Path entries do not exist; skipped (java skips them too, but finds any that appear "
          + "later; the output never will): " + String.join("; ", named));
    }
  }

  /** Looks for a class on the class path (including multi-release versions); returns its bytes or null. */
  static byte[] findClass(List<Path> classPath, String className) {
    String entry = className.replace('.', '/') + ".class";
    for (Path p : classPath) {
      try {
        if (Files.isDirectory(p)) {
          Path f = p.resolve(entry);
          if (Files.isRegularFile(f)) {
            return Files.readAllBytes(f);
          }
        } else {
          try (JarFile j = new JarFile(p.toFile(), false, JarFile.OPEN_READ, Runtime.version())) {
            var e = j.getJarEntry(entry);
            if (e != null) {
              try (InputStream in = j.getInputStream(e)) {
                return in.readAllBytes();
              } catch (ZipException | java.io.EOFException damaged) {
                throw damagedEntry(p, e.getName(), damaged);
              }
            }
          }
        }
      } catch (IOException e) {
        throw new HermitException("cannot read " + p + ": " + e.getMessage());
      }
    }
    return null;
  }

  /**
   * A jar whose directory is whole but one entry's stored bytes do not decode (the inflater or the CRC check
   * refuses them): bad input, named with the entry, where the zip library's words alone ("invalid code lengths set")
   * named neither.
   */
  static InputException damagedEntry(Path jar, String entry, IOException e) {
    return new InputException("cannot read " + jar + ": its entry " + entry + " is damaged (" + e.getMessage()
        + "); build or download the jar again", null, jar, e);
  }

  /** The names of the classes in these jars and directories ({@code com.acme.Main}), from their entry lists alone. */
  static Set<String> classNames(List<Path> jars) {
    Set<String> names = new java.util.HashSet<>();
    for (Path p : jars) {
      if (Files.isDirectory(p)) {
        try (java.util.stream.Stream<Path> s = Files.walk(p)) {
          s.map(f -> p.relativize(f).toString().replace('\\', '/'))
              .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
              .forEach(n -> names.add(n.substring(0, n.length() - ".class".length()).replace('/', '.')));
        } catch (IOException e) {
          throw new HermitException("cannot read " + p + ": " + e.getMessage());
        }
        continue;
      }
      try (JarFile j = new JarFile(p.toFile(), false)) {
        j.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
            .forEach(n -> names.add(n.substring(0, n.length() - ".class".length()).replace('/', '.')));
      } catch (IOException e) {
        throw new HermitException("cannot read " + p + ": " + e.getMessage());
      }
    }
    return names;
  }

  /**
   * Where a relative Class-Path entry of {@code jar} is: beside it, as java looks; else, for a jar that is a link,
   * beside the file it links to, as Tomcat's loader looks (it takes lib/'s jars by their real paths: Debian's
   * lib/jasper.jar links to /usr/share/java/tomcat10-jasper.jar, whose eclipse-jdt-core.jar is beside that, and
   * JSPs compiled under java; the output had no compiler).
   */
  static Path besideRealJar(Path jar, String url) {
    Path dep = jar.getParent().resolve(decode(url)).normalize();
    if (!Files.exists(dep) && Files.isSymbolicLink(jar)) {
      try {
        Path real = jar.toRealPath().getParent().resolve(decode(url)).normalize();
        if (Files.exists(real)) {
          return real;
        }
      } catch (IOException e) {
        return dep; // a dangling link: the entry is missing as java finds it
      }
    }
    return dep;
  }

  /** The file an absolute Class-Path entry names ({@code /a/b.jar} or {@code file:/a/b.jar}), or null. */
  static Path absolute(String url) {
    try {
      return url.startsWith("file:") ? Path.of(java.net.URI.create(url)).normalize()
          : Path.of(decode(url)).normalize();
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return null; // file://host/..., or not a URI at all
    }
  }

  static String decode(String url) {
    return java.net.URLDecoder.decode(url.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }
}
