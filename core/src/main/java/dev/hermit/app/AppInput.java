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
 * @param libraryPath tree directories for {@code java.library.path}: where an app's distribution keeps native
 *     libraries beside its jars ({@code lib/}), as its start script would name them
 * @param jvmOptions JVM options the app's own way of starting passes (a distribution's start scripts), before the
 *     user's {@code -J} options, which may override them
 * @param module the module and main class to run ({@code app/com.acme.Main}) with the class path as the module
 *     path, as a modular app's start script runs it; null to run on the class path
 */
public record AppInput(
    String name,
    String mainClass,
    String launchJar,
    List<String> treeClassPath,
    Map<Path, String> files,
    List<Path> classPath,
    Map<String, String> manifestAttributes,
    List<String> libraryPath,
    List<String> jvmOptions,
    String module) {

  public AppInput {
    libraryPath = List.copyOf(libraryPath);
    jvmOptions = List.copyOf(jvmOptions);
    treeClassPath = List.copyOf(treeClassPath);
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    classPath = List.copyOf(classPath);
    TreeMap<String, String> attributes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER); // names in any case, as java
    attributes.putAll(manifestAttributes);
    manifestAttributes = Collections.unmodifiableMap(attributes);
  }

  /** An app with no directories of its own on {@code java.library.path}. */
  public AppInput(String name, String mainClass, String launchJar, List<String> treeClassPath, Map<Path, String> files,
      List<Path> classPath, Map<String, String> manifestAttributes) {
    this(name, mainClass, launchJar, treeClassPath, files, classPath, manifestAttributes, List.of(), List.of());
  }

  /** An app run on the class path. */
  public AppInput(String name, String mainClass, String launchJar, List<String> treeClassPath, Map<Path, String> files,
      List<Path> classPath, Map<String, String> manifestAttributes, List<String> libraryPath, List<String> jvmOptions) {
    this(name, mainClass, launchJar, treeClassPath, files, classPath, manifestAttributes, libraryPath, jvmOptions,
        null);
  }

  /** An app with directories of its own on {@code java.library.path} and no JVM options of its own. */
  public AppInput(String name, String mainClass, String launchJar, List<String> treeClassPath, Map<Path, String> files,
      List<Path> classPath, Map<String, String> manifestAttributes, List<String> libraryPath) {
    this(name, mainClass, launchJar, treeClassPath, files, classPath, manifestAttributes, libraryPath, List.of());
  }

  /** The same app packed from other files (for instance jars rewritten without other platforms' natives). */
  public AppInput withFiles(Map<Path, String> newFiles) {
    return new AppInput(name, mainClass, launchJar, treeClassPath, newFiles, classPath, manifestAttributes,
        libraryPath, jvmOptions, module);
  }

  /** {@code files} with {@code from} packed from {@code to} instead, where it was (a rewritten copy), in order. */
  public static Map<Path, String> replacingSource(Map<Path, String> files, Path from, Path to) {
    Map<Path, String> out = new LinkedHashMap<>();
    files.forEach((k, v) -> out.put(k.equals(from) ? to : k, v));
    return out;
  }

  /** The same app, analysed with another class path (the jars {@code --modules-for} names, say). */
  public AppInput withClassPath(List<Path> newClassPath) {
    return new AppInput(name, mainClass, launchJar, treeClassPath, files, newClassPath, manifestAttributes,
        libraryPath, jvmOptions, module);
  }
}
