package dev.hermit.provision;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Which package ships a library, from a Debian {@code Contents-ARCH} index: one line per file, its path, white space,
 * then the packages that ship it as {@code section/name}, comma-separated ({@code
 * usr/lib/aarch64-linux-gnu/libbrotlidec.so.1   libs/libbrotli1}). Read only when Debian's naming rule misses a
 * library's package (SdkSpec): 11 MB for bookworm's arm64, 140 MB decoded.
 */
final class ContentsIndex {
  private ContentsIndex() {}

  /**
   * The package of each wanted soname that a {@code lib} directory holds (the loader's search path), the first
   * listed where several do; a soname no package ships is absent.
   */
  static Map<String, String> shipping(InputStream decoded, Collection<String> sonames) throws IOException {
    Map<String, String> found = new HashMap<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(decoded, StandardCharsets.UTF_8), 1 << 16);
    for (String line; (line = r.readLine()) != null && found.size() < sonames.size(); ) {
      int space = line.lastIndexOf(' ');
      int tab = line.lastIndexOf('\t');
      int split = Math.max(space, tab);
      if (split <= 0) {
        continue;
      }
      String path = line.substring(0, split).strip();
      int slash = path.lastIndexOf('/');
      String file = path.substring(slash + 1);
      if (!sonames.contains(file) || found.containsKey(file) || !inLibraryDirectory(path)) {
        continue;
      }
      String first = line.substring(split + 1).split(",")[0];
      found.put(file, first.substring(first.lastIndexOf('/') + 1));
    }
    return found;
  }

  /** lib/TRIPLET/ or usr/lib/TRIPLET/ (or lib/ and usr/lib/ themselves): where the loader looks. */
  private static boolean inLibraryDirectory(String path) {
    String dir = path.substring(0, path.lastIndexOf('/') + 1);
    return dir.matches("(usr/)?lib(32|64)?/([^/]+/)?");
  }
}
