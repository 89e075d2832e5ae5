package dev.hermit.inspect;

import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.elf.ElfMachine;
import dev.hermit.binary.elf.ElfReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves an ELF program's needed libraries the way glibc's ld.so does, without running anything: DT_RPATH of
 * the object and its loaders (when the object has no DT_RUNPATH), DT_RUNPATH, the directories of
 * {@code /etc/ld.so.conf} (what ldconfig puts in the cache), then the default directories of the target's
 * multiarch layout; {@code $ORIGIN}, {@code $LIB} and {@code $PLATFORM} are expanded. Libraries of another class
 * or machine are skipped, as the loader skips them. Everything is looked up inside a sysroot ({@code /} for the
 * host). A library path (what LD_LIBRARY_PATH or ld.so's --library-path give) is searched after DT_RPATH and
 * before DT_RUNPATH, as the loader does. Not modelled: LD_PRELOAD, glibc-hwcaps and legacy hwcap subdirectories,
 * secure mode.
 */
public final class LibraryResolver {
  private static final int MAX_OBJECTS = 4096;
  private final RootedFileSystem fs;
  private final List<String> ldSoConf;
  private final List<String> libraryPath;
  private final Map<Path, Optional<ElfFile>> cache = new HashMap<>();

  public LibraryResolver(Path sysroot) {
    this(sysroot, List.of());
  }

  /** A resolver with a library path: directories (target paths, inside the sysroot) searched like LD_LIBRARY_PATH. */
  public LibraryResolver(Path sysroot, List<String> libraryPath) {
    this.fs = new RootedFileSystem(sysroot);
    this.ldSoConf = LdSoConf.directories(fs);
    this.libraryPath = List.copyOf(libraryPath);
  }

  public DependencyGraph resolve(Path programPath, ElfFile program) {
    LoadedObject main = new LoadedObject(programPath, program, null);
    List<LoadedObject> objects = new ArrayList<>();
    objects.add(main);
    Map<String, LoadedObject> byName = new HashMap<>();
    Map<Path, LoadedObject> byFile = new HashMap<>();
    Optional<Path> interpreter = Optional.empty();
    if (program.interpreter().isPresent()) {
      interpreter = fs.resolveFile(program.interpreter().get()).map(p -> fs.hostPath(program.interpreter().get()));
      if (interpreter.isPresent()) {
        Optional<ElfFile> elf = elf(interpreter.get());
        if (elf.isPresent()) {
          LoadedObject ld = new LoadedObject(interpreter.get(), elf.get(), null);
          register(ld, program.interpreter().get(), byName, byFile);
        }
      }
    }
    Deque<LoadedObject> queue = new ArrayDeque<>();
    queue.add(main);
    while (!queue.isEmpty()) {
      LoadedObject object = queue.poll();
      for (String name : object.elf().needed()) {
        LoadedObject loaded = byName.get(name);
        if (loaded != null) {
          object.add(new Dependency(name, Optional.of(loaded.path()), Dependency.Source.ALREADY_LOADED,
              Optional.empty()));
          continue;
        }
        Found found = search(name, object, program);
        if (found == null) {
          object.add(new Dependency(name, Optional.empty(), Dependency.Source.NOT_FOUND, Optional.empty()));
          continue;
        }
        object.add(new Dependency(name, Optional.of(found.path), found.source, Optional.empty()));
        LoadedObject same = byFile.get(normal(found.path));
        if (same != null) {
          byName.put(name, same);
          continue;
        }
        LoadedObject child = new LoadedObject(found.path, found.elf, object);
        register(child, name, byName, byFile);
        if (objects.size() < MAX_OBJECTS) {
          objects.add(child);
          queue.add(child);
        }
      }
    }
    return new DependencyGraph(main, program.interpreter(), interpreter, objects);
  }

  /**
   * Finds a library by name as the loader would for a requester in the sysroot at {@code requesterFile} (a host
   * path): its DT_RPATH (when it has no DT_RUNPATH), its DT_RUNPATH ({@code $ORIGIN} its directory), then as
   * {@link #findLibrary(String, ElfFile)}. libpulse finds its libpulsecommon-16.1.so through its RUNPATH alone.
   */
  public Optional<Path> findLibrary(String name, ElfFile requester, Path requesterFile) {
    Found found = search(name, new LoadedObject(requesterFile, requester, null), requester);
    return Optional.ofNullable(found).map(Found::path);
  }

  /**
   * Finds a library by name as the loader would for an object with no RPATH or RUNPATH: the ld.so.conf
   * directories, then the defaults of the requester's multiarch layout. Returns the host path (links not followed).
   */
  public Optional<Path> findLibrary(String name, ElfFile requester) {
    List<String> dirs = new ArrayList<>(ldSoConf);
    dirs.addAll(defaultDirectories(requester));
    for (String dir : dirs) {
      Found found = candidate(dir + "/" + name, requester, Dependency.Source.DEFAULT);
      if (found != null) {
        return Optional.of(found.path);
      }
    }
    return Optional.empty();
  }

  /** The host path of the regular file a target path names in the sysroot (links followed inside it). */
  public Optional<Path> resolveFile(String absolute) {
    return fs.resolveFile(absolute);
  }

  private void register(LoadedObject object, String name, Map<String, LoadedObject> byName,
      Map<Path, LoadedObject> byFile) {
    byName.put(name, object);
    object.elf().dynamic().flatMap(d -> d.soname()).ifPresent(soname -> byName.putIfAbsent(soname, object));
    byFile.put(normal(object.path()), object);
  }

  private static Path normal(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }

  private record Found(Path path, ElfFile elf, Dependency.Source source) {}

  private Found search(String name, LoadedObject requester, ElfFile program) {
    if (name.contains("/")) {
      String expanded = expand(name, requester, program);
      if (expanded == null) {
        return null;
      }
      return candidate(expanded, program, Dependency.Source.PATH);
    }
    boolean hasRunpath = !requester.elf().dynamic().map(d -> d.runpath()).orElse(List.of()).isEmpty();
    if (!hasRunpath) {
      for (LoadedObject o = requester; o != null; o = o.loader()) {
        boolean ownRunpath = !o.elf().dynamic().map(d -> d.runpath()).orElse(List.of()).isEmpty();
        if (ownRunpath) {
          continue;
        }
        for (String entry : o.elf().dynamic().map(d -> d.rpath()).orElse(List.of())) {
          Found found = searchList(entry, name, o, program, Dependency.Source.RPATH);
          if (found != null) {
            return found;
          }
        }
      }
    }
    for (String dir : libraryPath) {
      Found found = candidate(dir + "/" + name, program, Dependency.Source.LIBRARY_PATH);
      if (found != null) {
        return found;
      }
    }
    for (String entry : requester.elf().dynamic().map(d -> d.runpath()).orElse(List.of())) {
      Found found = searchList(entry, name, requester, program, Dependency.Source.RUNPATH);
      if (found != null) {
        return found;
      }
    }
    for (String dir : ldSoConf) {
      Found found = candidate(dir + "/" + name, program, Dependency.Source.LD_SO_CONF);
      if (found != null) {
        return found;
      }
    }
    for (String dir : defaultDirectories(program)) {
      Found found = candidate(dir + "/" + name, program, Dependency.Source.DEFAULT);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private Found searchList(String list, String name, LoadedObject owner, ElfFile program,
      Dependency.Source source) {
    for (String dir : list.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      String expanded = expand(dir, owner, program);
      if (expanded == null) {
        continue;
      }
      Found found = candidate(expanded + "/" + name, program, source);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** Expands dynamic string tokens; null when an unknown token makes the entry unusable (as ld.so drops it). */
  private String expand(String text, LoadedObject owner, ElfFile program) {
    if (!text.contains("$")) {
      return text;
    }
    String origin = origin(owner);
    String triplet = program.multiarchTriplet().orElse(null);
    String result = text.replace("${ORIGIN}", origin).replace("$ORIGIN", origin);
    if (result.contains("$LIB") || result.contains("${LIB}")) {
      String lib = triplet != null ? "lib/" + triplet : program.is64() ? "lib64" : "lib";
      result = result.replace("${LIB}", lib).replace("$LIB", lib);
    }
    if (result.contains("$PLATFORM") || result.contains("${PLATFORM}")) {
      String platform = platform(program);
      result = result.replace("${PLATFORM}", platform).replace("$PLATFORM", platform);
    }
    return result.contains("$") ? null : result;
  }

  private static String platform(ElfFile program) {
    return switch (program.machine().value()) {
      case ElfMachine.EM_X86_64 -> "x86_64";
      case ElfMachine.EM_386 -> "i686";
      case ElfMachine.EM_AARCH64 -> "aarch64";
      case ElfMachine.EM_ARM -> "v7l";
      case ElfMachine.EM_PPC64 -> "power8";
      case ElfMachine.EM_S390 -> "z196";
      default -> program.arch();
    };
  }

  /** $ORIGIN: the directory of the object, as a target path when it lies in the sysroot. */
  private String origin(LoadedObject owner) {
    Path path = owner.loader() == null ? normal(owner.path()) : owner.path().toAbsolutePath().normalize();
    Path dir = path.getParent();
    if (dir == null) {
      return "/";
    }
    if (!fs.isHostRoot() && dir.startsWith(fs.root())) {
      return "/" + fs.root().relativize(dir);
    }
    return dir.toString(); // outside the sysroot: looked up as if it were inside (documented limitation)
  }

  private Found candidate(String file, ElfFile program, Dependency.Source source) {
    String absolute = file.startsWith("/") ? file : Path.of(file).toAbsolutePath().toString();
    Optional<Path> real = fs.resolveFile(absolute);
    if (real.isEmpty()) {
      return null;
    }
    Optional<ElfFile> elf = elf(real.get());
    if (elf.isEmpty() || !program.compatibleWith(elf.get())) {
      return null;
    }
    return new Found(fs.hostPath(absolute), elf.get(), source);
  }

  private Optional<ElfFile> elf(Path path) {
    return cache.computeIfAbsent(path, p -> {
      try {
        return Files.isRegularFile(p) ? Optional.of(ElfReader.read(p)) : Optional.empty();
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    });
  }

  /** The loader's built-in directories: multiarch first (Debian), then the classic ones. */
  static List<String> defaultDirectories(ElfFile program) {
    List<String> dirs = new ArrayList<>();
    program.multiarchTriplet().ifPresent(t -> {
      dirs.add("/lib/" + t);
      dirs.add("/usr/lib/" + t);
    });
    dirs.add("/lib");
    dirs.add("/usr/lib");
    if (program.is64()) { // non-Debian layouts; a 32-bit library found first is skipped as incompatible
      dirs.add("/lib64");
      dirs.add("/usr/lib64");
    }
    return dirs;
  }
}
