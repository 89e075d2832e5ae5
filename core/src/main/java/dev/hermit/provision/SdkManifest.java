package dev.hermit.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cached SDK's manifest ({@code KEY/.hermit-sdk}): its packages and the hash of the tree recorded when it was
 * made. Lines: {@code package NAME VERSION ARCH FILENAME SHA256 SIZE} and {@code tree HASH}.
 */
record SdkManifest(List<DebPackage> packages, String treeHash, String archive, String home) {
  static SdkManifest read(Path manifest) throws IOException {
    List<DebPackage> packages = new ArrayList<>();
    String treeHash = null;
    String archive = null;
    String home = null;
    for (String line : Files.readAllLines(manifest)) {
      String[] w = line.split(" ");
      if (w[0].equals("package") && w.length == 7) {
        packages.add(new DebPackage(w[1], w[2], w[3], w[4], w[5], Long.parseLong(w[6])));
      } else if (w[0].equals("tree") && w.length == 2) {
        treeHash = w[1];
      } else if (w[0].equals("archive") && w.length == 3) { // a JDK archive's (JdkArchive)
        archive = w[1];
      } else if (w[0].equals("home") && w.length == 2) {
        home = w[1];
      }
    }
    return new SdkManifest(List.copyOf(packages), treeHash, archive, home);
  }

  /** The Java feature version of the JDK package in it (openjdk-N-jdk-headless), or 0. */
  int java() {
    for (DebPackage p : packages) {
      if (p.name().matches("openjdk-\\d+-jdk-headless")) {
        return Integer.parseInt(p.name().substring(8, p.name().indexOf('-', 8)));
      }
    }
    return 0;
  }
}
