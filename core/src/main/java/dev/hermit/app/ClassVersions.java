package dev.hermit.app;

import dev.hermit.HermitException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Whether a runtime can load every class of an app: a JVM of feature version N loads class files up to major
 * version 44 + N, and preview class files (minor 0xFFFF) only of exactly N. Reads the first 8 bytes of each class
 * (magic, minor, major), in jars, directories and the jars nested in Spring Boot jars and wars.
 *
 * <p>Multi-release jars: a runtime reads {@code META-INF/versions/V/} only when the jar says {@code Multi-Release:
 * true} and V is at most its own feature version, so only those directories count.
 */
public final class ClassVersions {
  private static final String VERSIONS = "META-INF/versions/";

  /** A class the runtime cannot load. {@code where} names the jar or directory, with the outer jar for nested ones. */
  public record Offender(String className, String where, int major, int minor) {
    /** The Java feature version the class was compiled for (major 69 is Java 25). */
    public int javaVersion() {
      return major - 44;
    }

    public boolean preview() {
      return minor == 0xFFFF;
    }
  }

  /** Thrown when a class needs a newer runtime; carries the feature version a JDK must have. */
  public static final class TooNewException extends HermitException {
    private static final long serialVersionUID = 1L;
    private final transient Offender offender;

    TooNewException(Offender o, int runtime) {
      super(o.className() + " in " + o.where() + " is compiled for Java " + o.javaVersion()
          + (o.preview() ? " with preview features" : "") + " (class file version " + o.major() + "."
          + o.minor() + "), but the runtime is Java " + runtime + ": link with a JDK " + o.javaVersion()
          + (o.preview() ? "" : " or newer"));
      this.offender = o;
    }

    public Offender offender() {
      return offender;
    }
  }

  private final int runtime;
  private Offender worst;

  private ClassVersions(int runtime) {
    this.runtime = runtime;
  }

  /** Stops the build when a class on the class path cannot run on a runtime of feature version {@code runtime}. */
  public static void requireLoadable(List<Path> classPath, int runtime) {
    Offender o = newestUnloadable(classPath, runtime);
    if (o != null) {
      throw new TooNewException(o, runtime);
    }
  }

  /** The class with the highest version that a runtime of that feature version cannot load, or null. */
  public static Offender newestUnloadable(List<Path> classPath, int runtime) {
    ClassVersions v = new ClassVersions(runtime);
    for (Path p : classPath) {
      try {
        if (Files.isDirectory(p)) {
          v.directory(p);
        } else if (Files.isRegularFile(p)) {
          v.jar(p);
        }
      } catch (IOException | UncheckedIOException e) {
        throw new HermitException("cannot read " + p + " to check its class versions: " + e.getMessage());
      }
    }
    return v.worst;
  }

  private void directory(Path dir) throws IOException {
    // A directory on the class path is never multi-release: classes under META-INF/ are not loadable by name.
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        String name = dir.relativize(f).toString();
        if (name.startsWith("META-INF/")) {
          continue;
        }
        try (InputStream in = Files.newInputStream(f)) {
          consider(name, dir.toString(), in);
        }
      }
    }
  }

  private void jar(Path path) throws IOException {
    try (JarFile jar = new JarFile(path.toFile(), false)) {
      boolean multiRelease = multiRelease(jar.getManifest());
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        String name = e.getName();
        if (isNestedLibrary(name)) {
          try (InputStream in = jar.getInputStream(e)) {
            nested(new ZipInputStream(in), name + " in " + path.getFileName());
          }
        } else if (counts(name, multiRelease)) {
          try (InputStream in = jar.getInputStream(e)) {
            consider(name, path.getFileName().toString(), in);
          }
        }
      }
    }
  }

  /** A nested jar is a stream: remember versioned classes until the manifest says whether they count. */
  private void nested(ZipInputStream zip, String where) throws IOException {
    boolean multiRelease = false;
    List<Offender> versioned = new ArrayList<>();
    for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
      String name = e.getName();
      if (name.equals(JarFile.MANIFEST_NAME)) {
        multiRelease = multiRelease(new Manifest(zip));
      } else if (name.startsWith(VERSIONS) && name.endsWith(".class")) {
        if (counts(name, true)) {
          Offender o = read(name, where, zip);
          if (o != null) {
            versioned.add(o);
          }
        }
      } else if (counts(name, false)) {
        consider(name, where, zip);
      }
    }
    if (multiRelease) {
      versioned.forEach(this::consider);
    }
  }

  private static boolean isNestedLibrary(String name) {
    return name.endsWith(".jar") && NestedJars.LIBRARY_DIRS.stream().anyMatch(name::startsWith);
  }

  /** Whether the runtime would ever load this entry as a class. */
  private boolean counts(String name, boolean multiRelease) {
    if (!name.endsWith(".class")) {
      return false;
    }
    if (!name.startsWith(VERSIONS)) {
      return true;
    }
    if (!multiRelease) {
      return false;
    }
    int slash = name.indexOf('/', VERSIONS.length());
    try {
      return slash > 0 && Integer.parseInt(name.substring(VERSIONS.length(), slash)) <= runtime;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean multiRelease(Manifest m) {
    return m != null && "true".equalsIgnoreCase(m.getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE));
  }

  private void consider(String name, String where, InputStream in) throws IOException {
    Offender o = read(name, where, in);
    if (o != null) {
      consider(o);
    }
  }

  private void consider(Offender o) {
    boolean loadable = o.preview() ? o.javaVersion() == runtime : o.javaVersion() <= runtime;
    if (!loadable && (worst == null || o.major() > worst.major())) {
      worst = o;
    }
  }

  /** The version of a class file; null for an entry that is not one (the JVM would never define it). */
  private static Offender read(String name, String where, InputStream in) throws IOException {
    byte[] h = in.readNBytes(8);
    if (h.length < 8 || (h[0] & 0xff) != 0xCA || (h[1] & 0xff) != 0xFE || (h[2] & 0xff) != 0xBA
        || (h[3] & 0xff) != 0xBE) {
      return null;
    }
    int minor = (h[4] & 0xff) << 8 | (h[5] & 0xff);
    int major = (h[6] & 0xff) << 8 | (h[7] & 0xff);
    return new Offender(name, where, major, minor);
  }
}
