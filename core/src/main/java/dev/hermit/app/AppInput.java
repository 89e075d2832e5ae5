package dev.hermit.app;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An application resolved from the user's inputs, ready to be packed.
 *
 * @param name the default output name
 * @param mainClass the class that is run (for a jar, its Main-Class)
 * @param launchJar tree path of the jar to run with {@code java -jar}, or null to run with {@code -cp} and mainClass
 * @param treeClassPath tree paths for {@code -cp} (empty when launchJar is set)
 * @param files every file or directory to pack, source path → tree path, in class-path order (the order is part
 *     of the build info, so it must never depend on hashing)
 * @param classPath the sources in class-path order: what module analysis reads
 * @param manifestAttributes the launch jar's main attributes (empty for a class path)
 */
public record AppInput(
    String name,
    String mainClass,
    String launchJar,
    List<String> treeClassPath,
    Map<Path, String> files,
    List<Path> classPath,
    Map<String, String> manifestAttributes) {

  public AppInput {
    treeClassPath = List.copyOf(treeClassPath);
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    classPath = List.copyOf(classPath);
    manifestAttributes = Collections.unmodifiableMap(new TreeMap<>(manifestAttributes));
  }

  /** The same app packed from other files (for instance jars rewritten without other platforms' natives). */
  public AppInput withFiles(Map<Path, String> newFiles) {
    return new AppInput(name, mainClass, launchJar, treeClassPath, newFiles, classPath, manifestAttributes);
  }
}
