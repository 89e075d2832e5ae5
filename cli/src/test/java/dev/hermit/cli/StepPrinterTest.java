package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.pipeline.BuildEvent.Step;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Progress within a step is redrawn in place on a terminal only; elsewhere there is one line per step. */
class StepPrinterTest {
  private static String print(boolean terminal) throws InterruptedException {
    StringWriter s = new StringWriter();
    StepPrinter p = new StepPrinter(new PrintWriter(s), System.nanoTime(), false, false, terminal);
    String what = "downloading zlib1g 1:1.2.13.dfsg-1 (arm64, 0.1 MB)";
    p.step(Step.PROVISIONING, what);
    p.progress(Step.PROVISIONING, 40_000, 100_000); // at the start: no rate yet, not drawn
    Thread.sleep(250); // past the redraw interval
    p.progress(Step.PROVISIONING, 50_000, 100_000);
    p.progress(Step.PROVISIONING, 60_000, 100_000); // within it: not drawn
    p.progress(Step.PROVISIONING, 100_000, 100_000); // the end is always drawn
    p.step(Step.PROVISIONING, "unpacking 7 packages");
    return s.toString();
  }

  @Test
  void redrawsOnATerminal() throws InterruptedException {
    String out = print(true);
    assertTrue(out.matches("\\[ *[0-9.]+s\\] downloading zlib1g 1:1.2.13.dfsg-1 \\(arm64, 0.1 MB\\)\n"
        + "\r {9}0.1 of 0.1 MB \\(50%\\), [0-9.]+ MB/s\u001B\\[K"
        + "\r {9}0.1 MB in 0.[2-9] s, 0.[0-9] MB/s\u001B\\[K\n"
        + "\\[ *[0-9.]+s\\] unpacking 7 packages\n"), out);
  }

  @Test
  void printsOnlyStepsElsewhere() throws InterruptedException {
    String out = print(false);
    assertEquals(2, out.lines().count(), out);
    assertTrue(!out.contains("\r") && !out.contains("MB/s"), out);
  }
}
