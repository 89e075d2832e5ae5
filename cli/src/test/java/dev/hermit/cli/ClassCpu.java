package dev.hermit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * The CPU each test class used, its own and its children's, one line per class in target/test-cpu.tsv: the suite
 * must stay within CI's minutes on two cores, and most of its CPU is in the processes tests start (jlink, Maven,
 * the outputs themselves), which no profiler of the test JVM sees. From /proc/self/stat: a child's CPU counts once
 * it has been waited for, as the JDK's process reaper does for every Process; detached grandchildren (an output's
 * cache sealer) are not counted. Registered through META-INF/services; one fork runs one class at a time.
 */
public final class ClassCpu implements TestExecutionListener {
  private static final Path REPORT = Path.of(System.getProperty("hermit.test.cpu", "target/test-cpu.tsv"));
  private final Map<String, long[]> started = new ConcurrentHashMap<>();

  @Override
  public void executionStarted(TestIdentifier id) {
    className(id).ifPresent(c -> started.put(c, sample()));
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    className(id).ifPresent(c -> {
      long[] from = started.remove(c);
      long[] to = sample();
      if (from == null || to == null || from[0] < 0 || to[0] < 0) {
        return;
      }
      String line = String.format("%s\t%.1f\t%.1f\t%.1f%n", c.substring(c.lastIndexOf('.') + 1),
          (to[2] - from[2]) / 1e9, (to[0] - from[0]) / 100.0, (to[1] - from[1]) / 100.0);
      try {
        Files.writeString(REPORT, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        // a report that cannot be written costs the run nothing else
      }
    });
  }

  private static java.util.Optional<String> className(TestIdentifier id) {
    return id.getSource().filter(ClassSource.class::isInstance).map(s -> ((ClassSource) s).getClassName());
  }

  /** {own CPU ticks, children's CPU ticks, nanoTime}; {-1, ...} where /proc cannot be read. */
  private static long[] sample() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // fields after the command's closing parenthesis: state is field 3, utime 14, stime 15, cutime 16, cstime 17
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      long kids = Long.parseLong(f[13]) + Long.parseLong(f[14]);
      return new long[] {own, kids, System.nanoTime()};
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1, System.nanoTime()};
    }
  }
}
