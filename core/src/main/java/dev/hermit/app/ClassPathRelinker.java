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
 * Jars whose manifest names others where the output does not hold them. By absolute path, as Debian's do
 * ({@code Class-Path: /usr/share/java/commons-lang3.jar}): the build packs those jars (ClassPathEntries), but the
 * output's JVM would look for them where they were, which a container does not have (pdftk, Checkstyle, PlantUML:
 * ClassNotFoundException in an empty root, though they ran on the build machine). Or by a relative path the output's
 * layout does not keep: a jar packed as a home's ({@code app/home/start.jar}) whose jars are outside it, one found
 * beside a link's target (Tomcat's). The packed copy of such a jar names them by their path relative to it in the
 * output; entries the layout keeps are left as they are, and a jar with none other is packed as it is.
 */
public final class ClassPathRelinker {
  private ClassPathRelinker() {}

  /** The app with each jar whose Class-Path misses what the output packs replaced by a copy naming it there. */
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
        if (cp == null || cp.isBlank()) {
          continue;
        }
        List<String> urls = new ArrayList<>();
        boolean changed = false;
        for (String url : cp.trim().split("\\s+")) {
          boolean absolute = url.startsWith("/") || url.startsWith("file:");
          Path dep = absolute ? ClassPathEntries.absolute(url) : url.contains(":") ? null
              : ClassPathEntries.besideRealJar(jar, url);
          String tree = dep == null ? null : app.files().get(dep);
          String there = tree == null ? null : relativeUrl(f.getValue(), tree);
          // kept: where the layout keeps it, or on the output's own class path already (--class-path's jars,
          // flattened: the copy would cost a signed jar its signature for nothing), or not packed (missing: java
          // skips it there too). An absolute entry is renamed even so, or java would read this machine's file first.
          if (there == null || !absolute && (app.treeClassPath().contains(tree) || Path.of(f.getValue())
              .resolveSibling(ClassPathEntries.decode(url)).normalize().equals(Path.of(tree)))) {
            urls.add(url);
            continue;
          }
          urls.add(url.endsWith("/") ? there + "/" : there); // a directory's entry keeps its slash: java reads
          changed = true;                                     // an entry without one as a jar
        }
        if (!changed) {
          continue;
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        manifest.write(bytes);
        Path copy = Files.createDirectories(work.resolve(String.valueOf(++n))).resolve(jar.getFileName());
        JarRewriter.Result r = JarRewriter.replacing(jar, copy, JarFile.MANIFEST_NAME, bytes.toByteArray());
        r.unsigned().forEach(j -> warn.accept(j + " was signed; its signature is removed, as its Class-Path was made to "
            + "name its jars where the output holds them"));
        Files.setLastModifiedTime(copy, Files.getLastModifiedTime(jar)); // the app's build time stays its own
        files = AppInput.replacingSource(files, jar, copy);
        detail.accept(jar.getFileName() + ": its Class-Path names jars where the output does not hold them (by "
            + "absolute path, or outside its layout); its copy names them where it does");
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
}
