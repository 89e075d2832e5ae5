package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.pipeline.BuildEvent.Step;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Progress within a step is redrawn in place on a terminal only; elsewhere there is one line per step. */
class StepPrinterTest {
  /** The same calls at the same moments every run: the clock is the test's, not the machine's. */
  private static String print(boolean terminal) {
    StringWriter s = new StringWriter();
    long[] now = {1_000_000_000L};
    StepPrinter p = new StepPrinter(new PrintWriter(s), now[0], false, false, terminal, () -> now[0]);
    String what = "downloading zlib1g 1:1.2.13.dfsg-1 (arm64, 0.1 MB)";
    p.step(Step.PROVISIONING, what);
    now[0] += 10_000_000L;
    p.progress(Step.PROVISIONING, 40_000, 100_000); // at the start: no rate yet, not drawn
    now[0] += 240_000_000L; // past the redraw interval (200 ms)
    p.progress(Step.PROVISIONING, 50_000, 100_000);
    now[0] += 50_000_000L;
    p.progress(Step.PROVISIONING, 60_000, 100_000); // within it: not drawn
    now[0] += 200_000_000L;
    p.progress(Step.PROVISIONING, 100_000, 100_000); // the end is always drawn
    p.step(Step.PROVISIONING, "unpacking 7 packages");
    return s.toString();
  }

  @Test
  void redrawsOnATerminal() {
    String out = print(true);
    assertEquals("[  0.0s] downloading zlib1g 1:1.2.13.dfsg-1 (arm64, 0.1 MB)\n"
        + "\r         0.1 of 0.1 MB (50%), 0.2 MB/s\u001B[K"
        + "\r         0.1 MB in 0.5 s, 0.2 MB/s\u001B[K\n"
        + "[  0.5s] unpacking 7 packages\n", out);
  }

  @Test
  void printsOnlyStepsElsewhere() {
    String out = print(false);
    assertEquals(2, out.lines().count(), out);
    assertTrue(!out.contains("\r") && !out.contains("MB/s"), out);
  }
}
