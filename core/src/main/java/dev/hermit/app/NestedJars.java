package dev.hermit.app;

import dev.hermit.HermitException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Jars inside jars: Spring Boot's {@code BOOT-INF/lib/} and a war's {@code WEB-INF/lib/}. Their own class loaders
 * load these at run time, so jdeps over the outer jar sees only the launcher; module analysis must read them too.
 */
final class NestedJars {
  static final List<String> LIBRARY_DIRS = List.of("BOOT-INF/lib/", "WEB-INF/lib/", "WEB-INF/lib-provided/");

  private NestedJars() {}

  /** The class path plus every nested library jar, unpacked under {@code work}; says what it found. */
  static List<Path> expand(List<Path> classPath, Path work, List<String> reasons) {
    List<Path> out = new ArrayList<>(classPath);
    for (Path p : classPath) {
      if (!Files.isRegularFile(p)) {
        continue;
      }
      int found = 0;
      try (JarFile jar = new JarFile(p.toFile())) {
        for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
          String name = e.getName();
          if (!name.endsWith(".jar") || LIBRARY_DIRS.stream().noneMatch(name::startsWith)) {
            continue;
          }
          Path target = work.resolve("nested").resolve(out.size() + "-" + name.substring(name.lastIndexOf('/') + 1));
          Files.createDirectories(target.getParent());
          try (InputStream in = jar.getInputStream(e)) {
            Files.copy(in, target);
          }
          out.add(target);
          found++;
        }
      } catch (IOException e) {
        throw new HermitException("cannot read the jars nested in " + p + ": " + e.getMessage());
      }
      if (found > 0) {
        reasons.add(p.getFileName() + " nests " + found + " library jars (" + String.join(", ", LIBRARY_DIRS)
            + "): they are analyzed too");
      }
    }
    return out;
  }
}
