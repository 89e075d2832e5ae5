package dev.hermit.binary.elf;

import java.util.Map;
import java.util.TreeMap;

/**
 * The highest version needed from each version family ({@code GLIBC_2.34} → GLIBC 2.34): the minimum library
 * version the file will load against. Weak references and non-numeric versions ({@code GLIBC_PRIVATE}) are left
 * out, as the loader does not fail over them (private ones only bind to the exact same build).
 */
public final class MinimumVersions {
  private MinimumVersions() {}

  /** Family name → highest dotted version, e.g. {@code {GLIBC=2.34, GLIBCXX=3.4.29}}, sorted by family. */
  public static Map<String, String> of(Iterable<VersionNeed> needs) {
    Map<String, String> result = new TreeMap<>();
    for (VersionNeed need : needs) {
      for (VersionNeed.Version version : need.versions()) {
        if (version.weak()) {
          continue;
        }
        String[] split = split(version.name());
        if (split != null) {
          result.merge(split[0], split[1], (a, b) -> compare(a, b) >= 0 ? a : b);
        }
      }
    }
    return result;
  }

  /** {@code "GLIBC_2.2.5"} → {@code ["GLIBC", "2.2.5"]}; null when the part after the last '_' is not numeric. */
  static String[] split(String name) {
    int underscore = name.lastIndexOf('_');
    if (underscore <= 0 || underscore == name.length() - 1) {
      return null;
    }
    String version = name.substring(underscore + 1);
    if (!version.matches("[0-9]+(\\.[0-9]+)*")) {
      return null;
    }
    return new String[] {name.substring(0, underscore), version};
  }

  /** Compares dotted versions numerically: 2.10 > 2.9. */
  public static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long p = i < x.length ? parse(x[i]) : 0;
      long q = i < y.length ? parse(y[i]) : 0;
      if (p != q) {
        return Long.compare(p, q);
      }
    }
    return 0;
  }

  private static long parse(String part) {
    try {
      return Long.parseLong(part);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // absurdly long digit strings sort last
    }
  }
}
