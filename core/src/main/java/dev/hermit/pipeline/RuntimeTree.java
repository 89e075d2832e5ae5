package dev.hermit.pipeline;

import dev.hermit.HermitException;
import dev.hermit.binary.elf.ElfReader;
import dev.hermit.libc.Fonts;
import dev.hermit.libc.LibcMode;
import dev.hermit.libc.SystemLibraries;
import dev.hermit.payload.Codec;
import dev.hermit.payload.Manifest;
import dev.hermit.payload.PayloadWriter;
import dev.hermit.payload.TreeBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Lays the linked runtime into the payload tree under {@code rt/}, and says how to start its {@code bin/java}.
 *
 * <p>With {@link LibcMode#BUNDLED} the tree also holds the loader, the libraries and a C.UTF-8 locale in
 * {@code rt/lib/sys/}, and every runtime executable that names a loader (bin/java, lib/jspawnhelper, ...) becomes
 * {@code NAME.real} behind a trampoline: a copy of the static launcher in in-place mode that starts NAME.real
 * through the bundled loader. So ProcessBuilder, and apps that run {@code java.home/bin/java}, work in an empty
 * root too. Nothing relies on LD_LIBRARY_PATH, which makes the java launcher re-exec itself.
 */
final class RuntimeTree {
  static final String SYS = "lib/sys";
  static final String LOCALE = "C.UTF-8";

  /** How to start the runtime: the program to exec, the arguments before the JVM options, the environment. */
  record Start(String exec, List<String> prefix, List<String> env) {}

  private final LibcMode mode;
  private final SystemLibraries libraries;
  static final String FONTS = "fonts";
  private final Path locale;
  private final Fonts fonts;
  /** hermit's C++ runtime to pack in place of the image's (CxxNatives), or null. */
  private final byte[] cxxRuntime;
  /** Bundled libraries the loader loads before the JVM (its --preload), by name in rt/lib/sys. */
  private final List<String> preload;

  private RuntimeTree(LibcMode mode, SystemLibraries libraries, Path locale, Fonts fonts, byte[] cxxRuntime,
      List<String> preload) {
    this.mode = mode;
    this.libraries = libraries;
    this.locale = locale;
    this.fonts = fonts;
    this.cxxRuntime = cxxRuntime;
    this.preload = List.copyOf(preload);
  }

  static RuntimeTree system() {
    return new RuntimeTree(LibcMode.SYSTEM, null, null, null, null, List.of());
  }

  /** @param fonts fonts and fontconfig for java.desktop, or null */
  static RuntimeTree bundled(SystemLibraries libraries, Path locale, Fonts fonts) {
    if (fonts != null) {
      Map<String, Path> all = new java.util.TreeMap<>(libraries.libraries());
      all.putAll(fonts.libraries());
      libraries = new SystemLibraries(libraries.loaderName(), libraries.interpreter(), libraries.loader(), all);
    }
    return new RuntimeTree(LibcMode.BUNDLED, libraries, locale, fonts, null, List.of());
  }

  /** The same runtime with more bundled libraries (what the app's natives need), beside the others. */
  RuntimeTree withLibraries(Map<String, Path> more) {
    Map<String, Path> all = new java.util.TreeMap<>(libraries.libraries());
    all.putAll(more);
    return new RuntimeTree(mode, new SystemLibraries(libraries.loaderName(), libraries.interpreter(),
        libraries.loader(), all), locale, fonts, cxxRuntime, preload);
  }

  /**
   * The same runtime with a bundled library loaded before the JVM, into the process's global scope (the loader's
   * {@code --preload}, glibc 2.30 and later): for a JNI library that uses its symbols without naming it as a need.
   * Unlike LD_PRELOAD, it reaches no other process.
   */
  RuntimeTree withPreload(String soname) {
    if (!libraries.libraries().containsKey(soname)) {
      throw new IllegalArgumentException(soname + " is not bundled");
    }
    List<String> all = new ArrayList<>(preload);
    all.add(soname);
    return new RuntimeTree(mode, libraries, locale, fonts, cxxRuntime, all);
  }

  /** Whether the bundled loader takes {@code --preload} (glibc 2.30 added it; its usage text names the option). */
  boolean loaderPreloads() throws IOException {
    return libraries != null && new String(Files.readAllBytes(libraries.loader().toRealPath()),
        java.nio.charset.StandardCharsets.ISO_8859_1).contains("--preload");
  }

  /**
   * The same runtime with fonts for a library the app's natives bring that draws text through fontconfig (Skija's
   * libskija.so needs libfontconfig.so.1), when java.desktop brought none: fontconfig then found no configuration in
   * an empty root, and text was left out of the drawing without an error. Unchanged when there is nothing to do.
   */
  RuntimeTree withFontsForFontconfig(Path sysroot, BuildListener listener) throws IOException {
    Path fontconfig = libraries == null || fonts != null ? null : libraries.libraries().get(Fonts.FONTCONFIG);
    if (fontconfig == null) {
      return this;
    }
    Fonts.Lookup found = Fonts.find(sysroot != null ? sysroot : Path.of("/"),
        dev.hermit.binary.elf.ElfReader.read(fontconfig.toRealPath()), libraries.libraries().keySet());
    if (found.fonts().isEmpty()) {
      listener.warn("the app's natives draw text through " + Fonts.FONTCONFIG + ", but " + found.missing()
          + ": text will be missing where the target has no fonts (an empty root)");
      return this;
    }
    listener.detail("fonts for the app's natives (they load " + Fonts.FONTCONFIG + "): "
        + String.join(", ", found.fonts().get().faces().keySet()));
    return new RuntimeTree(mode, withLibraries(found.fonts().get().libraries()).libraries, locale,
        found.fonts().get(), cxxRuntime, preload);
  }

  /** The same runtime with another build of hermit's C++ runtime in place of the image's. */
  RuntimeTree withCxxRuntime(byte[] runtime) {
    return new RuntimeTree(mode, libraries, locale, fonts, runtime, preload);
  }

  LibcMode mode() {
    return mode;
  }

  SystemLibraries libraries() {
    return libraries;
  }

  /** The start of bin/java for a runtime rooted at {@code rt} (a template path). */
  Start start(String rt) {
    if (mode == LibcMode.SYSTEM) {
      return new Start(rt + "/bin/java", List.of(rt + "/bin/java"), List.of());
    }
    return startThroughLoader(rt, "bin/java");
  }

  private Start startThroughLoader(String rt, String program) {
    String libraryPath = String.join(":", rt + "/" + SYS, rt + "/lib", rt + "/lib/server");
    List<String> prefix = new ArrayList<>(List.of(rt + "/" + program, "--library-path", libraryPath));
    if (!preload.isEmpty()) {
      // by name, found first in the library path's rt/lib/sys: the loader splits the list at spaces too, and the
      // cache directory's path may hold one
      prefix.addAll(List.of("--preload", String.join(":", preload)));
    }
    prefix.addAll(List.of("--argv0", rt + "/" + program, rt + "/" + program + ".real"));
    List<String> env = new ArrayList<>();
    if (locale != null) {
      env.addAll(List.of("LOCPATH=" + rt + "/" + SYS + "/locale", "LC_ALL=" + LOCALE));
    }
    if (fonts != null) {
      env.add("FONTCONFIG_FILE=" + rt + "/" + FONTS + "/fonts.conf");
    }
    return new Start(rt + "/" + SYS + "/" + processName(program), prefix, env);
  }

  /**
   * The name the kernel gives a process is the last part of the path it was started from (ps, top, pgrep,
   * /proc/PID/comm), so the loader is started through a symbolic link named like the program it runs: a hermit
   * app shows as {@code java}, as under a JDK, not as {@code ld-linux-x86-64}.
   */
  private static String processName(String program) {
    return program.substring(program.lastIndexOf('/') + 1);
  }

  /** Adds the runtime image (and in bundled mode its loader, libraries, locale and trampolines) under rt/. */
  void addTo(TreeBuilder tree, Path image, byte[] launcher) throws IOException {
    tree.tree("rt", image);
    if (mode == LibcMode.SYSTEM) {
      return;
    }
    if (cxxRuntime != null) {
      tree.add(dev.hermit.payload.TreeEntry.file("rt/" + dev.hermit.libc.CxxRuntime.IN_IMAGE, 0644, cxxRuntime));
    }
    tree.file("rt/" + SYS + "/" + libraries.loaderName(), libraries.loader());
    for (String program : programsWithLoader(image)) {
      tree.file("rt/" + program + ".real", image.resolve(program));
      tree.add(dev.hermit.payload.TreeEntry.file("rt/" + program, 0755, trampoline(launcher, program)));
      tree.add(dev.hermit.payload.TreeEntry.symlink("rt/" + SYS + "/" + processName(program), libraries.loaderName()));
    }
    // One file per library, under its longest name (libgtk-3.so.0, not libgtk-3.so); its other names (the
    // unversioned one JNA looks for) link to it: each was a copy of its own, 8.5 MB more for GTK.
    Map<String, Path> real = new java.util.TreeMap<>();
    Map<Path, String> fileNames = new java.util.HashMap<>();
    for (Map.Entry<String, Path> lib : libraries.libraries().entrySet()) {
      real.put(lib.getKey(), lib.getValue().toRealPath());
      fileNames.merge(real.get(lib.getKey()), lib.getKey(), (a, b) -> a.length() >= b.length() ? a : b);
    }
    real.forEach((name, file) -> tree.add(fileNames.get(file).equals(name)
        ? dev.hermit.payload.TreeEntry.file("rt/" + SYS + "/" + name, 0755, file)
        : dev.hermit.payload.TreeEntry.symlink("rt/" + SYS + "/" + name, fileNames.get(file))));
    if (locale != null) {
      // Named exactly as LC_ALL says, so glibc finds it first and never looks in the target's /usr/lib/locale.
      tree.tree("rt/" + SYS + "/locale/" + LOCALE, locale);
    }
    if (fonts != null) {
      tree.directory("rt/" + FONTS);
      for (Map.Entry<String, Path> face : fonts.faces().entrySet()) {
        tree.add(dev.hermit.payload.TreeEntry.file("rt/" + FONTS + "/" + face.getKey(), 0644,
            face.getValue().toRealPath()));
      }
      tree.add(dev.hermit.payload.TreeEntry.file("rt/" + FONTS + "/fonts.conf", 0644, Fonts.config()));
    }
  }

  /**
   * A launcher whose payload is only a manifest: run {@code program.real} in the tree it sits in. Its root is the
   * payload root (two levels up from rt/DIR/NAME), so its templates read like the main manifest's; a child JVM
   * gets the same writable temp directory as its parent.
   */
  private byte[] trampoline(byte[] launcher, String program) throws IOException {
    Start s = startThroughLoader(Manifest.ROOT + "/rt", program);
    List<String> args = new ArrayList<>(s.prefix());
    if (program.equals("bin/java")) {
      args.add("-Djava.io.tmpdir=" + Manifest.TMP);
    }
    Manifest m = new Manifest(s.exec(), args, s.env(), null, "../..");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(launcher);
    PayloadWriter.write(out, m, List.of(), Codec.STORED);
    return out.toByteArray();
  }

  /** Executables of the image (relative paths) that name a loader: they cannot start in an empty root. */
  static List<String> programsWithLoader(Path image) throws IOException {
    List<String> programs = new ArrayList<>();
    try (Stream<Path> s = Files.walk(image)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        if (Files.isExecutable(p) && SystemLibraries.isElf(p) && ElfReader.read(p).interpreter().isPresent()) {
          String rel = image.relativize(p).toString();
          if (rel.split("/").length != 2) {
            throw new HermitException("unexpected executable " + rel + " in the runtime image: trampolines sit one "
                + "directory below rt/");
          }
          programs.add(rel);
        }
      }
    }
    return programs;
  }
}
