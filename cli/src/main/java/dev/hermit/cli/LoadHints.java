package dev.hermit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What to do when a checked run failed to load a system library by name through JNA ("Unable to load library
 * 'tesseract'") or a native's dlopen ("libcrypto.so: cannot open shared object file"), or a PKCS#11 module by the
 * path a configuration names: such a library is no native of the app's jars, so the build cannot know to carry it;
 * when this machine has it, {@code --bundle-library} does.
 */
final class LoadHints {
  private LoadHints() {}

  private static final Pattern JNA = Pattern.compile("Unable to load library '([A-Za-z0-9_.+-]+)'");
  /** SunPKCS11's words for a module its configuration names by a path the run does not have. */
  private static final Pattern PKCS11 = Pattern.compile("ProviderException: Library (/\\S+) does not exist");
  /**
   * The loader's words for a library opened by name that is nowhere it looks (commons-crypto's native opening
   * "libcrypto.so", a dlopen in any JNI library): the natives' own needs are carried, so this is one named at run time.
   */
  private static final Pattern DLOPEN = Pattern.compile(
      "(?<![\\w/.+-])(lib[A-Za-z0-9_+-]+(?:[.-][A-Za-z0-9_+]+)*\\.so(?:\\.[0-9]+)*): cannot open shared object file");
  /** Where Debian keeps libraries, for this machine's architecture and for any. */
  static final List<Path> LIBRARY_DIRS = Stream.of("/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib")
      .map(Path::of).toList();

  /** A hint for the first library the run's output says JNA (or SunPKCS11) could not load, or empty. */
  static Optional<String> forOutput(List<String> lines, List<Path> libraryDirs) {
    for (String line : lines) {
      Matcher module = PKCS11.matcher(line);
      if (module.find()) {
        Path lib = Path.of(module.group(1));
        return Optional.of("the PKCS#11 module " + lib + " that the provider's configuration names is not where the "
            + "output runs: " + (Files.isRegularFile(lib) ? "" : "install it here, then ") + "build with "
            + "--bundle-library " + lib + " and name ${java.home}/lib/sys/" + lib.getFileName() + " as the library in "
            + "the configuration");
      }
      Matcher opened = DLOPEN.matcher(line);
      if (opened.find() && !JNA.matcher(String.join("\n", lines)).find()) {
        String name = opened.group(1);
        Optional<Path> here = find(name, libraryDirs);
        return Optional.of("the run could not open " + name + ", which the app's code opens by name at run time (no "
            + "native of its jars needs it, so the build did not carry it): " + here.map(p -> "this machine has " + p
                + "; build with --bundle-library " + p.getFileName() + " to carry it (with what it needs)")
                .orElse("install it here and build with --bundle-library " + (name.matches(".*\\.so\\.[0-9]+.*")
                    ? name : name + ".N") + " to carry it"));
      }
      Matcher m = JNA.matcher(line);
      if (m.find()) {
        String name = m.group(1);
        Optional<Path> here = find(name, libraryDirs);
        return Optional.of("JNA could not load the library '" + name + "', which is no native of the app's jars, so "
            + "the build did not carry it: " + here.map(p -> "this machine has " + p + "; build with "
                + "--bundle-library " + p.getFileName() + " to carry it (with what it needs)")
                .orElse("install it here and build with --bundle-library lib" + name + ".so.N to carry it"));
      }
    }
    return Optional.empty();
  }

  /**
   * A hint for a run in an empty root that could not start a program (error=2, "No such file or directory"), or
   * empty: a scratch root has no programs, and a program the app carries or unpacks itself (embedded Postgres's
   * initdb) is started by the kernel through the loader it names and runs on the target's C library, which the
   * root lacks too (the bundled ones serve the JVM's process only). The runtime's own tools are not such programs.
   */
  static Optional<String> forProgram(List<String> lines) {
    for (String line : lines) {
      Matcher m = dev.hermit.pipeline.SmokeCheck.PROGRAM_NOT_STARTED.matcher(line);
      if (!m.find() || !m.group(2).equals("2")) {
        continue;
      }
      String program = m.group(1);
      if (!program.contains("/")) {
        return Optional.of("the app starts the program '" + program + "', and an empty root has none (no shell, no "
            + "commands); give the image a base that has it (busybox has the usual commands), as docs/HERMETIC.md "
            + "says (\"No /bin/sh\")");
      }
      if (!program.matches(".*/rt/bin/[^/]+")) {
        return Optional.of("the app starts " + program + ", a program that an empty root does not have, or whose "
            + "loader and C library it does not have (the bundled ones serve the JVM only); give the image a base "
            + "with it and a C library, as docs/HERMETIC.md says (\"No programs of the target\")");
      }
    }
    return Optional.empty();
  }

  /**
   * libNAME.so.N or libNAME.so.N.M (a soname: one version number, or two as Debian's libpcap.so.0.8) in the library
   * directories or their arch subdirectories, the shortest first (libfoo.so.1 before the file libfoo.so.1.2); a name
   * with its version (libz.so.1) is looked for as it is.
   */
  static Optional<Path> find(String name, List<Path> dirs) {
    String base = name.startsWith("lib") || name.contains(".so") ? name : "lib" + name + ".so";
    Pattern soname = Pattern.compile(Pattern.quote(base)
        + (base.matches(".*\\.so\\.[0-9.]+") ? "" : "\\.[0-9]+(\\.[0-9]+)?"));
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(dir, 2)) {
        Optional<Path> hit = s.filter(p -> soname.matcher(p.getFileName().toString()).matches())
            .sorted().findFirst();
        if (hit.isPresent()) {
          return hit;
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        // an unreadable directory: look in the next
      }
    }
    return Optional.empty();
  }
}
