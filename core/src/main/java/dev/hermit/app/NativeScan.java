package dev.hermit.app;

import dev.hermit.binary.NativeBinary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * The native code in one element of an app's class path (a jar, the jars nested in it, or a directory): every
 * native library, recognised by its content and identified with hermit's binary readers, and optionally every class
 * that brings native code ({@link ClassFile#nativeCode}).
 *
 * @param name what to call the element in messages
 * @param libraries the natives, in the element's entry order
 * @param classes the classes that bring native code (only when asked for)
 */
public record NativeScan(String name, List<Library> libraries, List<NativeClass> classes) {
  /** Nested jars deeper than this are not opened (Spring Boot nests one level, a war one). */
  static final int MAX_DEPTH = 3;

  /**
   * A native library at {@code path} inside the element: nested jars are joined with {@code !/}, as in
   * {@code BOOT-INF/lib/zstd-jni.jar!/linux/amd64/libzstd-jni.so}.
   */
  public record Library(String path, long size, NativeBinary binary) {
    /** The file name a loader would know it by when an app extracts it. */
    public String fileName() {
      return path.substring(path.lastIndexOf('/') + 1);
    }
  }

  /** A class file and how it brings native code. */
  public record NativeClass(String path, List<String> how) {
    /** The class name, from the entry path (without a multi-release or Spring Boot prefix). */
    public String className() {
      String p = path.substring(path.lastIndexOf("!/") + 1).replaceFirst("^/", "")
          .replaceFirst("^META-INF/versions/[0-9]+/", "").replaceFirst("^(BOOT-INF|WEB-INF)/classes/", "");
      return p.substring(0, p.length() - ".class".length()).replace('/', '.');
    }
  }

  public NativeScan {
    libraries = List.copyOf(libraries);
    classes = List.copyOf(classes);
  }

  public boolean isEmpty() {
    return libraries.isEmpty() && classes.isEmpty();
  }

  /** Scans a jar on disk, and the jars nested in it. */
  public static NativeScan jar(String name, Path jar, boolean withClasses) throws IOException {
    Collector c = new Collector(withClasses);
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (!e.isDirectory() && (withClasses || !e.getName().endsWith(".class"))) {
          try (InputStream in = zip.getInputStream(e)) {
            c.visit("", e.getName(), in, 1);
          }
        }
      }
    }
    return new NativeScan(name, c.libraries, c.classes);
  }

  /**
   * Scans a jar held in memory (as taken out of a payload), and the jars nested in it; a launch script before the
   * jar's first entry is passed over, as the JDK passes over it.
   */
  public static NativeScan jar(String name, byte[] jar, boolean withClasses) throws IOException {
    Collector c = new Collector(withClasses);
    int start = firstLocalHeader(jar);
    c.nested("", start <= 0 ? jar : java.util.Arrays.copyOfRange(jar, start, jar.length), 1);
    return new NativeScan(name, c.libraries, c.classes);
  }

  /** Scans the files under a class-path directory, in sorted order. */
  public static NativeScan directory(String name, Path dir, boolean withClasses) throws IOException {
    Collector c = new Collector(withClasses);
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        try (InputStream in = Files.newInputStream(p)) {
          // A jar lying in a class-path directory is not on the class path, but the app may load it with a class
          // loader of its own (Maven's distribution: plexus-classworlds loads lib/*.jar): read like one on disk.
          c.visit("", dir.relativize(p).toString().replace('\\', '/'), in, 0);
        }
      }
    }
    return new NativeScan(name, c.libraries, c.classes);
  }

  /**
   * The bytes of a {@link Library#path()} found by a scan of {@code element} (a jar, or a class-path directory),
   * following the nested jars its {@code !/} separators name.
   */
  public static byte[] read(Path element, String path) throws IOException {
    String[] parts = path.split("!/");
    byte[] bytes;
    if (Files.isDirectory(element)) {
      bytes = Files.readAllBytes(element.resolve(parts[0]));
    } else {
      try (ZipFile zip = new ZipFile(element.toFile())) {
        bytes = entry(zip, parts[0]);
      }
    }
    for (int i = 1; i < parts.length; i++) {
      bytes = nestedEntry(bytes, parts[i]);
    }
    return bytes;
  }

  private static byte[] entry(ZipFile zip, String name) throws IOException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw new IOException("no entry " + name + " in " + zip.getName());
    }
    try (InputStream in = zip.getInputStream(e)) {
      return in.readAllBytes();
    }
  }

  private static byte[] nestedEntry(byte[] jar, String name) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (e.getName().equals(name)) {
          return zip.readAllBytes();
        }
      }
    }
    throw new IOException("no entry " + name + " in a nested jar");
  }

  /**
   * Whether the file is a zip archive as the JDK opens one: a local file header first or, for a jar behind a shell
   * script (trino-cli's and Spring Boot's fully executable jars, which run themselves with {@code java -jar "$0"}),
   * a central directory found from the file's end. Looking only at the first bytes, such a jar's natives went unseen.
   */
  public static boolean isZip(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      if (isZip(in.readNBytes(4))) {
        return true;
      }
    } catch (IOException e) {
      return false;
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Where the first local file header is within the first 64 KB, or -1. */
  private static int firstLocalHeader(byte[] zip) {
    for (int i = 0; i + 4 <= Math.min(zip.length, 1 << 16); i++) {
      if (localHeaderAt(zip, i)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the bytes start like a zip archive (a local file header). */
  static boolean isZip(byte[] head) {
    return localHeaderAt(head, 0);
  }

  private static boolean localHeaderAt(byte[] b, int i) {
    return b.length >= i + 4 && b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 3 && b[i + 3] == 4;
  }

  /** Whether an entry is a jar that a class loader could load from (so natives inside it count). */
  static boolean isNestedJar(String name, byte[] head) {
    String n = name.toLowerCase(Locale.ROOT);
    return isZip(head) && (n.endsWith(".jar") || n.endsWith(".war"));
  }

  private static final class Collector {
    final boolean withClasses;
    final List<Library> libraries = new ArrayList<>();
    final List<NativeClass> classes = new ArrayList<>();

    Collector(boolean withClasses) {
      this.withClasses = withClasses;
    }

    void visit(String prefix, String name, InputStream in, int depth) throws IOException {
      if (!withClasses && name.endsWith(".class")) {
        return; // a class file is no library a loader maps; unread, a jar's classes cost no inflating here
      }
      byte[] head = in.readNBytes(8);
      if (depth < MAX_DEPTH && isNestedJar(name, head)) {
        nested(prefix + name + "!/", concat(head, in), depth + 1);
      } else if (NativeBinary.mayBe(head)) {
        byte[] all = concat(head, in);
        Optional<NativeBinary> b = NativeBinary.identify(all);
        b.ifPresent(binary -> libraries.add(new Library(prefix + name, all.length, binary.withPathHint(name))));
      } else if (withClasses && name.endsWith(".class") && head.length == 8 && (head[0] & 0xff) == 0xca
          && (head[1] & 0xff) == 0xfe) {
        List<String> how = ClassFile.nativeCode(concat(head, in));
        if (!how.isEmpty()) {
          classes.add(new NativeClass(prefix + name, how));
        }
      }
    }

    void nested(String prefix, byte[] jar, int depth) throws IOException {
      try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
          if (!e.isDirectory()) {
            visit(prefix, e.getName(), zip, depth);
          }
        }
      }
    }

    static byte[] concat(byte[] head, InputStream rest) throws IOException {
      byte[] tail = rest.readAllBytes();
      byte[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
      System.arraycopy(tail, 0, all, head.length, tail.length);
      return all;
    }
  }
}
