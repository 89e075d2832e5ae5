package dev.hermit.pipeline;

import dev.hermit.app.NativeScan;
import dev.hermit.binary.elf.DynamicNames;
import dev.hermit.jdk.JLink;
import dev.hermit.libc.SystemLibraries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The symbols an app's native library leaves for the loader to find that nothing in its reach defines, as a linker
 * would name them: the loader binds each when the library loads (a function at its first call, where it binds
 * lazily), and where nothing defines it the app fails there ("undefined symbol: __atomic_exchange_1"), under
 * {@code java} too. RocksDB's riscv64 library uses GCC's atomic operations without naming libatomic as a need: for
 * such a library the output carries libatomic and preloads it ({@link #check}) rather than warn.
 *
 * <p>The reach is the loader's for a JNI library (the JVM opens it with RTLD_LOCAL): the library and what it needs,
 * transitively, and the process's global scope, the JVM's launcher and libjvm.so with what they need. Another
 * library the output carries that defines a symbol does not count, unless one of those needs it: libatomic bundled
 * for the desktop's libraries loads with them, not before the app's.
 */
final class UnboundSymbols {
  private UnboundSymbols() {}

  /** The most symbols a warning names per library. */
  static final int SHOWN = 6;

  /** A native of the app: what to call it, the names a need finds it by (file name, soname), and its bytes. */
  record Native(String display, Set<String> names, byte[] elf) {}

  /** GCC's atomic operations library: a native that calls __atomic_ functions needs it, and may not say so. */
  static final String LIBATOMIC = "libatomic.so.1";

  /**
   * Warns for each loaded native that uses symbols nothing in its reach defines; where libatomic defines all of a
   * native's (RocksDB on riscv64), the runtime instead carries it and its loader loads it before the JVM, so the
   * native finds them in the process's global scope, as {@code LD_PRELOAD=libatomic.so.1 java} does (the build
   * bundled it in the natives' rounds, {@link #wantsLibatomic}). Returns the runtime, with libatomic preloaded or as
   * it was.
   *
   * @param sysroot where the target's libraries are (null: this machine), to say where libatomic is missing
   */
  static RuntimeTree check(List<AppNatives.Located> loaded, RuntimeTree runtime, Path image, Path sysroot,
      BuildListener listener) throws IOException {
    if (loaded.isEmpty() || runtime.libraries() == null) {
      return runtime; // with the target's own C library, its libraries are the target's affair
    }
    List<Native> natives = natives(loaded);
    Map<String, List<String>> unbound = find(natives, byName(runtime, image), global(runtime, image));
    boolean atomic = unbound.values().stream().anyMatch(s -> s.stream().allMatch(n -> n.startsWith("__atomic_")));
    String notPreloaded = "";
    if (atomic) {
      // bundled already where it can be: for a native that wants it (wantsLibatomic), or for the desktop's libraries
      Path lib = runtime.libraries().libraries().get(LIBATOMIC);
      if (!runtime.loaderPreloads()) {
        notPreloaded = "the bundled loader is older than glibc 2.30, which can preload it";
      } else if (lib == null) {
        notPreloaded = (sysroot == null ? "this machine" : "the sysroot " + sysroot) + " has no " + LIBATOMIC;
      } else {
        List<Path> global = global(runtime, image);
        global.add(lib);
        Map<String, List<String>> left = find(natives, byName(runtime, image), global);
        List<String> answered = unbound.keySet().stream().filter(n -> !left.containsKey(n)).toList();
        if (!answered.isEmpty()) {
          listener.detail(LIBATOMIC + " preloaded (bundled, and loaded before the JVM): " + String.join(", ", answered)
              + " use" + (answered.size() == 1 ? "s" : "") + " its __atomic_ functions without naming it as a need");
          runtime = runtime.withPreload(LIBATOMIC);
          unbound = left;
        }
      }
    }
    for (Map.Entry<String, List<String>> e : unbound.entrySet()) {
      listener.warn(message(e.getKey(), e.getValue(), notPreloaded));
    }
    return runtime;
  }

  /**
   * Whether a native uses only libatomic's functions among the symbols nothing in its reach defines, and the runtime
   * does not carry libatomic yet: the build then asks for it as for a native's need, which grows a fetched SDK by
   * Debian's libatomic1 (riscv64's base set lacks it), and {@link #check} preloads it.
   */
  static boolean wantsLibatomic(List<AppNatives.Located> loaded, RuntimeTree runtime, Path image) throws IOException {
    if (loaded.isEmpty() || runtime.libraries() == null || runtime.libraries().libraries().containsKey(LIBATOMIC)) {
      return false;
    }
    List<Native> natives = natives(loaded);
    boolean any = false;
    for (Native n : natives) { // most apps: no native names an __atomic_ function, and nothing more is read
      DynamicNames names = parse(n.elf());
      any |= names != null && names.symbols().stream().anyMatch(s -> !s.defined() && s.name().startsWith("__atomic_"));
    }
    return any && runtime.loaderPreloads() && find(natives, byName(runtime, image), global(runtime, image)).values()
        .stream().anyMatch(s -> s.stream().allMatch(n -> n.startsWith("__atomic_")));
  }

  private static List<Native> natives(List<AppNatives.Located> loaded) throws IOException {
    List<Native> natives = new ArrayList<>();
    for (AppNatives.Located l : loaded) {
      if (!l.library().path().contains("!/")) { // a jar inside a class-path directory is packed as it is
        Set<String> names = new HashSet<>(Set.of(l.library().fileName()));
        l.library().binary().soname().ifPresent(names::add);
        natives.add(new Native(l.element().getFileName() + "!/" + l.library().path(), names,
            NativeScan.read(l.element(), l.library().path())));
      }
    }
    return natives;
  }

  /** The runtime's libraries and the image's files by name, as a need finds them. */
  private static Map<String, Path> byName(RuntimeTree runtime, Path image) throws IOException {
    SystemLibraries libraries = runtime.libraries();
    Map<String, Path> byName = new HashMap<>(libraries.libraries());
    byName.put(libraries.loaderName(), libraries.loader());
    try (Stream<Path> s = Files.walk(image)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        byName.putIfAbsent(p.getFileName().toString(), p);
      }
    }
    return byName;
  }

  /** The roots of the process's global scope: the loader, the JVM's launcher and libjvm.so. */
  private static List<Path> global(RuntimeTree runtime, Path image) {
    List<Path> global = new ArrayList<>(List.of(runtime.libraries().loader()));
    Stream.of(image.resolve("bin/java"), JLink.libjvm(image)).filter(Files::isRegularFile).forEach(global::add);
    return global;
  }

  /**
   * Each native's undefined symbols (but weak ones) that nothing in its reach defines, sorted, for the natives that
   * have any. A need is found among the natives first, then in {@code byName}; a native with a need found nowhere is
   * not named (the build names missing libraries before this). Files that are not ELF objects with dynamic symbols
   * define nothing.
   *
   * @param global the roots of the process's global scope, followed through their needs as a native's are
   */
  static Map<String, List<String>> find(List<Native> natives, Map<String, Path> byName, List<Path> global)
      throws IOException {
    Reader reader = new Reader(natives, byName);
    Map<String, List<String>> unbound = new LinkedHashMap<>();
    for (Native n : natives) {
      Set<String> left = new TreeSet<>();
      for (DynamicNames.Symbol s : reader.symbols(n)) {
        if (!s.defined() && !s.weak() && !s.name().isEmpty()) {
          left.add(s.name());
        }
      }
      // a need found nowhere (let through by --allow-missing: JavaCPP links its own copy under that name at run time)
      // may define any of them, and its absence is named already
      boolean reachKnown = reader.defineAway(left, List.of(n));
      reader.defineAway(left, global);
      if (!left.isEmpty() && reachKnown) {
        unbound.put(n.display(), List.copyOf(left));
      }
    }
    return unbound;
  }

  /** Reads each file's dynamic names once, and follows needs breadth first as the loader searches them. */
  private static final class Reader {
    private final Map<String, Native> natives = new HashMap<>();
    private final Map<String, Path> byName;
    private final Map<Object, DynamicNames> read = new HashMap<>();

    Reader(List<Native> natives, Map<String, Path> byName) {
      natives.forEach(n -> n.names().forEach(name -> this.natives.putIfAbsent(name, n)));
      this.byName = byName;
    }

    /**
     * Takes out of {@code left} what the roots and everything they need define; stops once nothing is left. False
     * when a need on the way was found nowhere.
     */
    boolean defineAway(Set<String> left, List<?> roots) throws IOException {
      Deque<Object> queue = new ArrayDeque<>(roots);
      Set<Object> seen = new HashSet<>(roots);
      boolean allFound = true;
      while (!queue.isEmpty() && !left.isEmpty()) {
        Object file = queue.poll();
        DynamicNames names = names(file);
        if (names == null) {
          continue;
        }
        for (DynamicNames.Symbol s : names.symbols()) {
          if (s.defined()) {
            left.remove(s.name());
          }
        }
        for (String need : names.needed()) {
          Object found = natives.containsKey(need) ? natives.get(need) : byName.get(need);
          if (found == null) {
            allFound = false;
          } else if (seen.add(found)) {
            queue.add(found);
          }
        }
      }
      return allFound;
    }

    List<DynamicNames.Symbol> symbols(Native n) throws IOException {
      DynamicNames names = names(n);
      return names == null ? List.of() : names.symbols();
    }

    /** A native's or a file's dynamic names; null when it has none this reader follows. */
    private DynamicNames names(Object file) throws IOException {
      if (read.containsKey(file)) {
        return read.get(file);
      }
      DynamicNames names = null;
      if (file instanceof Native n) {
        names = parse(n.elf());
      } else if (file instanceof Path p && SystemLibraries.isElf(p)) {
        names = parse(Files.readAllBytes(p.toRealPath()));
      }
      read.put(file, names);
      return names;
    }
  }

  private static DynamicNames parse(byte[] elf) {
    try {
      return DynamicNames.read(elf);
    } catch (IllegalArgumentException e) {
      return null; // no dynamic symbols, or tables this reader does not follow: nothing to say of it
    }
  }

  /**
   * The warning for one library, with what is known of where its symbols come from.
   *
   * @param notPreloaded why libatomic was not preloaded for it, or ""
   */
  static String message(String lib, List<String> symbols, String notPreloaded) {
    String names = String.join(", ", symbols.subList(0, Math.min(SHOWN, symbols.size())))
        + (symbols.size() > SHOWN ? " and " + (symbols.size() - SHOWN) + " more" : "");
    String hint = symbols.stream().anyMatch(s -> s.startsWith("__atomic_"))
        ? ". The __atomic_ functions are GCC's libatomic (libatomic.so.1, Debian's libatomic1), which the library does"
            + " not name as a need" + (notPreloaded.isEmpty() ? "" : "; it was not preloaded: " + notPreloaded)
        : "";
    return lib + " uses " + (symbols.size() == 1 ? "a symbol" : symbols.size() + " symbols") + " that neither it, the"
        + " libraries it needs nor the JVM's define: " + names + ". Where the app loads it, the load fails (\"undefined"
        + " symbol\"), or, where the loader binds a function at its first call, the process ends there (\"symbol lookup"
        + " error\"), as under java" + hint;
  }
}
