package dev.hermit.pipeline;

import dev.hermit.Setting;
import dev.hermit.TargetException;
import dev.hermit.CheckFailedException;
import dev.hermit.HermitException;
import dev.hermit.app.AppInput;
import dev.hermit.app.JarRewriter;
import dev.hermit.app.NativeMode;
import dev.hermit.app.NativeScan;
import dev.hermit.binary.NativeBinary;
import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.elf.ElfReader;
import dev.hermit.binary.elf.MinimumVersions;
import dev.hermit.binary.elf.VersionNeed;
import dev.hermit.binary.BinaryFormat;
import dev.hermit.libc.LibraryClosure;
import dev.hermit.libc.SystemLibraries;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The app's native code, decided once per build: refused ({@link NativeMode#NONE}), kept as it is
 * ({@link NativeMode#ALL}), or by default ({@link NativeMode#AUTO}) kept only where it loads into the target's
 * runtime, with the other platforms' libraries taken out of the jars that are packed. In both keeping modes the
 * libraries that the kept natives need are bundled beside the runtime's own, where its loader's library path finds
 * them when the app extracts a native and {@code System.load}s it.
 */
final class AppNatives {
  private AppNatives() {}

  /**
   * The app to pack and the runtime to pack it with, after the natives were decided; {@code loaded}: the kept
   * libraries that load into the runtime, each with the class-path element it is in.
   */
  record Outcome(AppInput app, RuntimeTree runtime, List<Located> loaded) {
    Outcome {
      loaded = List.copyOf(loaded);
    }

    Outcome withRuntime(RuntimeTree other) {
      return new Outcome(app, other, loaded);
    }
  }

  /** A native library and the jar or directory of the app's class path it was found in. */
  record Located(Path element, NativeScan.Library library) {}

  private static final int SHOWN_CLASSES = 3;

  /** How much a class says about a jar's native code: loading a library first, then its count of native methods. */
  private static int weight(NativeScan.NativeClass c) {
    int w = 0;
    for (String how : c.how()) {
      if (how.startsWith("calls ")) {
        w += 1_000_000;
      } else if (how.matches("[0-9]+ native methods?")) {
        w += Integer.parseInt(how.substring(0, how.indexOf(' ')));
      }
    }
    return w;
  }

  /** Fails the build, as a failed check, when the app brings any native code: every jar that does, and why. */
  static void refuseAny(AppInput app, BuildListener listener) throws IOException {
    List<String> lines = new ArrayList<>();
    for (NativeScan s : scan(app, true).values()) {
      if (s.isEmpty()) {
        continue;
      }
      List<String> parts = new ArrayList<>();
      if (!s.libraries().isEmpty()) {
        parts.add(s.libraries().size() + " native librar" + (s.libraries().size() == 1 ? "y" : "ies") + " for "
            + String.join(", ", s.libraries().stream().map(l -> l.binary().platform()).distinct().toList()));
        s.libraries().forEach(l -> listener.detail("native " + s.name() + "!/" + l.path() + ": "
            + l.binary().platform()));
      }
      // A JNA or JNI binding has hundreds of such classes: name the few that say most (those that load a library,
      // then those with the most native methods), count the rest, and list every one with -v.
      List<NativeScan.NativeClass> classes = new ArrayList<>(s.classes());
      classes.sort(java.util.Comparator.comparingInt(AppNatives::weight).reversed());
      for (NativeScan.NativeClass c : classes) {
        listener.detail("native code in " + s.name() + ": " + c.className() + ": " + String.join(", ", c.how()));
      }
      for (NativeScan.NativeClass c : classes.subList(0, Math.min(SHOWN_CLASSES, classes.size()))) {
        parts.add(c.className() + ": " + String.join(", ", c.how()));
      }
      if (classes.size() > SHOWN_CLASSES) {
        parts.add("and " + (classes.size() - SHOWN_CLASSES) + " more classes with native code (-v lists them)");
      }
      lines.add(s.name() + ": " + String.join("; ", parts));
    }
    if (!lines.isEmpty()) {
      throw new CheckFailedException("the build allows no native code, and " + lines.size()
          + (lines.size() == 1 ? " part of the app brings" : " parts of the app bring") + " it:\n  "
          + String.join("\n  ", lines), Setting.NATIVES);
    }
  }

  /**
   * Keeps, drops and bundles. {@code sysroot} is where the runtime's libraries came from (null: the host's); with
   * the system's C library nothing is bundled, the target provides what the natives need.
   */
  static Outcome decide(NativeMode mode, AppInput app, Path image, RuntimeTree runtime, Path sysroot, Path work,
      Set<String> allowMissing, BuildListener listener) throws IOException {
    Map<Path, NativeScan> scans = scan(app, false);
    if (scans.values().stream().allMatch(s -> s.libraries().isEmpty())) {
      return new Outcome(app, runtime, List.of());
    }
    NativeBinary process = process(image);
    Map<Path, String> files = new LinkedHashMap<>(app.files());
    List<NativeScan.Library> loadable = new ArrayList<>();
    List<Located> located = new ArrayList<>();
    List<String> loadableNames = new ArrayList<>();
    Set<String> shipped = new HashSet<>();
    int kept = 0;
    int dropped = 0;
    Set<String> stemsWithTargetNatives = new HashSet<>();
    scans.values().stream().filter(s -> s.libraries().stream().anyMatch(l -> l.binary().loadsInto(process)))
        .forEach(s -> stemsWithTargetNatives.add(platformStem(s.name())));
    long saved = 0;
    int rewrites = 0;
    List<String> programs = new ArrayList<>();
    Map<String, List<String>> otherPlatformsOnly = new LinkedHashMap<>(); // by platformStem: the jars
    Map<String, Set<String>> otherPlatforms = new HashMap<>(); // by platformStem: what their natives are for
    for (Map.Entry<Path, NativeScan> e : scans.entrySet()) {
      NativeScan s = e.getValue();
      Set<String> drop = new LinkedHashSet<>();
      Set<String> others = new LinkedHashSet<>();
      boolean forTarget = false;
      for (NativeScan.Library lib : s.libraries()) {
        boolean loads = lib.binary().loadsInto(process);
        forTarget |= loads;
        // a jar inside a class-path directory is packed as it is: its other platforms' natives stay
        boolean inDirJar = Files.isDirectory(e.getKey()) && lib.path().contains("!/");
        boolean keep = loads || mode == NativeMode.ALL || inDirJar;
        boolean program = loads && lib.binary().isProgram();
        listener.detail("native " + s.name() + "!/" + lib.path() + ": " + lib.binary().platform()
            + (lib.binary().needed().isEmpty() ? "" : ", needs " + String.join(" ", lib.binary().needed()))
            + (program ? ": kept (a program for the target, which the app may run)"
                : loads ? ": kept (loads into the runtime)" : mode == NativeMode.ALL ? ": kept (another platform; all "
                + "are kept)" : keep ? ": kept (another platform, in a jar in a directory, which is not rewritten)"
                : ": dropped (another platform)"));
        if (!loads) {
          others.add(lib.binary().platform());
        }
        if (keep) {
          kept++;
          shipped.add(lib.fileName());
          lib.binary().soname().ifPresent(shipped::add);
        } else {
          drop.add(lib.path());
        }
        if (program) {
          programs.add(s.name() + "!/" + lib.path() + " (through " + lib.binary().elf().interpreter().get()
              + (lib.binary().needed().isEmpty() ? "" : ", with " + String.join(" ", lib.binary().needed())) + ")");
        } else if (loads) {
          loadable.add(lib);
          located.add(new Located(e.getKey(), lib));
          loadableNames.add(s.name() + "!/" + lib.path());
        }
      }
      if (!forTarget && !others.isEmpty()) {
        // Only the target's OS on other arches is news: code for another OS (Netty's kqueue for macOS) is not run
        // here, and a classifier jar's sibling for the target (netty-...-linux-x86_64 beside -linux-aarch_64)
        // serves the same loads. Siblings none of which serves the target make one warning between them.
        boolean sameOs = others.stream().anyMatch(o -> o.startsWith(process.platform().split("/")[0] + "/"));
        if (sameOs && !stemsWithTargetNatives.contains(platformStem(s.name()))) {
          otherPlatformsOnly.computeIfAbsent(platformStem(s.name()), k -> new ArrayList<>()).add(s.name());
          otherPlatforms.computeIfAbsent(platformStem(s.name()), k -> new TreeSet<>()).addAll(others);
        } else {
          listener.detail(s.name() + " brings native libraries only for other platforms (" + String.join(", ", others)
              + "), none that loads into the " + process.platform() + " runtime"
              + (sameOs ? "; its sibling for the target does" : "; not loaded on this OS"));
        }
      }
      if (!Files.isDirectory(e.getKey()) && s.libraries().stream()
          .anyMatch(l -> drop.contains(l.path()) && l.binary().format() == BinaryFormat.PE)) {
        // the program databases of the Windows natives taken out go with them (onnxruntime's 305 MB
        // win-x64/onnxruntime.pdb): debug information that only a Windows debugger reads
        List<String> pdbs = programDatabases(e.getKey());
        if (!pdbs.isEmpty()) {
          listener.detail(s.name() + ": dropped with its Windows natives, their debug information "
              + String.join(", ", pdbs));
          drop.addAll(pdbs);
        }
      }
      if (!drop.isEmpty()) {
        dropped += drop.size();
        Path source = e.getKey();
        Path rewritten = work.resolve("natives").resolve(++rewrites + "-" + source.getFileName());
        Files.createDirectories(rewritten.getParent());
        if (Files.isDirectory(source)) {
          copyWithout(source, rewritten, drop);
        } else {
          JarRewriter.Result r = JarRewriter.without(source, rewritten, drop);
          r.unsigned().forEach(j -> listener.warn(j + " was signed; its signature is removed, as natives for other "
              + "platforms were taken out of it (its classes have no code signers then; --native=all keeps it whole)"));
          saved += Files.size(source) - Files.size(rewritten);
        }
        files = AppInput.replacingSource(files, source, rewritten);
      }
    }
    otherPlatformsOnly.forEach((stem, jars) -> listener.warn(onlyOtherPlatforms(jars, otherPlatforms.get(stem),
        process.platform())));
    if (!programs.isEmpty() && runtime.libraries() != null) {
      // The bundled loader and C library serve the JVM's process only: a program the app starts is exec'd by the
      // kernel through the loader path it names, which is the target's.
      listener.warn("the app carries " + (programs.size() == 1 ? "a program it may run as a process: "
          : programs.size() + " programs it may run as processes: ") + String.join("; ", programs) + ". A program "
          + "starts through the target's own loader and C library, not the bundled ones, so where the target has "
          + "none (an empty root, FROM scratch) it cannot start");
    }
    RuntimeTree result = runtime;
    String bundled = "";
    if (runtime.libraries() != null && !loadable.isEmpty()) {
      Map<String, Path> extra = closure(loadable, loadableNames, image, runtime.libraries(), sysroot, shipped,
          allowMissing, listener);
      result = runtime.withLibraries(extra);
      bundled = extra.isEmpty() ? "" : "; bundled for them: " + String.join(", ", extra.keySet());
    }
    listener.step(BuildEvent.Step.SELECTING_NATIVES, String.format("natives: %d kept, %d for other platforms dropped%s%s", kept, dropped,
        dropped > 0 ? String.format(" (%.1f MB %s)", Math.abs(saved) / 1e6, saved < 0 ? "larger: the jars are "
            + "compressed again" : "smaller") : "", bundled));
    return new Outcome(app.withFiles(files), result, located);
  }

  /**
   * The warning for jars (the classifier siblings of one artifact) whose natives are all for other arches of the
   * target's OS. Netty's native transports name their fallback, which is Netty's own and silent.
   */
  static String onlyOtherPlatforms(List<String> jars, Set<String> platforms, String target) {
    String names = jars.size() == 1 ? jars.get(0)
        : String.join(", ", jars.subList(0, jars.size() - 1)) + " and " + jars.get(jars.size() - 1);
    String stem = platformStem(jars.get(0));
    String fallback = stem.startsWith("netty-transport-native-epoll") || stem.startsWith(
        "netty-transport-native-io_uring") ? " (Netty's native transport: Netty uses NIO instead)" : "";
    return names + (jars.size() == 1 ? " brings" : " bring") + " native libraries only for other platforms ("
        + String.join(", ", platforms) + "), none that loads into the " + target + " runtime: where the app loads "
        + "them it fails, or falls back to Java code if it has some" + fallback;
  }

  private static final java.util.regex.Pattern PLATFORM_CLASSIFIER = java.util.regex.Pattern.compile(
      "[-_](natives[-_])?(linux|osx|macos|mac|darwin|windows|win|freebsd|openbsd|android|aix|sunos)([-_.].*)?$");

  /**
   * A jar's name without its platform classifier and extension: netty-transport-native-epoll-4.2.7.Final for
   * netty-transport-native-epoll-4.2.7.Final-linux-x86_64.jar, so the classifier jars of one artifact match.
   */
  static String platformStem(String jarName) {
    String name = jarName.substring(jarName.lastIndexOf('/') + 1).replaceFirst("\\.jar$", "");
    return PLATFORM_CLASSIFIER.matcher(name).replaceFirst("");
  }

  /** Every class-path jar and directory of the app, scanned, by source path, in tree-path order. */
  private static Map<Path, NativeScan> scan(AppInput app, boolean withClasses) throws IOException {
    Map<Path, NativeScan> scans = new LinkedHashMap<>();
    List<Map.Entry<Path, String>> files = new ArrayList<>(app.files().entrySet());
    files.sort(Map.Entry.comparingByValue());
    for (Map.Entry<Path, String> f : files) {
      Path p = f.getKey();
      String name = p.getFileName().toString();
      try {
        if (Files.isDirectory(p)) {
          scans.put(p, NativeScan.directory(name, p, withClasses));
        } else if (NativeScan.isZip(p)) {
          scans.put(p, NativeScan.jar(name, p, withClasses));
        }
      } catch (IOException e) {
        throw new HermitException("cannot read " + p + " to look for native code: " + e.getMessage());
      }
    }
    return scans;
  }

  /** A jar's entries that are Windows program databases (debug information: {@code .pdb}, MSF 7.0). */
  static List<String> programDatabases(Path jar) throws IOException {
    List<String> pdbs = new ArrayList<>();
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
      for (java.util.zip.ZipEntry z : java.util.Collections.list(zip.entries())) {
        if (!z.isDirectory() && z.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".pdb")) {
          try (InputStream in = zip.getInputStream(z)) {
            if (new String(in.readNBytes(PDB_MAGIC.length()), java.nio.charset.StandardCharsets.ISO_8859_1)
                .equals(PDB_MAGIC)) {
              pdbs.add(z.getName());
            }
          }
        }
      }
    }
    return pdbs;
  }

  private static final String PDB_MAGIC = "Microsoft C/C++ MSF 7.00\r\n";

  /** The runtime's own {@code bin/java}: what the app's natives must load into. */
  private static NativeBinary process(Path image) throws IOException {
    return NativeBinary.identify(Files.readAllBytes(image.resolve("bin/java")))
        .orElseThrow(() -> new HermitException("cannot identify the runtime's bin/java in " + image));
  }

  /**
   * What the loadable natives need, transitively, that neither the runtime nor the app ships, resolved in the
   * sysroot; a need the sysroot cannot meet fails the build naming the jar, the library and the need.
   */
  private static Map<String, Path> closure(List<NativeScan.Library> libs, List<String> names, Path image,
      SystemLibraries runtimeLibraries, Path sysroot, Set<String> shipped, Set<String> allowMissing,
      BuildListener listener) throws IOException {
    Set<String> have = new HashSet<>(shipped);
    have.addAll(runtimeLibraries.answered(image));
    List<ElfFile> roots = libs.stream().map(l -> l.binary().elf()).toList();
    Path root = sysroot != null ? sysroot : Path.of("/");
    LibraryClosure c = LibraryClosure.of(root, roots, names, have);
    List<String> allowed = new ArrayList<>();
    List<String> items = new ArrayList<>();
    c.missing().forEach((lib, who) -> (allowMissing.contains(lib) ? allowed : items).add(who + " needs " + lib));
    if (!allowed.isEmpty()) {
      listener.warn("left out, as --allow-missing says: " + String.join("; ", allowed) + ". The app fails where it "
          + "loads a library that needs one of them, unless it provides it itself");
    }
    if (!items.isEmpty()) {
      // The output carries every library its natives load, so the build must find them: on this machine for a
      // host build, in the sysroot for a cross build.
      String where = sysroot != null ? "the sysroot " + root : "this machine (" + root + ")";
      Set<String> sonames = new java.util.TreeSet<>(c.missing().keySet());
      sonames.removeAll(allowMissing);
      List<String> generations = generations(sonames);
      throw new MissingLibraries(sonames, String.join("; ", items), "native libraries of the app need libraries that "
          + where + " does not have: "
          + String.join("; ", items) + ". The output carries each library its natives load"
          + (generations.isEmpty() ? ": install them " : ". " + String.join("; ", generations) + " are generations of "
              + "one library, which no system has together: natives built against each are alternatives the app picks "
              + "from at run time (JavaFX media's libavplugin-NN.so), so leave out those the target will not have. "
              + "Install them ")
          + (sysroot != null ? "into the sysroot" : "here (on Debian, the package that ships each one: "
              + packages(sonames) + ")")
          + ", or give a sysroot of the target that has them; a library the app provides itself at run time (JavaCPP"
          + " links some under new names) or never loads, or an optional one the app falls back from (Artemis"
          + " without libaio uses its NIO journal): --allow-missing " + String.join(",", sonames),
          Setting.SYSROOT, root);
    }
    versionsMet(roots, names, c.found(), runtimeLibraries, sysroot);
    return c.found();
  }

  /**
   * The Debian package that ships each library, by the naming rule; the names checked with this machine's apt where
   * it has one, so that a library Debian names otherwise (libgfortran.so.3, OpenBLAS's nolapack build) is not
   * given a package that does not exist.
   */
  static String packages(Set<String> sonames) {
    Map<String, List<String>> guesses = new LinkedHashMap<>();
    for (String s : sonames) {
      String p = dev.hermit.provision.SdkSpec.packageFor(s);
      guesses.put(s, p == null ? List.of() : List.of(p.split("\\|")));
    }
    Optional<Set<String>> known = aptKnows(guesses.values().stream().flatMap(List::stream).toList());
    return String.join(", ", guesses.entrySet().stream().map(g -> {
      if (g.getValue().isEmpty()) {
        return g.getKey() + ": unknown";
      }
      List<String> names = known.isEmpty() ? g.getValue() : g.getValue().stream().filter(known.get()::contains).toList();
      return names.isEmpty() ? g.getKey() + ": none by the usual name (apt-file search " + g.getKey() + " finds the "
          + "one that ships it)" : String.join(" or ", names);
    }).toList());
  }

  /** Which of these packages this machine's apt has, in one call; empty when there is no apt to ask. */
  private static Optional<Set<String>> aptKnows(List<String> names) {
    if (names.isEmpty()) {
      return Optional.empty();
    }
    List<String> command = new ArrayList<>(List.of("apt-cache"));
    // This host's own architecture's lists only: a machine that also has foreign ones (as cross-building machines do)
    // would otherwise parse each of them: 4.6 against 0.65 CPU-seconds with five, where apt keeps no package cache.
    Target.host().ifPresent(h -> command.addAll(List.of("-o", "APT::Architectures=" + h.debianArch())));
    command.addAll(List.of("show", "--no-all-versions"));
    command.addAll(names);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      Set<String> known = new HashSet<>();
      out.lines().filter(l -> l.startsWith("Package: ")).forEach(l -> known.add(l.substring(9).strip()));
      return Optional.of(known);
    } catch (IOException e) {
      return Optional.empty(); // not a Debian machine: the rule's guess stands
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Sonames of one library in several generations (libavcodec.so.54 and libavcodec.so.59), each group joined. */
  static List<String> generations(Set<String> sonames) {
    Map<String, Set<String>> byLibrary = new java.util.TreeMap<>();
    for (String s : sonames) {
      int so = s.indexOf(".so.");
      if (so > 0) {
        byLibrary.computeIfAbsent(s.substring(0, so), k -> new java.util.TreeSet<>()).add(s);
      }
    }
    return byLibrary.values().stream().filter(v -> v.size() > 1).map(v -> String.join(", ", v)).toList();
  }

  /** The libraries the app's natives need that neither the output nor the sysroot has, by soname. */
  static final class MissingLibraries extends TargetException {
    private final Set<String> sonames;
    private final String needs;

    /** @param needs who needs which of them, for a message of another's ({@code x.jar!/libx.so needs liby.so.1}) */
    MissingLibraries(Set<String> sonames, String needs, String message, Setting setting, Object value) {
      super(message, setting, value);
      this.sonames = Set.copyOf(sonames);
      this.needs = needs;
    }

    Set<String> sonames() {
      return sonames;
    }

    String needs() {
      return needs;
    }
  }

  /**
   * Fails the build when a native of the app, or a library bundled for it, needs a symbol version that the library
   * providing it in the output does not define: GLIBC_2.38 from a bundled glibc 2.36, GLIBCXX_3.4.32 from an older
   * libstdc++. The loader refuses such a library ("version `GLIBC_2.38' not found"), so the output would fail
   * wherever the app loads it. Weak needs do not stop a load; a library the app ships itself is its own affair.
   */
  private static void versionsMet(List<ElfFile> roots, List<String> names, Map<String, Path> found,
      SystemLibraries runtimeLibraries, Path sysroot) throws IOException {
    Map<String, Path> providers = new LinkedHashMap<>(runtimeLibraries.libraries());
    providers.putAll(found);
    Map<String, ElfFile> needers = new LinkedHashMap<>();
    for (int i = 0; i < roots.size(); i++) {
      needers.put(names.get(i), roots.get(i));
    }
    for (Map.Entry<String, Path> f : found.entrySet()) {
      needers.put(f.getKey(), ElfReader.read(f.getValue().toRealPath()));
    }
    Map<String, List<String>> defined = new HashMap<>();
    List<String> unmet = new ArrayList<>();
    for (Map.Entry<String, ElfFile> n : needers.entrySet()) {
      for (VersionNeed need : n.getValue().versionNeeds()) {
        Path provider = providers.get(need.file());
        if (provider == null) {
          continue;
        }
        List<String> defs = defined.computeIfAbsent(need.file(), k -> {
          try {
            return ElfReader.read(provider.toRealPath()).versionDefs();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        for (VersionNeed.Version v : need.versions()) {
          if (!v.weak() && !defs.contains(v.name())) {
            unmet.add(n.getKey() + " needs " + v.name() + " from " + need.file() + " (which has up to "
                + newest(defs, v.name()) + ")");
          }
        }
      }
    }
    if (!unmet.isEmpty()) {
      String where = sysroot != null ? "the sysroot " + sysroot : "this machine";
      throw new TargetException("native libraries of the app need newer system libraries than the ones the output"
          + " carries (from " + where + "): " + String.join("; ", unmet) + ". The loader refuses such a library, so"
          + " the app would fail where it loads it: use a build of the library made for an older system, or build"
          + " for a newer one (--java 21 takes the runtime and its C library from Debian trixie: glibc 2.41)",
          Setting.SYSROOT, sysroot != null ? sysroot : Path.of("/"));
    }
  }

  /** The newest of {@code defs} in the family of {@code wanted} (GLIBC_2.36 for GLIBC_2.38), or "none of them". */
  private static String newest(List<String> defs, String wanted) {
    String family = wanted.replaceFirst("_[0-9.]+$", "_");
    return defs.stream().filter(d -> d.startsWith(family) && d.length() > family.length()
            && Character.isDigit(d.charAt(family.length())))
        .max((a, b) -> MinimumVersions.compare(a.substring(family.length()),
            b.substring(family.length()))).orElse("none of them");
  }

  /** A copy of a class-path directory without some of its files. */
  private static void copyWithout(Path dir, Path copy, Set<String> drop) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted().toList()) {
        String rel = dir.relativize(p).toString().replace('\\', '/');
        if (drop.contains(rel)) {
          continue;
        }
        Path to = copy.resolve(dir.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** The same map, in the same order, with one key replaced. */
}
