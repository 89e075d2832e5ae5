package dev.hermit.pipeline;

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

  static final String OPTION = "-Djava.library.path=" + dev.hermit.payload.Manifest.ROOT + "/rt/lib/sys";

  static List<String> add(RuntimeTree runtime, List<String> options, BuildListener listener) {
    if (runtime.libraries() == null || BakedOptions.sets(options, "-Djava.library.path=")) {
      return options;
    }
    listener.detail("java.library.path: " + OPTION + " (not the target's system directories)");
    return BakedOptions.prepend(OPTION, options);
  }
}
