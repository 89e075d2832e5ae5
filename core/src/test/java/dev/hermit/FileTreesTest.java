package dev.hermit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A removed tree takes its links with it, never what they point at; a tree that is not there is no error. */
class FileTreesTest {
  @TempDir Path dir;

  @Test
  void linksInTheTreeAreRemovedNotFollowed() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path kept = Files.writeString(outside.resolve("kept"), "x");
    Path tree = Files.createDirectories(dir.resolve("tree/sub"));
    Files.writeString(tree.resolve("f"), "y");
    Files.createSymbolicLink(tree.resolve("to-dir"), outside);
    Files.createSymbolicLink(dir.resolve("tree/to-file"), kept);

    FileTrees.delete(dir.resolve("tree"));
    assertFalse(Files.exists(dir.resolve("tree")));
    assertTrue(Files.isRegularFile(kept), "the link's target stays");

    FileTrees.delete(dir.resolve("tree")); // gone already
    Files.createSymbolicLink(dir.resolve("link"), outside);
    FileTrees.deleteQuietly(dir.resolve("link"));
    assertFalse(Files.exists(dir.resolve("link"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.isRegularFile(kept), "a link given as the tree is removed, not its target");
  }
}
