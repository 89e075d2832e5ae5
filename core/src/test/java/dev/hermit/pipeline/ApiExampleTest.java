package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/API.md's example, taken from the page, compiled against core and run in a JVM of its own (it may call
 * System.exit) on examples/hello: a real build (jlink, the launcher, packing) whose output then runs.
 */
class ApiExampleTest {
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  @TempDir static Path dir;
  static Path classes;

  record Run(int code, String out) {}

  @BeforeAll
  static void compileTheExampleFromTheDocs() throws IOException {
    String page = Files.readString(REPO.resolve("docs/API.md"));
    Matcher m = Pattern.compile("## Example.*?```java\n(.*?)```", Pattern.DOTALL).matcher(page);
    assertTrue(m.find(), "docs/API.md has a java block under ## Example");
    Path source = Files.writeString(Files.createDirectories(dir.resolve("src")).resolve("BuildApp.java"), m.group(1));
    classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int code = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
        source.toString());
    assertEquals(0, code, "the example in docs/API.md compiles against core");
  }

  @Test
  void theExampleBuildsHelloAndReportsTypedEvents() throws Exception {
    Path out = dir.resolve("hello");
    Run run = run(REPO.resolve("examples/hello").toString(), out.toString());
    assertEquals(0, run.code(), run.out());
    List<String> lines = run.out().lines().toList();
    assertEquals("step RESOLVING_INPUTS: resolving inputs", lines.get(0), run.out());
    for (String step : List.of("RESOLVING_INPUTS", "CHOOSING_MODULES", "LINKING_RUNTIME", "PACKING")) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("done " + step + " in ")), step + " finished: " + run.out());
    }
    List<String> progress = lines.stream().filter(l -> l.startsWith("wrote ")).toList();
    assertEquals("wrote " + Files.size(out) + " bytes", progress.get(progress.size() - 1),
        "the last progress event counts every byte of the executable");
    assertTrue(lines.get(lines.size() - 1).startsWith("built " + out + " for linux/amd64: " + Files.size(out)
        + " bytes, payload sha256 "), run.out());

    // Twice: a second run waits for the first run's detached sealer (docs/FORMAT.md, "Cache"), which would
    // otherwise race the deletion of the temporary directory.
    for (int i = 0; i < 2; i++) {
      ProcessBuilder pb = new ProcessBuilder(out.toString()).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      // the test's own cache, and no class-data sharing helper writing into it: the user's stays untouched
      pb.environment().put("HERMIT_CACHE_DIR", dir.resolve("cache").toString());
      pb.environment().put("HERMIT_CDS", "off");
      Process p = pb.start();
      String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), said);
      assertTrue(said.startsWith("Hello from a single hermit executable"), said);
    }
  }

  @Test
  void aMissingInputIsAnInputExceptionNamingTheSetting() throws Exception {
    Path out = dir.resolve("never");
    Run run = run(dir.resolve("no-such.jar").toString(), out.toString());
    assertEquals(1, run.code(), run.out());
    List<String> lines = run.out().strip().lines().toList();
    assertEquals("fix the input INPUT: " + dir.resolve("no-such.jar") + " does not exist", lines.get(lines.size() - 1),
        run.out());
    assertTrue(Files.notExists(out));
  }

  static Run run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classes + java.io.File.pathSeparator + System.getProperty("java.class.path"), "BuildApp"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
