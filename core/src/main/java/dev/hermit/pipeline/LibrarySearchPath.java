package dev.hermit.pipeline;

import dev.hermit.app.AppInput;
import dev.hermit.payload.Manifest;
import java.util.List;

/**
 * Debian's JDKs compile in a {@code java.library.path} of the build machine's system directories
 * ({@code /usr/lib/x86_64-linux-gnu/jni:/lib/x86_64-linux-gnu:...}; upstream JDKs {@code /usr/lib64:/lib64:/lib:
 * /usr/lib}). With the C library bundled, {@code System.loadLibrary("z")} would load whatever the target has there,
 * built for the target's C library, into a process running the bundled one: it works or fails by machine (an empty
 * root has nothing there; a target glibc newer than the bundled one gives "version `GLIBC_2.xx' not found"). So, as
 * for JNA, the search path is the output's own library directory, the same on every machine. An app that sets the
 * property itself keeps its own; with {@code --libc=system} the JDK's default stays.
 */
final class LibrarySearchPath {
  private LibrarySearchPath() {}

  static final String OPTION = "-Djava.library.path=" + Manifest.ROOT + "/rt/lib/sys";

  /**
   * The option, with the app's own library directories after rt/lib/sys ({@link AppInput#libraryPath}). With the
   * system's C library those directories are not added: the JDK's default must stay, and the property has no way
   * to extend it; a library that looks beside its own jar (sqlite4java) still finds them.
   */
  static List<String> add(RuntimeTree runtime, AppInput app, List<String> options, BuildListener listener) {
    if (runtime.libraries() == null || BakedOptions.sets(options, "-Djava.library.path=")) {
      if (!app.libraryPath().isEmpty()) {
        listener.detail("java.library.path: left as it is; the app's native libraries are in "
            + String.join(", ", app.libraryPath()) + " beside its jars");
      }
      return options;
    }
    String option = OPTION + directories(app).stream().map(d -> ":" + Manifest.ROOT + "/" + d)
        .collect(java.util.stream.Collectors.joining());
    listener.detail("java.library.path: " + option + " (not the target's system directories)");
    return BakedOptions.prepend(option, options);
  }

  /**
   * The app's library directories that still hold a file once the natives step has taken other platforms' out
   * (Maven's lib/jansi-native/Windows/x86 held DLLs only, and stayed on the path): one that does not is no place to
   * search. A directory the files do not map is kept.
   */
  static List<String> directories(AppInput app) {
    return app.libraryPath().stream().filter(d -> holdsFiles(app, d)).toList();
  }

  private static boolean holdsFiles(AppInput app, String treeDir) {
    for (java.util.Map.Entry<java.nio.file.Path, String> f : app.files().entrySet()) {
      String at = f.getValue();
      if (treeDir.equals(at) || treeDir.startsWith(at + "/")) {
        java.nio.file.Path dir = treeDir.equals(at) ? f.getKey() : f.getKey().resolve(treeDir.substring(at.length() + 1));
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(dir)) {
          return s.anyMatch(java.nio.file.Files::isRegularFile);
        } catch (java.io.IOException e) {
          return false; // no such directory: all its natives were dropped
        }
      }
    }
    return true;
  }
}
