package dev.hermit.inspect;

import dev.hermit.app.NativeScan;
import dev.hermit.binary.BinaryFormatException;
import dev.hermit.binary.BinaryInput;
import dev.hermit.binary.ByteArrayChannel;
import dev.hermit.binary.NativeBinary;
import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.elf.ElfReader;
import dev.hermit.binary.elf.MinimumVersions;
import dev.hermit.binary.elf.VersionNeed;
import dev.hermit.payload.Manifest;
import dev.hermit.payload.PayloadReader;
import dev.hermit.payload.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a hermit payload needs nothing from the target: the program the launcher runs is inside the payload and
 * starts without a loader from outside, and every NEEDED of every ELF file in the payload is found inside it, in
 * the loader's {@code --library-path} or an {@code $ORIGIN} RUNPATH/RPATH, or shipped under that name anywhere.
 *
 * @param loader the loader the payload is started through: a tree path when inside, else the absolute path
 * @param missing what the payload needs from outside, in the order found
 * @param minimumVersions the highest symbol versions the payload's ELF files need, e.g. {@code {GLIBC=2.34}}
 */
public record Hermeticity(boolean hermetic, String loader, List<Missing> missing, Map<String, String> minimumVersions,
    List<JarNative> natives) {

  /** A library that is not in the payload, and the file that needs it. */
  public record Missing(String library, String neededBy) {}

  /**
   * A native library inside a jar of the payload ({@code jar} is its tree path), and whether it loads into the
   * payload's runtime: only those count for the verdict, as the others can never be loaded.
   */
  public record JarNative(String jar, NativeScan.Library library, boolean loads) {
    public String where() {
      return jar + "!/" + library.path();
    }
  }

  public static Hermeticity of(PayloadReader reader, Manifest manifest) throws IOException {
    return of(reader, manifest, BinaryInput.MAX_BLOCK);
  }

  /**
   * As {@link #of(PayloadReader, Manifest)}, holding at most {@code inMemory} bytes of one file in memory: a
   * larger ELF file (a big JNI library, or a hostile size) is spooled to a temporary file and read from there,
   * so the reader's memory stays within the cap every binary reader has ({@link BinaryInput#MAX_BLOCK}) and no
   * file is skipped unread.
   */
  static Hermeticity of(PayloadReader reader, Manifest manifest, int inMemory) throws IOException {
    Map<String, ElfFile> elves = new LinkedHashMap<>();
    Set<String> paths = new HashSet<>();
    Map<String, String> links = new HashMap<>();
    Map<String, String> shebangs = new HashMap<>();
    List<NativeScan> jars = new ArrayList<>();
    reader.walk((entry, content) -> {
      paths.add(entry.path());
      if (entry.type() == TreeEntry.Type.SYMLINK) {
        links.put(entry.path(), entry.linkTarget());
      }
      if (entry.type() != TreeEntry.Type.FILE) {
        return;
      }
      byte[] head = content.readNBytes((int) Math.min(256, entry.size()));
      String bang = shebang(head);
      if (bang != null) {
        shebangs.put(entry.path(), bang);
      }
      if (head.length >= 64 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
        try {
          elves.put(entry.path(), readElf(head, content, entry.size(), inMemory));
        } catch (BinaryFormatException | RuntimeException e) {
          // not an ELF file a loader would take either; it cannot need anything
        }
      } else if (entry.path().endsWith(".jar") && entry.size() < (1L << 31) && head.length >= 4
          && (head[0] == 'P' && head[1] == 'K' || bang != null)) { // a jar, or one behind a launch script
        byte[] all = java.util.Arrays.copyOf(head, (int) entry.size());
        content.readNBytes(all, head.length, all.length - head.length);
        try {
          jars.add(NativeScan.jar(entry.path(), all, false));
        } catch (IOException e) {
          // a damaged jar: the JVM could not load natives from it either
        }
      }
    });
    // hermit starts the loader through a symlink named like the program (rt/lib/sys/java): follow it in the tree
    String exec = resolve(inTree(manifest.exec()), links);
    String[] script = {exec == null ? null : shebangs.get(exec)};
    List<String> libraryPath = libraryPath(manifest);
    List<Missing> missing = new ArrayList<>();
    String loader;
    ElfFile started = exec == null ? null : elves.get(exec);
    if (exec == null || !paths.contains(exec)) {
      loader = manifest.exec();
      missing.add(new Missing(manifest.exec(), "the launcher"));
    } else if (script[0] != null && inTree(script[0]) == null) {
      loader = script[0];
      missing.add(new Missing(script[0], exec));
    } else if (started != null && started.interpreter().isPresent()) {
      loader = started.interpreter().get();
      missing.add(new Missing(loader, exec));
    } else {
      loader = exec;
    }
    // The JDK loads libjvm.so by path before anything needs it by name: a library of the payload satisfies every
    // NEEDED of its name, as the loader matches objects already loaded.
    Set<String> shipped = new HashSet<>();
    for (String p : elves.keySet()) {
      shipped.add(p.substring(p.lastIndexOf('/') + 1));
    }
    List<VersionNeed> needs = new ArrayList<>();
    for (Map.Entry<String, ElfFile> e : elves.entrySet()) {
      needs.addAll(e.getValue().versionNeeds());
      for (String needed : e.getValue().needed()) {
        if (!shipped.contains(needed) && !found(needed, e.getKey(), e.getValue(), libraryPath, paths)) {
          missing.add(new Missing(needed, e.getKey()));
        }
      }
    }
    List<JarNative> natives = jarNatives(jars, elves);
    Set<String> inJars = new HashSet<>();
    for (JarNative n : natives) {
      inJars.add(n.library().fileName());
      n.library().binary().soname().ifPresent(inJars::add);
    }
    for (JarNative n : natives) {
      if (!n.loads()) {
        continue;
      }
      if (n.library().binary().isProgram()) {
        // a program the app starts as a process (protoc, redis-server): the kernel starts it through its own loader,
        // and it runs on the target's libraries, never the bundled ones
        ElfFile elf = n.library().binary().elf();
        elf.interpreter().ifPresent(i -> missing.add(new Missing(i, n.where())));
        n.library().binary().needed().forEach(needed -> missing.add(new Missing(needed, n.where())));
        needs.addAll(elf.versionNeeds());
        continue;
      }
      // Extracted to a temporary directory and loaded by path: its needs resolve through the loader's library path,
      // or against a library already loaded under that name.
      needs.addAll(n.library().binary().elf().versionNeeds());
      for (String needed : n.library().binary().needed()) {
        if (!shipped.contains(needed) && !inJars.contains(needed)
            && libraryPath.stream().noneMatch(d -> paths.contains(d.isEmpty() ? needed : d + "/" + needed))) {
          missing.add(new Missing(needed, n.where()));
        }
      }
    }
    return new Hermeticity(missing.isEmpty(), loader, missing, MinimumVersions.of(needs), natives);
  }

  /** The natives of the payload's jars, each marked with whether it loads into the runtime's {@code bin/java}. */
  private static List<JarNative> jarNatives(List<NativeScan> jars, Map<String, ElfFile> elves) {
    NativeBinary process = null;
    for (String candidate : List.of("rt/bin/java.real", "rt/bin/java")) {
      if (elves.containsKey(candidate)) {
        process = NativeBinary.elf(elves.get(candidate)).orElse(null);
        break;
      }
    }
    List<JarNative> natives = new ArrayList<>();
    for (NativeScan jar : jars) {
      for (NativeScan.Library lib : jar.libraries()) {
        natives.add(new JarNative(jar.name(), lib, process != null && lib.binary().loadsInto(process)));
      }
    }
    return natives;
  }

  /** Reads an ELF file whose first bytes are {@code head} and the rest in {@code content}. */
  private static ElfFile readElf(byte[] head, InputStream content, long size, int inMemory) throws IOException {
    if (size <= inMemory) {
      byte[] all = Arrays.copyOf(head, (int) size);
      content.readNBytes(all, head.length, all.length - head.length);
      return ElfReader.read(new ByteArrayChannel(all));
    }
    Path spool = Files.createTempFile("hermit-inspect-", ".elf");
    try {
      try (OutputStream out = Files.newOutputStream(spool)) {
        out.write(head);
        content.transferTo(out); // the walk bounds content to the entry's size
      }
      try (FileChannel channel = FileChannel.open(spool)) {
        return ElfReader.read(channel);
      }
    } finally {
      Files.deleteIfExists(spool);
    }
  }

  /** The interpreter a {@code #!} script names, or null for anything else. */
  private static String shebang(byte[] head) {
    if (head.length < 3 || head[0] != '#' || head[1] != '!') {
      return null;
    }
    String line = new String(head, 2, head.length - 2, java.nio.charset.StandardCharsets.UTF_8).split("\n", 2)[0].strip();
    return line.isEmpty() ? null : line.split("[ \t]+", 2)[0];
  }

  /**
   * A tree path with the symlinks the tree holds followed (relative targets, at most 8 of them), or null when it
   * leaves the tree or loops: then what runs is not inside the payload.
   */
  static String resolve(String path, Map<String, String> links) {
    for (int hops = 0; path != null && links.containsKey(path); hops++) {
      String target = links.get(path);
      if (hops == 8 || target.startsWith("/")) {
        return null;
      }
      int slash = path.lastIndexOf('/');
      java.nio.file.Path p = java.nio.file.Path.of(slash < 0 ? "" : path.substring(0, slash)).resolve(target)
          .normalize();
      path = p.startsWith("..") ? null : p.toString();
    }
    return path;
  }

  /** The directories after {@code --library-path} in the manifest's arguments (how hermit starts the loader). */
  static List<String> libraryPath(Manifest manifest) {
    List<String> args = manifest.args();
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals("--library-path")) {
        List<String> dirs = new ArrayList<>();
        for (String d : args.get(i + 1).split(":")) {
          Optional.ofNullable(inTree(d)).ifPresent(dirs::add);
        }
        return dirs;
      }
    }
    return List.of();
  }

  /** A template path inside the tree, as a tree path; null when it points outside. */
  static String inTree(String template) {
    String prefix = Manifest.ROOT + "/";
    return template.startsWith(prefix) ? normalize(template.substring(prefix.length())) : null;
  }

  private static boolean found(String needed, String path, ElfFile elf, List<String> libraryPath, Set<String> paths) {
    List<String> dirs = new ArrayList<>(libraryPath);
    String origin = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
    elf.dynamic().ifPresent(d -> {
      List<String> entries = new ArrayList<>(d.runpath());
      entries.addAll(d.rpath());
      for (String list : entries) {
        for (String dir : list.split(":")) {
          if (dir.startsWith("$ORIGIN") || dir.startsWith("${ORIGIN}")) {
            String rest = dir.replaceFirst("^\\$\\{?ORIGIN\\}?", "");
            String joined = normalize(origin + rest);
            if (joined != null) {
              dirs.add(joined);
            }
          }
        }
      }
    });
    for (String dir : dirs) {
      if (paths.contains(dir.isEmpty() ? needed : dir + "/" + needed)) {
        return true;
      }
    }
    return false;
  }

  /** Lexical normalization of a tree path; null if it climbs out of the tree. */
  static String normalize(String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.remove(parts.size() - 1);
      } else {
        parts.add(p);
      }
    }
    return String.join("/", parts);
  }
}
