package dev.hermit.jdk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A JDK's {@code release} facts read from its {@code java.base.jmod}, for a JDK unpacked without the package that
 * ships the file (Debian's openjdk-N-jre-headless, which hermit does not fetch for other platforms: jlink needs only
 * the jmods). They come from where the JDK's build took them: the version strings and vendor are constants of
 * {@code java.lang.VersionProps}, the platform is java.base's {@code ModuleTarget} attribute ("linux-aarch64").
 */
public final class JmodRelease {
  private JmodRelease() {}

  /** The release file's lines, as the JDK's own would give them; IOException when the jmod does not tell. */
  public static String of(Path javaBaseJmod) throws IOException {
    Map<String, String> props;
    String platform;
    try (ZipFile z = new ZipFile(javaBaseJmod.toFile())) {
      props = constants(read(z, "classes/java/lang/VersionProps.class"));
      platform = moduleTarget(read(z, "classes/module-info.class"));
    } catch (BufferUnderflowException | BufferOverflowException | IllegalArgumentException e) {
      throw new IOException("a class file of " + javaBaseJmod + " is damaged: " + e, e);
    }
    int dash = platform == null ? -1 : platform.indexOf('-');
    if (dash <= 0 || props.get("java_version") == null || props.get("java_runtime_version") == null) {
      throw new IOException(javaBaseJmod + " names no platform or version (ModuleTarget " + platform + ")");
    }
    Map<String, String> release = new LinkedHashMap<>();
    release.put("IMPLEMENTOR", props.get("VENDOR"));
    release.put("JAVA_RUNTIME_VERSION", props.get("java_runtime_version"));
    release.put("JAVA_VERSION", props.get("java_version"));
    release.put("JAVA_VERSION_DATE", props.get("java_version_date"));
    String arch = platform.substring(dash + 1);
    release.put("OS_ARCH", arch.equals("amd64") ? "x86_64" : arch); // as Linux JDKs write it
    String os = platform.substring(0, dash);
    release.put("OS_NAME", os.equals("linux") ? "Linux" : os.toUpperCase(Locale.ROOT).charAt(0) + os.substring(1));
    StringBuilder out = new StringBuilder("# written by hermit from " + javaBaseJmod.getFileName()
        + " (this JDK was unpacked without the package that ships its release file)\n");
    release.forEach((k, v) -> {
      if (v != null) {
        out.append(k).append("=\"").append(v).append("\"\n");
      }
    });
    return out.toString();
  }

  private static ByteBuffer read(ZipFile z, String name) throws IOException {
    ZipEntry e = z.getEntry(name);
    if (e == null) {
      throw new IOException("it has no " + name);
    }
    try (InputStream in = z.getInputStream(e)) {
      return ByteBuffer.wrap(in.readNBytes(1 << 20));
    }
  }

  /** A class's constant pool: its UTF-8 entries, and its String constants' UTF-8 indexes, by pool index. */
  private record Pool(String[] utf8, Map<Integer, Integer> strings) {
    /** Reads the pool and leaves {@code b} after it. */
    static Pool read(ByteBuffer b) {
      if (b.getInt() != 0xCAFEBABE) {
        throw new IllegalArgumentException("not a class file");
      }
      b.getInt(); // minor, major
      int count = b.getShort() & 0xffff;
      String[] utf8 = new String[count];
      Map<Integer, Integer> strings = new HashMap<>();
      for (int i = 1; i < count; i++) {
        int tag = b.get();
        switch (tag) {
          case 1 -> {
            byte[] s = new byte[b.getShort() & 0xffff];
            b.get(s);
            utf8[i] = new String(s, StandardCharsets.UTF_8); // the strings read here are ASCII
          }
          case 8 -> strings.put(i, b.getShort() & 0xffff);
          case 7, 16, 19, 20 -> b.position(b.position() + 2);
          case 15 -> b.position(b.position() + 3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> b.position(b.position() + 4);
          case 5, 6 -> {
            b.position(b.position() + 8);
            i++; // a long or double takes two entries
          }
          default -> throw new IllegalArgumentException("constant pool tag " + tag);
        }
      }
      return new Pool(utf8, strings);
    }

    String name(int index) {
      return index < utf8.length ? utf8[index] : null;
    }
  }

  /** The String constants of a class's static final fields (ConstantValue naming a CONSTANT_String). */
  private static Map<String, String> constants(ByteBuffer b) {
    Pool pool = Pool.read(b);
    skipToFields(b);
    Map<String, String> out = new HashMap<>();
    int fields = b.getShort() & 0xffff;
    for (int f = 0; f < fields; f++) {
      b.getShort(); // access
      String name = pool.name(b.getShort() & 0xffff);
      b.getShort(); // descriptor
      int attributes = b.getShort() & 0xffff;
      for (int a = 0; a < attributes; a++) {
        String attr = pool.name(b.getShort() & 0xffff);
        int end = b.getInt() + b.position();
        Integer s = "ConstantValue".equals(attr) ? pool.strings().get(b.getShort() & 0xffff) : null;
        if (s != null && name != null) {
          out.put(name, pool.name(s));
        }
        b.position(end);
      }
    }
    return out;
  }

  /** From after the constant pool past the access flags, this and super classes, and interfaces. */
  private static void skipToFields(ByteBuffer b) {
    b.position(b.position() + 6);
    int interfaces = b.getShort() & 0xffff;
    b.position(b.position() + 2 * interfaces);
  }

  /** The ModuleTarget attribute's platform of a module-info class, or null. */
  private static String moduleTarget(ByteBuffer b) {
    Pool pool = Pool.read(b);
    skipToFields(b);
    for (int members = 0; members < 2; members++) { // fields, methods: none in a module-info, skipped anyway
      int n = b.getShort() & 0xffff;
      for (int m = 0; m < n; m++) {
        b.position(b.position() + 6);
        int attributes = b.getShort() & 0xffff;
        for (int a = 0; a < attributes; a++) {
          b.getShort();
          b.position(b.getInt() + b.position());
        }
      }
    }
    int attributes = b.getShort() & 0xffff;
    for (int a = 0; a < attributes; a++) {
      String attr = pool.name(b.getShort() & 0xffff);
      int end = b.getInt() + b.position();
      if ("ModuleTarget".equals(attr)) {
        return pool.name(b.getShort() & 0xffff);
      }
      b.position(end);
    }
    return null;
  }
}
