package dev.hermit.pipeline;

import dev.hermit.InputException;
import dev.hermit.Setting;
import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.elf.ElfReader;
import dev.hermit.inspect.LibraryResolver;
import dev.hermit.libc.LibraryClosure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code --bundle-library SONAME}: a library of the target's system that the app loads by name at run time, which
 * no file of the app names (JNA's {@code Native.load("pcap")}, a {@code dlopen}, FFM's {@code libraryLookup}). On a
 * host it is found in the system's directories; in an empty root it is not there at all. Bundled with what it
 * needs, beside the C library (rt/lib/sys), and under its unversioned name too, it is found first on every
 * machine: through the loader's {@code --library-path}, and through JNA's search path (docs/NATIVES.md).
 */
final class RequestedLibraries {
  private RequestedLibraries() {}

  /**
   * The runtime with the libraries added, resolved in {@code sysroot} (null: this machine), or unchanged when none
   * is asked for. A soname the sysroot lacks throws {@link AppNatives.MissingLibraries}, which grows a fetched SDK.
   * With {@code thisMachine} (a build for it whose sysroot is a fetched SDK), a path names this machine's file.
   */
  static RuntimeTree add(Set<String> sonames, RuntimeTree runtime, Path sysroot, boolean thisMachine,
      BuildListener listener) throws IOException {
    if (sonames.isEmpty()) {
      return runtime;
    }
    sonames = withCompanions(sonames);
    if (runtime.libraries() == null) {
      throw new InputException("--bundle-library needs the bundled C library: with --libc=system the target "
          + "provides its own libraries", Setting.BUNDLE_LIBRARIES, String.join(",", sonames));
    }
    Path root = sysroot != null ? sysroot : Path.of("/");
    Path libc = runtime.libraries().libraries().get("libc.so.6");
    if (libc == null) {
      throw new InputException("--bundle-library: the runtime's C library is not glibc's libc.so.6",
          Setting.BUNDLE_LIBRARIES, String.join(",", sonames));
    }
    ElfFile requester = ElfReader.read(libc.toRealPath());
    LibraryResolver resolver = new LibraryResolver(root);
    Set<String> have = new HashSet<>(runtime.libraries().libraries().keySet());
    have.add(runtime.libraries().loaderName());
    Map<String, Path> found = new TreeMap<>();
    List<ElfFile> roots = new ArrayList<>();
    List<Path> rootFiles = new ArrayList<>(); // where each root lies: its RUNPATH is searched for its needs
    List<String> names = new ArrayList<>();
    Set<String> missing = new TreeSet<>();
    for (String soname : sonames) {
      if (soname.indexOf('/') >= 0) { // a path: a library kept outside the loader's directories
        // this machine's file for a build for it, also when its runtime comes from a fetched SDK (Java 21 from
        // Debian's trixie): the path was refused as "no such file in the sysroot"; a cross build's is the sysroot's
        Path here = Path.of(soname).toAbsolutePath();
        Path file = sysroot == null || thisMachine && Files.isRegularFile(here) ? here
            : resolver.resolveFile(soname.startsWith("/") ? soname : "/" + soname).orElse(null); // links kept inside
        ElfFile elf = sharedLibrary(soname, file, sysroot, requester);
        String name = elf.dynamic().flatMap(dev.hermit.binary.elf.DynamicInfo::soname)
            .orElse(file.getFileName().toString());
        found.put(name, file);
        found.putIfAbsent(file.getFileName().toString(), file); // also under its file name, as a configuration names it
        roots.add(elf);
        rootFiles.add(file);
        names.add(name);
        continue;
      }
      if (have.contains(soname)) {
        listener.detail("--bundle-library " + soname + ": the output carries it already");
        continue;
      }
      var lib = resolver.findLibrary(soname, requester);
      if (lib.isEmpty()) {
        missing.add(soname);
        continue;
      }
      found.put(soname, lib.get());
      roots.add(ElfReader.read(lib.get().toRealPath()));
      rootFiles.add(lib.get());
      names.add(soname);
    }
    Set<String> known = new HashSet<>(have);
    known.addAll(found.keySet());
    LibraryClosure closure = LibraryClosure.of(root, roots, rootFiles, names, known);
    missing.addAll(closure.missing().keySet());
    if (!missing.isEmpty()) {
      String where = sysroot != null ? "the sysroot " + root : "this machine (" + root + ")";
      throw new AppNatives.MissingLibraries(missing, "--bundle-library asks for " + String.join(", ", missing),
          "--bundle-library: " + where + " does not have "
          + String.join(", ", missing) + " (" + (closure.missing().isEmpty() ? "asked for" : "asked for, or needed "
          + "by what was") + "); install " + (sysroot != null ? "it into the sysroot" : "it here (on Debian, the "
          + "package that ships it: " + AppNatives.packages(missing) + ")") + ", or build for a --target, whose "
          + "SDK fetches it. A name is looked up where the loader looks (/etc/ld.so.conf's directories, the arch's "
          + "default ones); a library kept elsewhere (a PKCS#11 module in /usr/lib/softhsm/) is given by its "
          + "path",
          Setting.BUNDLE_LIBRARIES, String.join(",", missing));
    }
    found.putAll(closure.found());
    // JNA tries the unversioned file (libpcap.so) in its path, then dlopen of that name, which the loader looks up
    // in the system's directories too: a host with the -dev package would lend its copy. The output's comes first,
    // for what an asked-for library needs too: wildfly-openssl pairs an unversioned libssl.so with libcrypto.so only
    List<String> bundled = new ArrayList<>(names);
    bundled.addAll(closure.found().keySet());
    for (String soname : bundled) {
      String bare = soname.replaceFirst("(\\.so)\\.[0-9.]+$", "$1");
      if (!bare.equals(soname) && !have.contains(bare)) {
        found.put(bare, found.get(soname));
      }
    }
    if (found.isEmpty()) { // all of it carried already
      return runtime;
    }
    listener.detail("bundled as asked (--bundle-library): " + String.join(", ", found.keySet()));
    return runtime.withLibraries(found);
  }

  /**
   * The libraries asked for, and what the JDK loads beside one of them by name, which that library does not need:
   * its GTK look and feel (libawt_xawt) opens libgthread-2.0.so.0 with GTK 3 or 2, and with GTK alone bundled it
   * failed in an empty root ("InternalError: Unable to load native GTK libraries").
   */
  static Set<String> withCompanions(Set<String> sonames) {
    Set<String> all = new java.util.LinkedHashSet<>(sonames);
    if (sonames.contains("libgtk-3.so.0") || sonames.contains("libgtk-x11-2.0.so.0")) {
      all.add("libgthread-2.0.so.0");
    }
    return all;
  }

  /**
   * The library {@code --bundle-library PATH} names ({@code file}: where it is here, null when the sysroot has no
   * such file): a shared library of the target's machine, or the build stops saying what it is instead.
   */
  private static ElfFile sharedLibrary(String given, Path file, Path sysroot, ElfFile requester) throws IOException {
    String where = sysroot != null ? " in the sysroot " + sysroot : "";
    if (file == null || !Files.isRegularFile(file)) {
      throw new InputException("--bundle-library " + given + ": no such file" + where, Setting.BUNDLE_LIBRARIES, given);
    }
    ElfFile elf;
    try {
      elf = ElfReader.read(file.toRealPath());
    } catch (dev.hermit.binary.BinaryFormatException e) {
      throw new InputException("--bundle-library " + given + ": not an ELF shared library (" + e.getMessage() + ")",
          Setting.BUNDLE_LIBRARIES, given);
    }
    if (!elf.kind().equals("shared object")) {
      throw new InputException("--bundle-library " + given + ": an ELF " + elf.kind() + ", not a shared library",
          Setting.BUNDLE_LIBRARIES, given);
    }
    if (!elf.machine().equals(requester.machine()) || elf.elfClass() != requester.elfClass()) {
      throw new InputException("--bundle-library " + given + ": a library for " + elf.arch() + ", not for the "
          + "target's " + requester.arch(), Setting.BUNDLE_LIBRARIES, given);
    }
    return elf;
  }
}
