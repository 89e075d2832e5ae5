package dev.hermit.inspect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Looks up absolute target paths inside a sysroot as a chroot would: absolute symlinks point back into the root
 * and {@code ..} stops at the root. With the root {@code /} this is the host file system.
 */
public final class RootedFileSystem {
  private static final int MAX_LINKS = 40;
  private final Path root;

  public RootedFileSystem(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  public boolean isHostRoot() {
    return root.getParent() == null;
  }

  /** The host path naming a target path, without following links: {@code /usr/lib} → {@code <root>/usr/lib}. */
  public Path hostPath(String absolute) {
    return root.resolve(absolute.replaceFirst("^/+", "")).normalize();
  }

  /** The host path of the regular file that {@code absolute} names inside the root, following links in-root. */
  public Optional<Path> resolveFile(String absolute) {
    Deque<String> pending = new ArrayDeque<>();
    push(pending, absolute);
    Path current = root;
    int links = 0;
    try {
      while (!pending.isEmpty()) {
        String part = pending.pop();
        if (part.isEmpty() || part.equals(".")) {
          continue;
        }
        if (part.equals("..")) {
          current = current.equals(root) ? root : current.getParent();
          continue;
        }
        Path next = current.resolve(part);
        if (Files.isSymbolicLink(next)) {
          if (++links > MAX_LINKS) {
            return Optional.empty();
          }
          String target = Files.readSymbolicLink(next).toString();
          push(pending, target);
          if (target.startsWith("/")) {
            current = root;
          }
          continue;
        }
        if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
          return Optional.empty();
        }
        current = next;
      }
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
    return Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS) ? Optional.of(current) : Optional.empty();
  }

  private static void push(Deque<String> pending, String path) {
    String[] parts = path.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      pending.push(parts[i]);
    }
  }
}
