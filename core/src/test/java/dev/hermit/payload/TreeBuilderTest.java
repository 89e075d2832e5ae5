package dev.hermit.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeBuilderTest {
  @TempDir Path dir;

  /**
   * A directory's links are followed as java follows them: Debian's /usr/share/maven has conf -> /etc/maven and
   * bin/m2.conf -> /etc/maven/m2.conf, and conf/ came through empty. A link back up is not walked again, and a
   * dangling one carries nothing.
   */
  @Test
  void linksToDirectoriesAndFilesOutsideAreCarriedAndLoopsAreNot() throws IOException {
    Path etc = Files.createDirectories(dir.resolve("etc/maven"));
    Files.writeString(etc.resolve("settings.xml"), "<settings/>");
    Files.writeString(etc.resolve("m2.conf"), "main is org.apache.maven.cli.MavenCli from plexus.core");
    Path home = Files.createDirectories(dir.resolve("usr/share/maven"));
    Files.createSymbolicLink(home.resolve("conf"), etc);
    Files.createDirectories(home.resolve("bin"));
    Files.createSymbolicLink(home.resolve("bin/m2.conf"), etc.resolve("m2.conf"));
    Files.createSymbolicLink(home.resolve("bin/up"), home); // a loop
    Files.createSymbolicLink(home.resolve("bin/usr"), dir.resolve("usr")); // above it, as a link to / is
    Files.createSymbolicLink(home.resolve("gone"), dir.resolve("nothing"));
    Path secret = Files.createDirectories(dir.resolve("var/log/app"));
    Files.writeString(secret.resolve("app.log"), "private");
    Files.createSymbolicLink(home.resolve("logs"), secret);
    secret.toFile().setReadable(false, false); // as a 0700 directory of another user's is to this build
    boolean readable = Files.isReadable(secret) && Files.isExecutable(secret); // root reads it all the same
    java.util.List<String> notes = new java.util.ArrayList<>();
    Map<String, String> tree = new TreeMap<>();
    for (TreeEntry e : new TreeBuilder().tree("app/home", home, p -> true, notes::add).entries()) {
      tree.put(e.path(), e.type() == TreeEntry.Type.FILE ? Files.readString(e.source()) : e.type().toString());
    }
    tree.remove("app/home/logs/app.log"); // root reads what another user could not
    assertEquals(Map.of("app", "DIRECTORY", "app/home", "DIRECTORY", "app/home/bin", "DIRECTORY", "app/home/bin/m2.conf",
        "main is org.apache.maven.cli.MavenCli from plexus.core", "app/home/bin/usr", "DIRECTORY", "app/home/conf",
        "DIRECTORY", "app/home/conf/m2.conf", "main is org.apache.maven.cli.MavenCli from plexus.core",
        "app/home/conf/settings.xml", "<settings/>", "app/home/logs", "DIRECTORY"), tree);
    assertTrue(notes.contains("conf is a link to " + etc.toRealPath() + ": what it holds on this machine is packed"),
        notes.toString());
    assertTrue(notes.contains("bin/usr is a link to " + dir.resolve("usr").toRealPath() + ", which is not followed (a "
        + "directory above it)"), notes.toString());
    assertTrue(readable || notes.stream().anyMatch(n -> n.startsWith("logs cannot be read")), notes.toString());
    // a directory of the app that is itself a link to / (a distribution's rootfs): its walk stops there
    Files.createSymbolicLink(home.resolve("rootfs"), Path.of("/"));
    notes.clear();
    List<TreeEntry> rootfs = new TreeBuilder().tree("app/home/rootfs", home.resolve("rootfs"), p -> true, notes::add)
        .entries();
    assertEquals(List.of("app", "app/home", "app/home/rootfs"), rootfs.stream().map(TreeEntry::path).sorted().toList());
    assertEquals(List.of("rootfs is a link to /, which is not followed (a directory above it)"), notes);
  }
}
