package dev.hermit.pipeline;

import dev.hermit.app.AppInput;
import dev.hermit.binary.elf.ElfReader;
import dev.hermit.inspect.LibraryResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * JNA finds a library named by its short name ({@code Native.load("z")}) by a file {@code libz.so}, then by the
 * system's search, then by the highest {@code libz.so.N} in its search path: the system's directories, which an
 * empty root does not have, and which on a host hold the host's copies, built for another C library than the
 * output's. So an app with JNA gets {@code -Djna.library.path=${HERMIT_ROOT}/rt/lib/sys}, where the bundled C
 * library and its neighbours are (zlib, libm, libstdc++, what the app's natives need): those names then resolve
 * to the output's own copies everywhere. An app that sets the property itself keeps its own.
 *
 * <p>Short names of glibc's own libraries need files too: pty4j's {@code Native.load("util")} (openpty) finds the
 * host's {@code libutil.so.1} on a host and nothing in an empty root; jnr-ffi's {@code load("util")} the same
 * (it searches {@code java.library.path}, rt/lib/sys, first). Since glibc 2.34 these libraries are stubs whose
 * functions live in libc, a few KB each, so a JNA or jnr-ffi app with the C library bundled gets them all.
 */
final class JnaSearchPath {
  private JnaSearchPath() {}

  static final String OPTION = "-Djna.library.path=" + dev.hermit.payload.Manifest.ROOT + "/rt/lib/sys";
  /** JNA's own jar nested in a fat jar or a war (BOOT-INF/lib/jna-5.15.0.jar), or JNA's class itself. */
  private static final Pattern NESTED = Pattern.compile("(^|.*/)jna(-[0-9][^/]*)?\\.jar");
  private static final String NATIVE = "com/sun/jna/Native.class";
  /** jnr-ffi (JRuby's, jnr-posix's): its jar nested, or its loader class. */
  private static final Pattern NESTED_JNR = Pattern.compile("(^|.*/)jnr-ffi(-[0-9][^/]*)?\\.jar");
  private static final String JNR_LOADER = "jnr/ffi/LibraryLoader.class";

  /** The JVM options with JNA's search path in front, when the app has JNA and the C library is bundled. */
  static List<String> add(AppInput app, RuntimeTree runtime, List<String> options, BuildListener listener)
      throws IOException {
    if (runtime.libraries() == null || BakedOptions.sets(options, "-Djna.library.path=") || !hasJna(app)) {
      return options;
    }
    listener.detail("JNA: " + OPTION + " (short library names find the bundled C library's neighbours)");
    return BakedOptions.prepend(OPTION, options);
  }

  /** glibc's libraries that only carry compatibility symbols since 2.34: their functions are in libc.so.6. */
  static final List<String> GLIBC_STUBS = List.of("libanl.so.1", "libdl.so.2", "libpthread.so.0", "librt.so.1",
      "libutil.so.1");

  /**
   * The runtime with {@link #GLIBC_STUBS} added beside its C library (from {@code sysroot}, null: the host's), when
   * the app has JNA or jnr-ffi and the C library is bundled; a stub the sysroot lacks is left out.
   */
  static RuntimeTree withGlibcStubs(AppInput app, RuntimeTree runtime, Path sysroot, BuildListener listener)
      throws IOException {
    if (runtime.libraries() == null || !hasJna(app) && !AppContents.has(app, JNR_LOADER, NESTED_JNR)) {
      return runtime;
    }
    Path libc = runtime.libraries().libraries().get("libc.so.6");
    if (libc == null) {
      return runtime;
    }
    var requester = ElfReader.read(libc.toRealPath());
    LibraryResolver resolver = new LibraryResolver(sysroot != null ? sysroot : Path.of("/"));
    Map<String, Path> more = new TreeMap<>();
    for (String stub : GLIBC_STUBS) {
      if (!runtime.libraries().libraries().containsKey(stub)) {
        Optional<Path> found = resolver.findLibrary(stub, requester);
        found.ifPresent(p -> more.put(stub, p));
      }
    }
    if (more.isEmpty()) {
      return runtime;
    }
    listener.detail("JNA or jnr-ffi: bundling " + String.join(", ", more.keySet()) + " (glibc's, for short names like \"util\")");
    return runtime.withLibraries(more);
  }

  static boolean hasJna(AppInput app) throws IOException {
    return AppContents.has(app, NATIVE, NESTED);
  }
}
