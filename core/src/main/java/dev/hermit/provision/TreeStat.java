package dev.hermit.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * What a cached tree's files looked like to the file system when its content was last hashed: every path with its
 * type, size, mode, inode, modification and change time. {@link TreeHash} reads every byte (a third of a second
 * for an SDK of 289 MB with the JRE's package, on every cross build and for each target); this reads only the
 * inodes. A write to any file changes its change time, which no program can set back, so a tree whose stat digest
 * is the one recorded beside a good {@link TreeHash} has not been written since; only damage that bypasses the file
 * system (a disk that flips bits) goes unseen until the next full hash, which any change of the tree brings. As
 * git's index does for a work tree.
 */
final class TreeStat {
  private TreeStat() {}

  /** The digest of the tree's inodes, {@code skip} (a file name) left out as {@link TreeHash} leaves it out. */
  static String of(Path root, String skip) throws IOException {
    MessageDigest md = Fetcher.sha256();
    for (Path p : TreeHash.paths(root, skip)) {
      Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,ino,dev,lastModifiedTime,ctime",
          LinkOption.NOFOLLOW_LINKS);
      md.update((root.relativize(p) + " " + a.get("mode") + " " + a.get("size") + " " + a.get("dev") + ":"
          + a.get("ino") + " " + nanos(a.get("lastModifiedTime")) + " " + nanos(a.get("ctime")) + "\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String nanos(Object t) {
    java.time.Instant i = ((FileTime) t).toInstant();
    return i.getEpochSecond() + "." + i.getNano();
  }

  /** Whether {@code record} says that the tree with this stat digest was hashed to {@code treeHash}. */
  static boolean recorded(Path record, String treeHash, String stat) {
    try {
      return Files.readString(record).equals(treeHash + " " + stat + "\n");
    } catch (IOException | RuntimeException e) {
      return false; // none yet, or unreadable: the tree is hashed
    }
  }

  /** Records that the tree with this stat digest hashed to {@code treeHash}; a read-only cache keeps none. */
  static void record(Path record, String treeHash, String stat) {
    CacheFiles.replace(record, (treeHash + " " + stat + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
