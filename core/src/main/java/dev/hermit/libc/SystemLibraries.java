package dev.hermit.libc;

import dev.hermit.Setting;
import dev.hermit.TargetException;
import dev.hermit.HermitException;
import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.elf.ElfReader;
import dev.hermit.inspect.LibraryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The dynamic loader and the closure of shared libraries a runtime image needs from outside itself, found in a
 * sysroot ({@code /} for the host) with hermit's own ELF reader, the way the loader would find them.
 *
 * @param loaderName the file name of the loader (PT_INTERP's last component), e.g. ld-linux-x86-64.so.2
 * @param interpreter the PT_INTERP path the runtime's executables were linked with
 * @param libraries NEEDED name → host file, for every library the image needs and does not hold
 */
public record SystemLibraries(String loaderName, String interpreter, Path loader, Map<String, Path> libraries) {

  public static SystemLibraries collect(Path image, Path sysroot) {
    LibraryResolver resolver = new LibraryResolver(sysroot);
    Set<String> inImage = new HashSet<>();
    List<ElfFile> roots = new ArrayList<>();
    List<String> rootNames = new ArrayList<>();
    String interpreter = null;
    try (Stream<Path> s = Files.walk(image)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        if (!isElf(p)) {
          continue;
        }
        ElfFile elf = ElfReader.read(p);
        roots.add(elf);
        rootNames.add(image.relativize(p).toString());
        inImage.add(p.getFileName().toString());
        if (interpreter == null && elf.interpreter().isPresent()) {
          interpreter = elf.interpreter().get();
        }
      }
    } catch (IOException e) {
      throw new HermitException("cannot read the runtime image: " + e.getMessage(), e);
    }
    if (interpreter == null) {
      throw new HermitException("no executable in the runtime names a dynamic loader (PT_INTERP)");
    }
    String interp = interpreter;
    Path loader = resolver.resolveFile(interp).orElseThrow(() -> new TargetException(
        "the dynamic loader " + interp + " is not in " + sysroot + "; the sysroot must hold the target's C library",
        Setting.SYSROOT, sysroot));

    LibraryClosure closure;
    try {
      closure = LibraryClosure.of(sysroot, roots, rootNames, inImage);
    } catch (IOException e) {
      throw new HermitException("cannot read a library the runtime needs in " + sysroot + ": " + e.getMessage());
    }
    Map<String, Path> found = new TreeMap<>(closure.found());
    Map<String, String> missing = new TreeMap<>(closure.missing());
    if (!missing.isEmpty()) {
      StringBuilder b = new StringBuilder("libraries the runtime needs are not in " + sysroot + ":");
      missing.forEach((lib, who) -> b.append(' ').append(lib).append(" (needed by ").append(who).append(')'));
      throw new Missing(missing.keySet(), b + "; the sysroot must hold the target's libraries (or the build can use "
          + "the target's C library)", sysroot);
    }
    String loaderName = interpreter.substring(interpreter.lastIndexOf('/') + 1);
    found.remove(loaderName);
    return new SystemLibraries(loaderName, interpreter, loader, found);
  }

  /**
   * Every library name the runtime answers without looking further: those bundled, the loader, and each file of
   * the runtime image (a library of the JDK's, or hermit's C++ runtime).
   */
  public Set<String> answered(Path image) throws IOException {
    Set<String> names = new HashSet<>(libraries.keySet());
    names.add(loaderName);
    try (Stream<Path> s = Files.walk(image)) {
      s.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }

  /** The runtime's libraries need these sonames, which the sysroot does not have. */
  public static final class Missing extends TargetException {
    private static final long serialVersionUID = 1L;
    private final transient java.util.Set<String> sonames;

    Missing(java.util.Set<String> sonames, String message, Path sysroot) {
      super(message, Setting.SYSROOT, sysroot);
      this.sonames = java.util.Set.copyOf(sonames);
    }

    public java.util.Set<String> sonames() {
      return sonames;
    }
  }

  public static boolean isElf(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      byte[] m = in.readNBytes(4);
      return m.length == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
    }
  }
}
