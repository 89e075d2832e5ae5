package dev.hermit.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The links Debian's update-alternatives makes when a package is installed, made in an unpacked SDK: libblas3 ships
 * /usr/lib/TRIPLET/blas/libblas.so.3, and only its postinst's {@code update-alternatives --install} makes
 * /usr/lib/TRIPLET/libblas.so.3, where the loader looks. Without them a library asked for by that name (or needed by
 * a native, as netlib's is) was "not in the sysroot" right after its package was unpacked.
 *
 * @param link the path the alternative is known by (absolute, in the target's tree)
 * @param path the file it stands for
 * @param priority the higher wins among the alternatives for one link, as update-alternatives' automatic mode picks
 */
record Alternatives(String link, String path, int priority) {
  private static final Pattern INSTALL = Pattern.compile(
      "update-alternatives\\s+(?:--\\S+\\s+)*--install\\s+(\\S+)\\s+\\S+\\s+(\\S+)\\s+(\\d+)((?:\\s+--slave\\s+\\S+\\s+\\S+\\s+\\S+)*)");
  private static final Pattern SLAVE = Pattern.compile("--slave\\s+(\\S+)\\s+\\S+\\s+(\\S+)");

  /** The alternatives a maintainer script installs (its slaves with the master's priority); none in other text. */
  static List<Alternatives> parse(String script) {
    String joined = script.replaceAll("\\\\\\r?\\n", " "); // continued lines
    List<Alternatives> out = new ArrayList<>();
    Matcher m = INSTALL.matcher(joined);
    while (m.find()) {
      int priority = Integer.parseInt(m.group(3));
      out.add(new Alternatives(m.group(1), m.group(2), priority));
      Matcher s = SLAVE.matcher(m.group(4));
      while (s.find()) {
        out.add(new Alternatives(s.group(1), s.group(2), priority));
      }
    }
    return out;
  }

  /**
   * Makes each link in {@code tree} to the best alternative whose file the tree has, as a relative symbolic link;
   * a link that exists already (a file a package ships, or an earlier link) stays. Paths that are not absolute, or
   * that climb out of the tree, are skipped.
   */
  static void link(Path tree, List<Alternatives> all) throws IOException {
    Map<String, List<Alternatives>> byLink = new LinkedHashMap<>();
    all.forEach(a -> byLink.computeIfAbsent(a.link(), k -> new ArrayList<>()).add(a));
    for (Map.Entry<String, List<Alternatives>> e : byLink.entrySet()) {
      Path link = inTree(tree, e.getKey());
      if (link == null || Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      List<Alternatives> choices = new ArrayList<>(e.getValue());
      choices.sort(Comparator.comparingInt(Alternatives::priority).reversed());
      for (Alternatives a : choices) {
        Path target = inTree(tree, a.path());
        // a file, or the package's own link to its versioned file (blas/libblas.so.3 -> libblas.so.3.11.0)
        if (target != null && (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(target))) {
          Files.createDirectories(link.getParent());
          Files.createSymbolicLink(link, link.getParent().relativize(target));
          break;
        }
      }
    }
  }

  private static Path inTree(Path tree, String absolute) {
    if (!absolute.startsWith("/")) {
      return null;
    }
    Path p = tree.resolve(absolute.substring(1)).normalize();
    return p.startsWith(tree) && !p.equals(tree) ? p : null;
  }
}
