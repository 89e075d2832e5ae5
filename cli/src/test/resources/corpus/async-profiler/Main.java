import one.profiler.AsyncProfiler;

/**
 * async-profiler's Java API: its library samples this thread with a timer signal (no perf events needed in a
 * root) and finds HotSpot's internals by libjvm.so's static symbols, which it warns about when they are missing.
 */
public class Main {
  static volatile double sink;

  public static void main(String[] args) throws Exception {
    AsyncProfiler profiler = AsyncProfiler.getInstance();
    profiler.execute("start,event=itimer,interval=1ms");
    long end = System.nanoTime() + 500_000_000L;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 100_000; i++) {
        sink += Math.sqrt(i);
      }
    }
    profiler.stop();
    System.out.println("async-profiler " + profiler.getVersion().strip() + " sampled Main.main: "
        + profiler.dumpFlat(5).contains("Main.main"));
  }
}
