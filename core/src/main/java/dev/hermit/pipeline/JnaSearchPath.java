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
 *
 * <p>JNA's own JNI library, libjnidispatch.so, is in its jar for each platform; at every start JNA extracts the
 * one for the running platform into {@code ~/.cache/JNA/temp} (with no {@code HOME}, into {@code ?/.cache} under the
 * working directory) and loads it from there. With the C library bundled, the target's copy from the app's jar
 * also goes into rt/lib/sys and the app gets {@code -Djna.boot.library.path=${HERMIT_ROOT}/rt/lib/sys}, where JNA
 * looks first: nothing is written at start, and a read-only root or a noexec {@code /tmp} does not matter. JNA
 * refuses a dispatch library of another version than its classes', so this is done only when the app's jars agree
 * on one (the same bytes for the target), and not when the app sets the property itself.
 */
final class JnaSearchPath {
  private JnaSearchPath() {}

  static final String OPTION = "-Djna.library.path=" + dev.hermit.payload.Manifest.ROOT + "/rt/lib/sys";
  static final String BOOT_OPTION = "-Djna.boot.library.path=" + dev.hermit.payload.Manifest.ROOT + "/rt/lib/sys";
  /** The name JNA loads its dispatch library by, in rt/lib/sys. */
  static final String DISPATCH = "libjnidispatch.so";
  /** Where JNA's jar keeps it, per platform directory (linux-x86-64, linux-aarch64, ...), nested or not. */
  private static final Pattern DISPATCH_ENTRY = Pattern.compile("(^|.*!/)com/sun/jna/[^/]+/libjnidispatch\\.so");
  /** JNA's own jar nested in a fat jar or a war (BOOT-INF/lib/jna-5.15.0.jar), or JNA's class itself. */
  private static final Pattern NESTED = Pattern.compile("(^|.*/)jna(-[0-9][^/]*)?\\.jar");
  private static final String NATIVE = "com/sun/jna/Native.class";
  /** jnr-ffi (JRuby's, jnr-posix's): its jar nested, or its loader class. */
  private static final Pattern NESTED_JNR = Pattern.compile("(^|.*/)jnr-ffi(-[0-9][^/]*)?\\.jar");
  private static final String JNR_LOADER = "jnr/ffi/LibraryLoader.class";

  /** The JVM options with JNA's search path in front, when the app has JNA and the C library is bundled. */
  static List<String> add(AppInput app, RuntimeTree runtime, List<String> options, BuildListener listener)
      throws IOException {
    if (runtime.libraries() == null || !hasJna(app)) {
      return options;
    }
    List<String> result = options;
    if (runtime.libraries().libraries().containsKey(DISPATCH)
        && !BakedOptions.sets(options, "-Djna.boot.library.path=")) {
      listener.detail("JNA: " + BOOT_OPTION + " (its dispatch library loads from the output, not extracted at start)");
      result = BakedOptions.prepend(BOOT_OPTION, result);
    }
    if (!BakedOptions.sets(options, "-Djna.library.path=")) {
      listener.detail("JNA: " + OPTION + " (short library names find the bundled C library's neighbours)");
      result = BakedOptions.prepend(OPTION, result);
    }
    return result;
  }

  /**
   * The runtime with JNA's dispatch library for the target beside its C library, when the C library is bundled
   * and the app's jars carry exactly one such library (by content) that loads into the runtime.
   */
  static RuntimeTree withDispatch(List<AppNatives.Located> loaded, RuntimeTree runtime, Path work,
      BuildListener listener) throws IOException {
    if (runtime.libraries() == null || runtime.libraries().libraries().containsKey(DISPATCH)) {
      return runtime;
    }
    List<byte[]> found = new java.util.ArrayList<>(); // distinct contents: two copies of one JNA count once
    List<String> where = new java.util.ArrayList<>();
    for (AppNatives.Located l : loaded) {
      if (DISPATCH_ENTRY.matcher(l.library().path()).matches()) {
        byte[] bytes = dev.hermit.app.NativeScan.read(l.element(), l.library().path());
        if (found.stream().noneMatch(f -> java.util.Arrays.equals(f, bytes))) {
          found.add(bytes);
        }
        where.add(l.element().getFileName() + "!/" + l.library().path());
      }
    }
    if (found.size() != 1) {
      if (found.size() > 1) {
        listener.detail("JNA: " + found.size() + " different dispatch libraries for the target (" + String.join(", ",
            where) + "): each JNA extracts its own at start");
      }
      return runtime;
    }
    Path file = work.resolve("jna").resolve(DISPATCH);
    java.nio.file.Files.createDirectories(file.getParent());
    java.nio.file.Files.write(file, found.get(0));
    listener.detail("JNA: bundling " + where.get(0) + " as rt/lib/sys/" + DISPATCH);
    return runtime.withLibraries(Map.of(DISPATCH, file));
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
