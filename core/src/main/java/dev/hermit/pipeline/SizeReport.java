package dev.hermit.pipeline;

import dev.hermit.payload.PartSize;
import dev.hermit.payload.TreeEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Where an output's bytes go: the payload tree in parts, each with its unpacked and compressed bytes as written
 * (docs/SIZE.md), and how much of the app's jars is native code.
 *
 * @param parts in tree order
 * @param appNatives bytes that native libraries take inside the app's jars (as stored there), part of "app"
 */
public record SizeReport(List<PartSize> parts, long appNatives) {
  public static final String JVM = "JVM (libjvm)";
  public static final String CDS = "CDS archive";
  public static final String CLASSES = "class library (lib/modules)";
  public static final String NATIVES = "runtime natives and launchers";
  public static final String FILES = "runtime data (conf, legal, tzdb...)";
  public static final String CLIB = "C library and loader";
  public static final String LOCALE = "C.UTF-8 locale";
  public static final String FONTS = "fonts";
  public static final String APP = "app";

  public SizeReport {
    parts = List.copyOf(parts);
  }

  /** The part a file of the tree belongs to (paths as docs/FORMAT.md lays out the tree). */
  static String partOf(TreeEntry e) {
    String p = e.path();
    if (p.startsWith("app/")) {
      return APP;
    }
    if (p.equals("rt/lib/modules")) {
      return CLASSES;
    }
    if (p.endsWith(".jsa")) {
      return CDS;
    }
    if (dev.hermit.jdk.JLink.VMS.stream().anyMatch(vm -> p.startsWith("rt/lib/" + vm + "/"))) {
      return JVM;
    }
    if (p.startsWith("rt/" + RuntimeTree.SYS + "/locale/")) {
      return LOCALE;
    }
    if (p.startsWith("rt/" + RuntimeTree.SYS + "/")) {
      return CLIB;
    }
    if (p.startsWith("rt/" + RuntimeTree.FONTS + "/")) {
      return FONTS;
    }
    return (e.mode() & 0111) != 0 || p.endsWith(".so") ? NATIVES : FILES;
  }

  /** Compressed bytes of the whole tree. */
  public long compressed() {
    return parts.stream().mapToLong(PartSize::compressed).sum();
  }

  /** Bytes of the unpacked tree. */
  public long bytes() {
    return parts.stream().mapToLong(PartSize::bytes).sum();
  }

  /** Native libraries inside the app's jars, by the space they take there (names as JNI loaders use). */
  static long nativesInJars(Map<Path, String> appFiles) throws IOException {
    long total = 0;
    for (Path f : appFiles.keySet()) {
      if (!Files.isRegularFile(f) || !f.getFileName().toString().endsWith(".jar")) {
        continue;
      }
      try (ZipFile z = new ZipFile(f.toFile())) {
        for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
          ZipEntry e = en.nextElement();
          String n = e.getName();
          if (!e.isDirectory() && (n.endsWith(".so") || n.contains(".so.") || n.endsWith(".dll")
              || n.endsWith(".dylib") || n.endsWith(".jnilib"))) {
            total += Math.max(0, e.getCompressedSize());
          }
        }
      }
    }
    return total;
  }
}
