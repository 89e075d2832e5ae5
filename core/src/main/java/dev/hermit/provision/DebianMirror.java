package dev.hermit.provision;

import dev.hermit.Setting;
import dev.hermit.TargetException;
import dev.hermit.HermitException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where Debian's archive is: the URL given by the user, else the first {@code deb} source of Debian's main archive
 * in the host's apt configuration (one-line {@code .list} files and deb822 {@code .sources} files). No host name is
 * built in: a host with neither gets an error asking for one.
 */
public final class DebianMirror {
  /** Suites of Debian's main archive; sources for other suites (security, updates, third parties) are skipped. */
  private static final Set<String> DEBIAN_SUITES = Set.of("buster", "bullseye", "bookworm", "trixie", "forky",
      "duke", "sid", "oldstable", "stable", "testing", "unstable");

  private DebianMirror() {}

  /**
   * @param given the user's mirror URL, or null
   * @param aptRoot the root whose etc/apt is read (/ on a real host)
   */
  public static URI choose(String given, Path aptRoot) {
    if (given != null && !given.isBlank()) {
      return normalize(given);
    }
    return fromApt(aptRoot).orElseThrow(() -> new TargetException("no Debian mirror: this host has no apt source for "
        + "Debian's archive; give the URL of one (a Debian archive, the directory holding dists/ and pool/)",
        Setting.MIRROR, null));
  }

  static URI normalize(String url) {
    String u = url.trim();
    URI uri;
    try {
      uri = URI.create(u.endsWith("/") ? u : u + "/");
    } catch (IllegalArgumentException e) {
      throw new HermitException("mirror '" + url + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
      throw new HermitException("mirror '" + url + "' is not an http, https or file URL");
    }
    return uri;
  }

  static Optional<URI> fromApt(Path root) {
    Path etc = root.resolve("etc/apt");
    List<Path> files = new ArrayList<>();
    files.add(etc.resolve("sources.list"));
    Path dir = etc.resolve("sources.list.d");
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
        List<Path> sorted = new ArrayList<>();
        s.forEach(sorted::add);
        sorted.sort(null);
        files.addAll(sorted);
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        continue;
      }
      String text;
      try {
        text = Files.readString(f);
      } catch (IOException e) {
        continue;
      }
      Optional<String> found = f.getFileName().toString().endsWith(".sources") ? fromDeb822(text)
          : f.getFileName().toString().endsWith(".list") ? fromOneLine(text) : Optional.empty();
      if (found.isPresent()) {
        return Optional.of(normalize(found.get()));
      }
    }
    return Optional.empty();
  }

  /** {@code deb [options] URI SUITE COMPONENT...} */
  static Optional<String> fromOneLine(String text) {
    for (String raw : text.split("\n")) {
      String line = raw.replaceFirst("#.*", "").trim();
      if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
        continue;
      }
      line = line.substring(3).trim().replaceFirst("^\\[[^\\]]*\\]\\s*", "");
      String[] words = line.split("\\s+");
      if (words.length >= 3 && DEBIAN_SUITES.contains(words[1]) && List.of(words).subList(2, words.length)
          .contains("main")) {
        return Optional.of(words[0]);
      }
    }
    return Optional.empty();
  }

  /** Stanzas with Types, URIs, Suites and Components fields. */
  static Optional<String> fromDeb822(String text) {
    for (Deb822.Stanza s : Deb822.parse(text.replaceAll("(?m)^#.*\n", ""))) {
      List<String> types = words(s.get("Types"));
      List<String> suites = words(s.get("Suites"));
      List<String> uris = words(s.get("URIs"));
      boolean enabled = !"no".equalsIgnoreCase(String.valueOf(s.get("Enabled")).trim());
      if (enabled && types.contains("deb") && !uris.isEmpty() && words(s.get("Components")).contains("main")
          && suites.stream().anyMatch(DEBIAN_SUITES::contains)) {
        return Optional.of(uris.get(0));
      }
    }
    return Optional.empty();
  }

  private static List<String> words(String field) {
    return field == null || field.isBlank() ? List.of() : List.of(field.trim().split("\\s+"));
  }
}
