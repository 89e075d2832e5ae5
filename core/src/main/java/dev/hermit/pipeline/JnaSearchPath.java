package dev.hermit.pipeline;

import dev.hermit.app.AppInput;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * JNA finds a library named by its short name ({@code Native.load("z")}) by a file {@code libz.so}, then by the
 * system's search, then by the highest {@code libz.so.N} in its search path: the system's directories, which an
 * empty root does not have, and which on a host hold the host's copies, built for another C library than the
 * output's. So an app with JNA gets {@code -Djna.library.path=${HERMIT_ROOT}/rt/lib/sys}, where the bundled C
 * library and its neighbours are (zlib, libm, libstdc++, what the app's natives need): those names then resolve
 * to the output's own copies everywhere. An app that sets the property itself keeps its own.
 */
final class JnaSearchPath {
  private JnaSearchPath() {}

  static final String OPTION = "-Djna.library.path=" + dev.hermit.payload.Manifest.ROOT + "/rt/lib/sys";
  /** JNA's own jar nested in a fat jar or a war (BOOT-INF/lib/jna-5.15.0.jar), or JNA's class itself. */
  private static final Pattern NESTED = Pattern.compile("(^|.*/)jna(-[0-9][^/]*)?\\.jar");
  private static final String NATIVE = "com/sun/jna/Native.class";

  /** The JVM options with JNA's search path in front, when the app has JNA and the C library is bundled. */
  static List<String> add(AppInput app, RuntimeTree runtime, List<String> options, BuildListener listener)
      throws IOException {
    if (runtime.libraries() == null || BakedOptions.sets(options, "-Djna.library.path=") || !hasJna(app)) {
      return options;
    }
    listener.detail("JNA: " + OPTION + " (short library names find the bundled C library's neighbours)");
    return BakedOptions.prepend(OPTION, options);
  }

  static boolean hasJna(AppInput app) throws IOException {
    return AppContents.has(app, NATIVE, NESTED);
  }
}
