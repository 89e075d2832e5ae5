package dev.hermit.app;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.jdk.Jdk;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence for not running jdeps: over a list of class paths, every module jdeps names is also in hermit's
 * choice. A measurement run on demand (docs/MODULES.md records the last one), since jdeps costs what the build
 * saves: {@code mvn -pl launcher,core test -Dtest=JdepsAgreementTest -Dhermit.jdeps.classpaths=FILE}, FILE holding
 * one class path per line (jars separated by ':'). Prints one line per class path and fails if any misses a module.
 */
class JdepsAgreementTest {
  @TempDir Path dir;

  @Test
  void everyModuleJdepsFindsIsChosen() throws IOException {
    String list = System.getProperty("hermit.jdeps.classpaths");
    assumeTrue(list != null, "SKIPPED: a measurement on demand (-Dhermit.jdeps.classpaths=FILE)");
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    int agreed = 0;
    int jdepsFailed = 0;
    List<String> missed = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(list))) {
      if (line.isBlank()) {
        continue;
      }
      List<Path> jars = Arrays.stream(line.strip().split(":")).map(Path::of).toList();
      AppInput app = new AppInput("app", "Main", null, List.of(), Map.of(), jars, Map.of());
      Set<String> chosen = new ModuleAnalyzer(Jdk.running(), Files.createTempDirectory(dir, "work"))
          .decide(app, null, Set.of(), java.util.List.of()).modules();
      Set<String> found = run(jdeps, jars);
      if (found == null) {
        jdepsFailed++;
        continue;
      }
      found.removeAll(chosen);
      if (!found.isEmpty() && hasIgnoredReferences(jars)) { // docs/MODULES.md, IgnoredReferences: left out on purpose
        System.out.println("jdeps agreement: " + jars.get(0).getFileName() + ": left out on purpose "
            + found.stream().filter(DESKTOP::contains).toList());
        found.removeAll(DESKTOP);
      }
      System.out.println("jdeps agreement: " + jars.get(0).getFileName() + (found.isEmpty() ? ": ok" : ": MISSED " + found));
      if (found.isEmpty()) {
        agreed++;
      } else {
        missed.add(line + ": " + found);
      }
    }
    System.out.println("jdeps agreement: " + agreed + " class paths agree, " + missed.size() + " miss modules jdeps"
        + " names, jdeps failed on " + jdepsFailed);
    assertTrue(missed.isEmpty(), "modules jdeps finds and hermit does not choose: " + missed);
  }

  private static final Set<String> DESKTOP = Set.of("java.desktop", "java.datatransfer");

  /** Whether the class path holds a class whose references IgnoredReferences leaves out (JNA's, Jackson's). */
  private static boolean hasIgnoredReferences(List<Path> jars) throws IOException {
    for (Path jar : jars) {
      try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
        if (j.stream().map(e -> e.getName().replaceFirst("\\.class$", "")).anyMatch(n ->
            dev.hermit.jdk.IgnoredReferences.strings(n) || n.startsWith("com/sun/jna/")
                || n.endsWith("/databind/ext/beans/JavaBeansAnnotationsImpl")
                || n.equals("com/fasterxml/jackson/databind/ext/Java7SupportImpl"))) {
          return true;
        }
      }
    }
    return false;
  }

  /** jdeps as hermit ran it before (in-process, the app's jars, JDK 17's view); null when it fails. */
  private static Set<String> run(ToolProvider jdeps, List<Path> jars) {
    List<String> args = new ArrayList<>(List.of("--print-module-deps", "--no-recursive", "--ignore-missing-deps", "-q",
        "--multi-release", Integer.toString(Runtime.version().feature())));
    if (jars.size() > 1) {
      args.add("--class-path");
      args.add(String.join(":", jars.subList(1, jars.size()).stream().map(Path::toString).toList()));
    }
    jars.forEach(j -> args.add(j.toString()));
    StringWriter out = new StringWriter();
    int code;
    try {
      code = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), args.toArray(String[]::new));
    } catch (RuntimeException e) { // a module it cannot resolve, thrown rather than reported
      return null;
    }
    String last = out.toString().strip().lines().reduce((a, b) -> b).orElse("");
    if (code != 0 || !last.matches("[A-Za-z0-9_.,]*")) {
      return null;
    }
    Set<String> modules = new TreeSet<>(Arrays.asList(last.split(",")));
    modules.remove("");
    return modules;
  }
}
