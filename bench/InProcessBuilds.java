import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Runs one hermit command N times in this JVM, as the Maven plugin, the API and the test suite do, and prints each
 * run's wall time and the CPU time of the thread that ran it (the build's own work, without the JIT's and the
 * collector's threads): the later runs are what a warm JVM pays per build.
 *
 * <p>Usage: java -cp hermit.jar bench/InProcessBuilds.java N build ARGS... (see bench/in-process.sh)
 */
public class InProcessBuilds {
  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[0]);
    String[] args = Arrays.copyOfRange(a, 1, a.length);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    var run = Class.forName("dev.hermit.cli.Main").getMethod("run", String[].class, PrintWriter.class,
        PrintWriter.class);
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      long cpu = threads.getCurrentThreadCpuTime();
      StringWriter err = new StringWriter();
      int code = (int) run.invoke(null, args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
      System.out.printf("run %d: exit %d, %.3f s wall, %.3f CPU-s on its thread%n", i, code,
          (System.nanoTime() - t) / 1e9, (threads.getCurrentThreadCpuTime() - cpu) / 1e9);
      if (code != 0) {
        System.out.print(err);
        System.exit(code);
      }
    }
  }
}
