package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Several targets built at once print as if built one after the other; a failure stops what has not started. */
class TargetBuildsTest {
  final StringWriter text = new StringWriter();
  final PrintWriter err = new PrintWriter(text, true);

  /** What err shows now (the lanes write to it under their own lock; the writer itself is not thread-safe). */
  String shown() {
    synchronized (text) {
      return text.toString();
    }
  }

  @Test
  void aLaterTargetThatEndsFirstIsPrintedAfterTheEarlierWhoseLinesShowAsTheyCome() throws Exception {
    CountDownLatch secondEnded = new CountDownLatch(1);
    CountDownLatch firstWrote = new CountDownLatch(1);
    List<String> results = TargetBuilds.run(List.of("amd64", "arm64"), 2, (t, lane) -> {
      PrintWriter out = new PrintWriter(lane.writer(err), true);
      if (t.equals("amd64")) {
        out.println("amd64 starts");
        firstWrote.countDown();
        await(secondEnded); // the other target ends while this one still runs
        out.println("amd64 ends");
      } else {
        await(firstWrote);
        out.println("arm64 starts");
        out.println("arm64 ends");
        assertTrue(shown().contains("amd64 starts"), "the first target's lines show while it runs: " + shown());
        assertFalse(shown().contains("arm64"), "a later target's lines wait for the earlier's end: " + shown());
        secondEnded.countDown();
      }
      return t + " built";
    });
    assertEquals(List.of("amd64 built", "arm64 built"), results);
    assertEquals("amd64 starts\namd64 ends\narm64 starts\narm64 ends\n", shown());
  }

  @Test
  void theFirstFailureInTargetOrderIsThrownAndTargetsNotStartedAreNot() {
    Set<String> started = ConcurrentHashMap.newKeySet();
    IllegalStateException e = assertThrows(IllegalStateException.class, () ->
        TargetBuilds.run(List.of("a", "b", "c"), 1, (t, lane) -> {
          started.add(t);
          new PrintWriter(lane.writer(err), true).println("building " + t);
          if (t.equals("b")) {
            throw new IllegalStateException("b cannot be built");
          }
          return t;
        }));
    assertEquals("b cannot be built", e.getMessage());
    assertEquals(Set.of("a", "b"), started, "c is not started once b failed");
    assertEquals("building a\nbuilding b\n", shown());
  }

  @Test
  void whenTwoFailTheEarlierTargetsFailureIsTheOneThrownAndTheLaterSaysNothing() {
    CountDownLatch laterFailed = new CountDownLatch(1);
    CountDownLatch earlierStarted = new CountDownLatch(1); // else a loaded machine may start b first, and a never
    IllegalStateException e = assertThrows(IllegalStateException.class, () ->
        TargetBuilds.run(List.of("a", "b"), 2, (t, lane) -> {
          new PrintWriter(lane.writer(err), true).println("building " + t);
          if (t.equals("b")) {
            await(earlierStarted);
            laterFailed.countDown();
            throw new IllegalStateException("b failed first");
          }
          earlierStarted.countDown();
          await(laterFailed);
          throw new IllegalStateException("a failed later");
        }));
    assertEquals("a failed later", e.getMessage());
    assertEquals("building a\n", shown());
  }

  @Test
  void aLaterTargetBuiltBeforeAnEarlierFailedStillSaysSo() {
    CountDownLatch laterBuilt = new CountDownLatch(1);
    assertThrows(IllegalStateException.class, () ->
        TargetBuilds.run(List.of("a", "b"), 2, (t, lane) -> {
          new PrintWriter(lane.writer(err), true).println("building " + t);
          if (t.equals("b")) {
            new PrintWriter(lane.writer(err), true).println("wrote b");
            laterBuilt.countDown();
            return t;
          }
          await(laterBuilt);
          throw new IllegalStateException("a failed");
        }));
    assertEquals("building a\nbuilding b\nwrote b\n", shown(), "b's output was written, so its lines say so");
  }

  static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(30, TimeUnit.SECONDS), "the other target's build never got there");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
