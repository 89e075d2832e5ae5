package dev.hermit.app;

import dev.hermit.HermitException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Jars whose manifest names others by absolute path, as Debian's do ({@code Class-Path:
 * /usr/share/java/commons-lang3.jar}): the build packs those jars (ClassPathEntries), but the output's JVM would
 * look for them where they were, which a container does not have (pdftk, Checkstyle, PlantUML: ClassNotFoundException
 * in an empty root, though they ran on the build machine). The packed copy of such a jar names them instead by their
 * path relative to it in the output, which is also where they are relative to it on this machine; every other entry
 * is kept as it is.
 */
public final class AbsoluteClassPath {
  private AbsoluteClassPath() {}

  /** The app with each jar that names a packed jar by absolute path replaced by a copy naming it relatively. */
  public static AppInput relativize(AppInput app, Path work, Consumer<String> warn, Consumer<String> detail) {
    Map<Path, String> files = new LinkedHashMap<>(app.files());
    int n = 0;
    for (Map.Entry<Path, String> f : app.files().entrySet()) {
      Path jar = f.getKey();
      if (!Files.isRegularFile(jar) || !f.getValue().endsWith(".jar") && !f.getValue().endsWith(".zip")) {
        continue;
      }
      try {
        Manifest manifest = manifest(jar);
        String cp = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        if (cp == null || !(cp.contains(" /") || cp.startsWith("/") || cp.contains("file:"))) {
          continue;
        }
        List<String> urls = new ArrayList<>();
        boolean changed = false;
        for (String url : cp.trim().split("\\s+")) {
          Path dep = url.startsWith("/") || url.startsWith("file:") ? ClassPathEntries.absolute(url) : null;
          String tree = dep == null ? null : app.files().get(dep);
          if (tree == null) {
            urls.add(url); // relative, or not packed (it does not exist: java skips it there too)
            continue;
          }
          urls.add(relativeUrl(f.getValue(), tree));
          changed = true;
        }
        if (!changed) {
          continue;
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        manifest.write(bytes);
        Path copy = Files.createDirectories(work.resolve(String.valueOf(++n))).resolve(jar.getFileName());
        JarRewriter.Result r = JarRewriter.replacing(jar, copy, JarFile.MANIFEST_NAME, bytes.toByteArray());
        r.unsigned().forEach(j -> warn.accept(j + " was signed; its signature is removed, as its Class-Path's "
            + "absolute entries were made relative to where the output holds them"));
        Files.setLastModifiedTime(copy, Files.getLastModifiedTime(jar)); // the app's build time stays its own
        files = replaceKey(files, jar, copy);
        detail.accept(jar.getFileName() + ": its Class-Path names " + (urls.size() == 1 ? "a jar" : "jars")
            + " by absolute path; they are packed, and its copy names them where the output holds them");
      } catch (IOException e) {
        throw new HermitException("cannot rewrite the Class-Path of " + jar + ": " + e.getMessage());
      }
    }
    return n == 0 ? app : app.withFiles(files);
  }

  private static Manifest manifest(Path jar) throws IOException {
    try (JarFile j = new JarFile(jar.toFile(), false)) {
      return j.getManifest();
    }
  }

  /** {@code to}'s path from {@code from}'s directory, both paths in the output's tree, as a Class-Path URL. */
  static String relativeUrl(String from, String to) {
    Path dir = Path.of(from).getParent();
    String rel = (dir == null ? Path.of(to) : dir.relativize(Path.of(to))).toString().replace('\\', '/');
    try {
      return new java.net.URI(null, null, rel, null).getRawPath();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(rel, e);
    }
  }

  private static Map<Path, String> replaceKey(Map<Path, String> files, Path from, Path to) {
    Map<Path, String> out = new LinkedHashMap<>();
    files.forEach((k, v) -> out.put(k.equals(from) ? to : k, v));
    return out;
  }
}
