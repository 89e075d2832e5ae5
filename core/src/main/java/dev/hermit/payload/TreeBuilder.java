package dev.hermit.payload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Collects tree entries, adding parent directories as needed; later additions of a path replace earlier ones. */
public final class TreeBuilder {
  private final Map<String, TreeEntry> entries = new LinkedHashMap<>();

  public TreeBuilder add(TreeEntry e) {
    int slash = e.path().lastIndexOf('/');
    if (slash > 0) {
      directory(e.path().substring(0, slash));
    }
    entries.put(e.path(), e);
    return this;
  }

  public TreeBuilder directory(String path) {
    if (!entries.containsKey(path)) {
      add(TreeEntry.directory(path));
    }
    return this;
  }

  /** Adds a file from disk; executable files keep their exec bits as 0755, all others become 0644. */
  public TreeBuilder file(String path, Path source) throws IOException {
    return add(TreeEntry.file(path, Files.isExecutable(source) ? 0755 : 0644, source));
  }

  /** Adds a directory from disk, recursively, under {@code prefix}; symlinks are followed. */
  public TreeBuilder tree(String prefix, Path dir) throws IOException {
    return tree(prefix, dir, p -> true);
  }

  /** Adds a directory from disk as {@link #tree(String, Path)} does, the files {@code keep} refuses left out. */
  public TreeBuilder tree(String prefix, Path dir, Predicate<Path> keep) throws IOException {
    return tree(prefix, dir, keep, note -> { });
  }

  /** {@link #tree(String, Path, Predicate)}, telling {@code notes} of the links it follows or not. */
  public TreeBuilder tree(String prefix, Path dir, Predicate<Path> keep, java.util.function.Consumer<String> notes)
      throws IOException {
    directory(prefix);
    for (Path p : dev.hermit.FileTrees.walkFollowingLinks(dir, notes)) {
      String path = prefix + "/" + dir.relativize(p).toString().replace('\\', '/');
      if (Files.isDirectory(p)) {
        directory(path);
      } else if (Files.isRegularFile(p) && keep.test(p)) {
        file(path, p);
      }
    }
    return this;
  }


  public List<TreeEntry> entries() {
    return new ArrayList<>(entries.values());
  }

  /** Bytes of file content, for progress and size reports. */
  public long contentSize() throws IOException {
    long total = 0;
    for (TreeEntry e : entries.values()) {
      if (e.type() == TreeEntry.Type.FILE) {
        total += e.content() != null ? e.content().length : Files.size(e.source());
      }
    }
    return total;
  }
}
