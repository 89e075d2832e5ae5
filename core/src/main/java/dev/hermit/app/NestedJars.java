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
 * Jars inside jars: Spring Boot's {@code BOOT-INF/lib/}, a war's {@code WEB-INF/lib/}, and any other jar an app
 * carries inside its own (Flink's {@code flink-rpc-akka.jar} in its loader jar, JRuby's standard library jars):
 * class loaders of the app's own load these at run time, so a scan of the outer jar sees only the loader. Module
 * analysis reads them too; a module they bring that the app never loads costs size, one missing costs a failure.
 */
final class NestedJars {
  static final List<String> LIBRARY_DIRS = List.of("BOOT-INF/lib/", "WEB-INF/lib/", "WEB-INF/lib-provided/");

  private NestedJars() {}

  /** The class path plus every nested library jar, unpacked under {@code work}; says what it found. */
  static List<Path> expand(List<Path> classPath, Path work, List<String> reasons) {
    List<Path> out = new ArrayList<>(classPath);
    for (Path p : classPath) {
      if (Files.isDirectory(p)) {
        inDirectory(p, out, reasons);
        continue;
      }
      if (!Files.isRegularFile(p)) {
        continue;
      }
      int found = 0;
      int libraries = 0;
      try (JarFile jar = new JarFile(p.toFile(), false)) { // not verified: see ClassPathScan
        for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
          String name = e.getName();
          if (!name.endsWith(".jar") || e.isDirectory()) {
            continue;
          }
          Path target = work.resolve("nested").resolve(out.size() + "-" + name.substring(name.lastIndexOf('/') + 1));
          Files.createDirectories(target.getParent());
          try (InputStream in = jar.getInputStream(e)) {
            Files.copy(in, target);
          }
          if (!NativeScan.isZip(target)) {
            // a resource that is only named *.jar (openapi-generator-cli carries an empty gradle-wrapper.jar as a
            // template): no class loader can load it, so there is nothing in it to analyze
            Files.delete(target);
            continue;
          }
          if (LIBRARY_DIRS.stream().anyMatch(name::startsWith)) {
            libraries++;
          }
          out.add(target);
          found++;
        }
      } catch (IOException e) {
        throw new HermitException("cannot read the jars nested in " + p + ": " + e.getMessage());
      }
      if (libraries > 0) {
        reasons.add(p.getFileName() + " nests " + libraries + " library jars (" + String.join(", ", LIBRARY_DIRS)
            + "): they are analyzed too");
      }
      if (found > libraries) {
        reasons.add(p.getFileName() + " carries " + (found - libraries) + " other jars that its own class loaders may"
            + " load: they are analyzed too");
      }
    }
    return out;
  }

  /**
   * The jars under a class-path directory: not on the class path, but an app may load them with a class loader of
   * its own, as Maven's distribution does (plexus-classworlds, lib/*.jar): analyzed like nested ones.
   */
  private static void inDirectory(Path dir, List<Path> out, List<String> reasons) {
    List<Path> jars;
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      jars = s.filter(Files::isRegularFile).filter(f -> {
        String n = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return (n.endsWith(".jar") || n.endsWith(".war")) && NativeScan.isZip(f);
      }).sorted().toList();
    } catch (IOException e) {
      throw new HermitException("cannot read the class-path directory " + dir + ": " + e.getMessage());
    }
    if (!jars.isEmpty()) {
      out.addAll(jars);
      reasons.add(dir.getFileName() + "/ holds " + jars.size() + " jars that the app's own class loaders may load: "
          + "they are analyzed too");
    }
  }
}
