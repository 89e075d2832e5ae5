package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher replaces itself with the JVM (execve, same pid): a signal sent to the hermit executable reaches
 * the JVM, which runs its shutdown hooks and exits with 128 + the signal number, and every exit code 0-255 comes
 * back unchanged, also those the launcher itself uses (113-119). CI runs a sample of codes;
 * {@code -Dhermit.signals.allCodes=true} runs all 256 (docs/RELIABILITY.md).
 */
class SignalsIT {
  @TempDir static Path dir;
  static Path app;

  @BeforeAll
  static void build() throws IOException {
    Path src = dir.resolve("Signals.java");
    Files.copy(Path.of("src/test/resources/apps/Signals.java"), src);
    app = Hermit.build(dir.resolve("signals"), src.toString());
  }

  static Map<String, String> env() {
    return Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString(), "PATH", "/usr/bin:/bin");
  }

  @Test
  void everyExitCodeComesBackUnchanged() {
    List<Integer> codes = Boolean.getBoolean("hermit.signals.allCodes") ? IntStream.range(0, 256).boxed().toList()
        : List.of(0, 1, 2, 3, 42, 112, 113, 114, 115, 116, 117, 118, 119, 120, 126, 127, 128, 129, 130, 143, 254, 255);
    List<String> wrong = new ArrayList<>();
    for (int code : codes) {
      Proc p = Proc.run(List.of(app.toString(), "exit", Integer.toString(code)), env(), null, dir);
      if (p.code() != code || !p.err().isEmpty()) {
        wrong.add(code + " -> " + p);
      }
    }
    assertEquals(List.of(), wrong);
    System.out.println("exit codes checked: " + codes.size() + ", all unchanged");
  }

  @Test
  void termReachesTheJvmAndItsShutdownHooksRun() throws Exception {
    signal("TERM", 15);
  }

  @Test
  void intReachesTheJvmAndItsShutdownHooksRun() throws Exception {
    signal("INT", 2);
  }

  @Test
  void hupReachesTheJvmAndItsShutdownHooksRun() throws Exception {
    signal("HUP", 1);
  }

  /** Starts the app, waits until it is ready, sends the signal to the pid the test started, checks the end. */
  static void signal(String name, int number) throws Exception {
    // A JVM leaves alone the INT, HUP and TERM it was started ignoring (as a background job of a shell is: SIGINT
    // and SIGQUIT), so the app starts with their default action, whatever this test's own parent set; env execs in
    // place, so the pid is still the app's.
    ProcessBuilder pb = new ProcessBuilder("env", "--default-signal=INT,HUP,TERM,QUIT", app.toString(), "wait")
        .directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env());
    Process p = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    assertEquals("ready", first, "the app did not start");
    // the pid the test started is the JVM: the launcher exec'd it in place
    String command = ProcessHandle.of(p.pid()).flatMap(h -> h.info().command()).orElse("");
    assertTrue(!command.endsWith("/signals"), "still the launcher, not the JVM: " + command);
    Proc kill = Proc.run(List.of("kill", "-s", name, Long.toString(p.pid())), Proc.HOST, null, null);
    assertEquals(0, kill.code(), kill.toString());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "SIG" + name + " did not end the app");
    String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals("shutdown hook ran\n", rest, "SIG" + name);
    assertEquals(128 + number, p.exitValue(), "SIG" + name + " exit code; output: " + rest);
  }
}
