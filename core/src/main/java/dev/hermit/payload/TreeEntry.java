package dev.hermit.payload;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One entry of the payload tree. File content comes either from a file on disk (the runtime image, the app's jars)
 * or from memory (generated files).
 */
public record TreeEntry(Type type, String path, int mode, Path source, byte[] content) {
  public enum Type {
    DIRECTORY(1),
    FILE(2),
    SYMLINK(3);

    final int id;

    Type(int id) {
      this.id = id;
    }
  }

  public TreeEntry {
    checkPath(path);
    if ((mode & ~0777) != 0) {
      throw new IllegalArgumentException("mode holds more than permission bits: " + Integer.toOctalString(mode));
    }
    if (type == Type.SYMLINK) {
      checkLinkTarget(path, new String(content, StandardCharsets.UTF_8));
    }
  }

  public static TreeEntry directory(String path) {
    return new TreeEntry(Type.DIRECTORY, path, 0755, null, null);
  }

  public static TreeEntry file(String path, int mode, Path source) {
    return new TreeEntry(Type.FILE, path, mode, source, null);
  }

  public static TreeEntry file(String path, int mode, byte[] content) {
    return new TreeEntry(Type.FILE, path, mode, null, content.clone());
  }

  public static TreeEntry symlink(String path, String target) {
    return new TreeEntry(Type.SYMLINK, path, 0777, null, target.getBytes(StandardCharsets.UTF_8));
  }

  static void checkPath(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a relative tree path: '" + path + "'");
    }
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("tree path has an empty, '.' or '..' component: '" + path + "'");
      }
    }
  }

  static void checkLinkTarget(String path, String target) {
    if (target.isEmpty() || target.startsWith("/") || target.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("symlink " + path + " must point to a relative path, not '" + target + "'");
    }
    for (String part : target.split("/", -1)) {
      if (part.isEmpty() || part.equals("..")) {
        throw new IllegalArgumentException("symlink " + path + " may not leave its directory: '" + target + "'");
      }
    }
  }
}
