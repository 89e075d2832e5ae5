package dev.hermit.libc;

import dev.hermit.binary.elf.DynamicNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * hermit's C++ runtime ({@code launcher/cxxrt/hermit++.c}) in place of libstdc++ for the JDK's own libraries, in a
 * runtime that carries its C library: libjvm.so and libjimage.so take eight symbols from libstdc++.so.6 (operator
 * new and delete, static-initialisation guards, std::nothrow, the demangler, two RTTI vtables, the personality
 * routine), which bundled whole is 2.2 MB (0.7 MB packed), the largest library after libc.
 *
 * <p>A library is moved over only when hermit's runtime has every symbol (and symbol version) it needs from
 * libstdc++, and no reference it makes could be to another of libstdc++'s; its references are renamed in place to
 * the runtime's private names (the second character made 'H'), as is the library it needs. So nothing else binds
 * to hermit's runtime: an app's C++ natives, or java.desktop's font library, load a real libstdc++, which the
 * build then bundles as before. docs/HERMETIC.md, "The C++ runtime".
 */
public final class CxxRuntime {
  /** As long as libstdc++.so.6, so that the needed library's name is rewritten in place. */
  public static final String SONAME = "libhermit++.so";
  /** Where the image holds it: beside libjimage.so, on the bundled loader's library path. */
  public static final String IN_IMAGE = "lib/" + SONAME;

  private CxxRuntime() {}

  /** The private name hermit's runtime exports for a libstdc++ symbol. */
  static String privateName(String name) {
    return name.charAt(0) + "H" + name.substring(2);
  }

  /**
   * Moves the image's libraries that need libstdc++ only for what {@code runtime} has over to it, and puts it at
   * {@link #IN_IMAGE} when any moved.
   *
   * @return the image's paths of the libraries moved (empty: none could be, the image is unchanged)
   */
  public static List<String> inImage(Path image, byte[] runtime) throws IOException {
    Set<String> provided = new HashSet<>();
    Set<String> versions = new HashSet<>();
    for (DynamicNames.Symbol s : DynamicNames.read(runtime).symbols()) {
      if (s.defined() && s.version() != null) {
        provided.add(s.name() + "@" + s.version());
        versions.add(s.version());
      }
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(image)) {
      files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    }
    List<String> moved = new ArrayList<>();
    for (Path f : files) {
      if (!SystemLibraries.isElf(f)) {
        continue;
      }
      byte[] bytes = Files.readAllBytes(f);
      byte[] retargeted = retarget(bytes, provided, versions);
      if (retargeted != null) {
        Files.write(f, retargeted);
        moved.add(image.relativize(f).toString());
      }
    }
    if (!moved.isEmpty()) {
      Files.write(image.resolve(IN_IMAGE), runtime);
    }
    return moved;
  }

  /**
   * The library with its libstdc++ references renamed to hermit's runtime, or null when it needs no libstdc++, or
   * something hermit's runtime lacks, or its names cannot be changed in place.
   *
   * @param provided the runtime's symbols, NAME@VERSION
   * @param versions the runtime's symbol versions
   */
  static byte[] retarget(byte[] elf, Set<String> provided, Set<String> versions) {
    DynamicNames names;
    try {
      names = DynamicNames.read(elf);
    } catch (IllegalArgumentException e) {
      return null; // no dynamic tables where the section headers say: leave it as it is
    }
    if (!names.needed().contains(DynamicNames.STDCXX)) {
      return null;
    }
    for (Map.Entry<String, Boolean> v : names.versionsNeededFromStdcxx().entrySet()) {
      if (!v.getValue() && !versions.contains(v.getKey())) {
        return null;
      }
    }
    List<DynamicNames.Symbol> rename = new ArrayList<>();
    for (DynamicNames.Symbol s : names.symbols()) {
      if (s.defined()) {
        continue;
      }
      if (DynamicNames.STDCXX.equals(s.from())) {
        if (!provided.contains(privateName(s.name()) + "@" + s.version())) {
          return null;
        }
        rename.add(s);
      } else if (s.version() == null && !s.weak() && couldBeStdcxx(s.name())) {
        return null; // an unversioned reference libstdc++ might have been the one to answer
      }
    }
    return names.retargetStdcxx(SONAME, rename, CxxRuntime::privateName);
  }

  /**
   * Whether a native library is C++ that binds to a C++ runtime in the process: it needs libstdc++, or its dynamic
   * symbols (defined or not) have C++ names or the C++ ABI's. Such a library statically linked with an old libstdc++
   * still binds its exported copies to the one the JVM loaded under java (RocksDB's std::random_device, which without
   * /dev/urandom works only in libstdc++ 12's): an app with one gets the real libstdc++ loaded with the JVM.
   */
  public static boolean isCxx(byte[] elf) {
    DynamicNames names;
    try {
      names = DynamicNames.read(elf);
    } catch (IllegalArgumentException e) {
      return false; // no dynamic symbols where the section headers say: nothing that could bind by name
    }
    return names.needed().contains(DynamicNames.STDCXX) || names.symbols().stream()
        .anyMatch(s -> couldBeStdcxx(s.name()) && !GLIBC_CXA.contains(s.name())
            && (s.version() == null || !s.version().startsWith("GLIBC_")));
  }

  /** The C library's own __cxa_ functions, which every shared object may name. */
  private static final Set<String> GLIBC_CXA = Set.of("__cxa_finalize", "__cxa_atexit",
      "__cxa_thread_atexit_impl");

  /** libstdc++ exports C++ names, its ABI's __cxa_ and __gxx_ functions, and a handful of others. */
  private static boolean couldBeStdcxx(String name) {
    return name.startsWith("_Z") || name.startsWith("__cxa_") || name.startsWith("__gxx_")
        || name.equals("__dynamic_cast") || name.equals("__once_proxy") || name.contains("atomic_flag");
  }
}
