package dev.hermit.provision;

import dev.hermit.HermitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An SDK lock file (as go.sum, for the Debian packages of each target's SDK): one line per package,
 * {@code SUITE ARCH NAME VERSION PACKAGE-ARCH POOL-PATH SIZE sha256:HEX}, ARCH being the target's Debian
 * architecture. A build with a lock fetches exactly what it pins for its suite and architecture; a suite and
 * architecture it does not mention yet is added after provisioning, from what was fetched.
 */
public final class SdkLock {
  private static final String HEADER = """
      # hermit SDK lock: the Debian packages of each target's runtime and C library, as fetched and verified.
      # A build given this file fetches exactly these (docs/PROVISIONING.md); delete a target's lines to take
      # the archive's current versions on the next build.
      """;

  private final Path file;
  /** "suite arch" → its packages, in file order. */
  private final Map<String, List<DebPackage>> sections;

  private SdkLock(Path file, Map<String, List<DebPackage>> sections) {
    this.file = file;
    this.sections = sections;
  }

  /** The lock at {@code file}; empty when the file does not exist yet. */
  public static SdkLock read(Path file) {
    Map<String, List<DebPackage>> sections = new TreeMap<>();
    if (!Files.exists(file)) {
      return new SdkLock(file, sections);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new HermitException("cannot read the SDK lock " + file + ": " + e.getMessage(), e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] w = line.split("\\s+");
      if (w.length != 8 || !w[7].matches("sha256:[0-9a-f]{64}") || !w[6].matches("\\d{1,12}")
          || w[5].contains("..") || w[5].startsWith("/")) {
        throw new HermitException("the SDK lock " + file + " line " + (i + 1) + " is not 'SUITE ARCH NAME VERSION "
            + "PACKAGE-ARCH POOL-PATH SIZE sha256:HEX': " + line);
      }
      sections.computeIfAbsent(w[0] + " " + w[1], k -> new ArrayList<>())
          .add(new DebPackage(w[2], w[3], w[4], w[5], w[7].substring(7), Long.parseLong(w[6])));
    }
    return new SdkLock(file, sections);
  }

  public Path file() {
    return file;
  }

  /** What the lock pins for a suite and Debian architecture; empty when it says nothing about them. */
  public List<DebPackage> pins(String suite, String debianArch) {
    return List.copyOf(sections.getOrDefault(suite + " " + debianArch, List.of()));
  }

  /**
   * Adds a suite and architecture's packages and writes the file (atomically: another build reading it sees the
   * old or the new file). Lines another build added meanwhile are kept.
   */
  public void add(String suite, String debianArch, List<DebPackage> packages) {
    // the targets of one command build at once: their read-add-write of the same file must not interleave
    synchronized (CacheLock.monitor(file)) {
      write(suite, debianArch, packages);
    }
  }

  private void write(String suite, String debianArch, List<DebPackage> packages) {
    SdkLock now = read(file);
    now.sections.put(suite + " " + debianArch, List.copyOf(packages));
    StringBuilder text = new StringBuilder(HEADER);
    now.sections.forEach((key, list) -> list.forEach(p -> text.append(String.join(" ", key, p.name(), p.version(),
        p.arch(), p.filename(), String.valueOf(p.size()), "sha256:" + p.sha256())).append('\n')));
    try {
      Path dir = file.toAbsolutePath().getParent();
      Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      try {
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new HermitException("cannot write the SDK lock " + file + ": " + e.getMessage(), e);
    }
    sections.clear();
    sections.putAll(now.sections);
  }
}
