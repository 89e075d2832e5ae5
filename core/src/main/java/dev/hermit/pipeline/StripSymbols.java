package dev.hermit.pipeline;

import dev.hermit.app.AppInput;
import dev.hermit.binary.elf.ElfStrip;
import dev.hermit.jdk.JLinkCache;
import dev.hermit.libc.SystemLibraries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Takes the static symbol tables out of the linked runtime's natives, right after jlink, so the jlink cache keeps
 * the runtime stripped (its key says so: an app that keeps them has entries of its own). Debian keeps libjvm.so's
 * (4 MB of the 24 MB, about 1 MB of a compressed hello) so that crash logs name internal functions. At run time
 * only in-process profilers read them: an app that carries one keeps them (docs/SIZE.md).
 */
final class StripSymbols {
  private StripSymbols() {}

  /**
   * async-profiler's Java API, or its jar or ap-loader's (which bundles it) inside a fat jar or a war, or its
   * library itself: profiler agents bundle it under their own package names (Pyroscope's agent at its top, Elastic
   * APM's in agent/asyncprofiler/), and without the symbols printed "Install JVM debug symbols to improve profile
   * accuracy" and sent the JVM's frames without names.
   */
  private static final String ASYNC_PROFILER = "one/profiler/AsyncProfiler.class";
  private static final Pattern ASYNC_PROFILER_JAR = Pattern.compile(
      "(^|.*/)((async-profiler|ap-loader[^/]*)-[0-9][^/]*\\.jar|libasyncProfiler[^/]*\\.so)");

  /**
   * What in the app, or in the jars {@code --modules-for} names (an agent attached at run time), reads libjvm.so's
   * static symbols at run time, or empty: async-profiler finds the JVM's internals (its code heap, its VM
   * structures) by symbol, and without them warns and profiles less accurately.
   */
  static Optional<String> readerIn(AppInput app, List<Path> attachedAtRunTime) throws IOException {
    Map<Path, String> files = new java.util.LinkedHashMap<>(app.files());
    attachedAtRunTime.forEach(j -> files.putIfAbsent(j, j.getFileName().toString()));
    return AppContents.has(app.withFiles(files), ASYNC_PROFILER, ASYNC_PROFILER_JAR) ? Optional.of("async-profiler")
        : Optional.empty();
  }

  /** The strip as the jlink cache applies it to a fresh image. */
  static final JLinkCache.Finish FINISH = new JLinkCache.Finish() {
    @Override
    public String name() {
      return "static symbol tables stripped (ElfStrip 1)";
    }

    @Override
    public long apply(Path image) throws IOException {
      return inImage(image);
    }
  };

  /** Strips every ELF file of the image that has a static symbol table; returns the bytes saved. */
  static long inImage(Path image) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(image)) {
      files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    }
    long saved = 0;
    for (Path f : files) {
      if (!SystemLibraries.isElf(f)) {
        continue;
      }
      byte[] original = Files.readAllBytes(f);
      byte[] stripped = ElfStrip.strip(original);
      if (stripped == null) {
        continue;
      }
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(f);
      Path tmp = f.resolveSibling("." + f.getFileName() + ".strip");
      Files.write(tmp, stripped);
      Files.setPosixFilePermissions(tmp, mode);
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      saved += original.length - stripped.length;
    }
    return saved;
  }
}
