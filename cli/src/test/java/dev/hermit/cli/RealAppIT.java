package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real application from Maven Central with a dependency tree (checkstyle: 34 jars, jars carrying module-info that
 * made JDK 17's jdeps fail), built with --main and a class-path glob, then run on a real source file.
 */
class RealAppIT {
  @TempDir Path dir;

  @Test
  void checkstyleBuildsFromItsJarsAndRuns() throws IOException {
    Path lib = dir.resolve("lib");
    Proc fetch = Hermit.fetchJars("apps/checkstyle/pom.xml", lib, dir);
    assertEquals(0, fetch.code(), "fetching checkstyle: " + fetch);

    Proc build = Hermit.run("build", "--main", "com.puppycrawl.tools.checkstyle.Main",
        "--class-path", lib + "/*", "-o", dir.resolve("checkstyle").toString(), "-v");
    assertEquals(0, build.code(), build.toString());
    // hermit guarantees that the build says why it chose each module and that the runtime has the ones the app
    // uses: java.xml (ConfigurationLoader parses the configuration with SAX), java.desktop (AutomaticBean's
    // java.beans.PropertyDescriptor), java.logging (Main's java.util.logging handlers).
    java.util.regex.Matcher chosen = java.util.regex.Pattern.compile("\\n\\s+modules: (\\S+)\\n").matcher(build.err());
    assertTrue(chosen.find(), "the build must list its modules: " + build.err());
    List<String> modules = List.of(chosen.group(1).split(","));
    assertTrue(modules.containsAll(List.of("java.base", "java.xml", "java.desktop", "java.logging")),
        modules.toString());
    for (String m : modules) {
      assertTrue(build.err().matches("(?s).*\\n\\s+" + java.util.regex.Pattern.quote(m) + ": \\S.*"),
          "the build must say why it chose " + m + ": " + build.err());
    }

    Path source = dir.resolve("Hello.java");
    Files.copy(Hermit.REPO.resolve("examples/hello/Hello.java"), source);
    Proc run = Proc.run(List.of(dir.resolve("checkstyle").toString(), "-c", "/sun_checks.xml", source.toString()),
        Map.of("LANG", "C.UTF-8", "HERMIT_CACHE_DIR", dir.resolve("cache").toString(),
            "JAVA_TOOL_OPTIONS", String.join(" ", Hermit.SHORT_JVM)), null, dir); // C1: as CorpusIT's apps
    assertTrue(run.out().contains("Starting audit...") && run.out().contains("Audit done."), run.toString());
    // sun_checks finds problems in the example (missing javadoc of the class fields etc.): exit = their count.
    assertTrue(run.out().contains("[WARN]") || run.out().contains("[ERROR]"), run.toString());
  }
}
