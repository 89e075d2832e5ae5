package dev.hermit.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Files.createSymbolicLink(home.resolve("gone"), dir.resolve("nothing"));
    Map<String, String> tree = new TreeMap<>();
    for (TreeEntry e : new TreeBuilder().tree("app/home", home).entries()) {
      tree.put(e.path(), e.type() == TreeEntry.Type.FILE ? Files.readString(e.source()) : e.type().toString());
    }
    assertEquals(Map.of("app", "DIRECTORY", "app/home", "DIRECTORY", "app/home/bin", "DIRECTORY", "app/home/bin/m2.conf",
        "main is org.apache.maven.cli.MavenCli from plexus.core", "app/home/conf", "DIRECTORY",
        "app/home/conf/m2.conf", "main is org.apache.maven.cli.MavenCli from plexus.core",
        "app/home/conf/settings.xml", "<settings/>"), tree);
  }
}
