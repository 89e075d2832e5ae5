package dev.hermit.inspect;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The directories listed in a root's {@code /etc/ld.so.conf} (with {@code include} globs), in order. The loader's
 * cache is built by ldconfig from exactly these directories; reading them instead of the binary cache gives the
 * same answer for a foreign sysroot, whose cache (if any) the host cannot trust.
 */
public final class LdSoConf {
  private static final int MAX_DEPTH = 8;

  private LdSoConf() {}

  public static List<String> directories(RootedFileSystem fs) {
    List<String> result = new ArrayList<>();
    read(fs, "/etc/ld.so.conf", result, new HashSet<>(), 0);
    return result;
  }

  private static void read(RootedFileSystem fs, String file, List<String> out, Set<String> seen, int depth) {
    Optional<Path> path = fs.resolveFile(file);
    if (path.isEmpty() || depth > MAX_DEPTH || !seen.add(file)) {
      return;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(path.get());
    } catch (IOException | RuntimeException e) {
      return; // an unreadable configuration file is skipped, as ldconfig does
    }
    String dir = file.substring(0, file.lastIndexOf('/') + 1);
    for (String raw : lines) {
      String line = raw.replaceFirst("#.*", "").trim();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("include ") || line.startsWith("include\t")) {
        for (String pattern : line.substring(8).trim().split("\\s+")) {
          for (String included : glob(fs, pattern.startsWith("/") ? pattern : dir + pattern)) {
            read(fs, included, out, seen, depth + 1);
          }
        }
      } else if (line.startsWith("hwcap ")) {
        continue;
      } else {
        for (String entry : line.split("[\\s:,=]+")) {
          if (entry.startsWith("/") && !out.contains(entry)) {
            out.add(entry);
          }
        }
      }
    }
  }

  /** Expands a glob in the last component only (as ld.so.conf files use it), sorted like glob(3). */
  private static List<String> glob(RootedFileSystem fs, String pattern) {
    int slash = pattern.lastIndexOf('/');
    String dir = pattern.substring(0, slash);
    String name = pattern.substring(slash + 1);
    List<String> result = new ArrayList<>();
    Path host = fs.hostPath(dir.isEmpty() ? "/" : dir);
    if (!Files.isDirectory(host)) {
      return result;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(host, name)) {
      for (Path entry : entries) {
        result.add(dir + "/" + entry.getFileName());
      }
    } catch (IOException | RuntimeException e) {
      return result;
    }
    result.sort(null);
    return result;
  }
}
