package dev.hermit.libc;

import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.elf.ElfReader;
import dev.hermit.inspect.LibraryResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The libraries some ELF files need, transitively, beyond those already at hand, found in a sysroot the way the
 * loader would find them ({@link SystemLibraries} does the same for the runtime image).
 *
 * @param found NEEDED name → file in the sysroot
 * @param missing NEEDED name → the file that needs it, for every name the sysroot lacks
 */
public record LibraryClosure(Map<String, Path> found, Map<String, String> missing) {

  /**
   * @param roots the files whose needs are followed
   * @param rootNames what to call each root in {@link #missing}
   * @param have names that need no resolving (already bundled, or shipped beside the roots)
   */
  public static LibraryClosure of(Path sysroot, List<ElfFile> roots, List<String> rootNames, Set<String> have)
      throws IOException {
    return of(sysroot, roots, java.util.Collections.nCopies(roots.size(), null), rootNames, have);
  }

  /**
   * @param rootFiles where each root lies in the sysroot (a host path), or null for one that does not (an app's
   *     native): a library's own RPATH and RUNPATH are searched, as the loader searches them, where it is known
   */
  public static LibraryClosure of(Path sysroot, List<ElfFile> roots, List<Path> rootFiles, List<String> rootNames,
      Set<String> have) throws IOException {
    LibraryResolver resolver = new LibraryResolver(sysroot);
    Map<String, Path> found = new TreeMap<>();
    Map<String, String> missing = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>(have);
    Deque<ElfFile> queue = new ArrayDeque<>(roots);
    Deque<Optional<Path>> files = new ArrayDeque<>(rootFiles.stream().map(Optional::ofNullable).toList());
    Deque<String> names = new ArrayDeque<>(rootNames);
    while (!queue.isEmpty()) {
      ElfFile elf = queue.poll();
      Optional<Path> file = files.poll();
      String who = names.poll();
      for (String needed : elf.needed()) {
        if (!seen.add(needed)) {
          continue;
        }
        Optional<Path> lib = file.isPresent() ? resolver.findLibrary(needed, elf, file.get())
            : resolver.findLibrary(needed, elf);
        if (lib.isEmpty()) {
          missing.put(needed, who);
          continue;
        }
        found.put(needed, lib.get());
        queue.add(ElfReader.read(lib.get().toRealPath()));
        files.add(lib);
        names.add(needed);
      }
    }
    return new LibraryClosure(found, missing);
  }
}
