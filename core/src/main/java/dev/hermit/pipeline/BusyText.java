package dev.hermit.pipeline;

import java.io.IOException;
import java.util.List;

/**
 * The kernel refuses to execute a file that any process still holds open for writing ({@code ETXTBSY}, "Text file
 * busy"). A JVM that writes an executable and then runs it meets that refusal when another of its threads starts a
 * process meanwhile: the JDK opens files without close-on-exec, so the new process inherits the writer's descriptor
 * for the moment until it closes its inherited descriptors (jspawnhelper does so after its own start). The writer
 * closed its file long before; the refusal lasts milliseconds. So a start refused that way is tried again, briefly,
 * as Go's toolchain does for the same race (its issue 22315). Anything else fails at once.
 */
public final class BusyText {
  private BusyText() {}

  /** Ten tries, 10, 20, ... 90 ms apart: under half a second in all, far beyond the refusal's milliseconds. */
  static final int TRIES = 10;

  /** What Java's ProcessBuilder says when execve itself failed with ETXTBSY. */
  public static boolean refused(IOException e) {
    String m = e.getMessage();
    return m != null && m.contains("error=26,");
  }

  /**
   * What a program that execs the file for us (unshare --root, env, sh) reports: exit status 126 ("found but cannot
   * execute") and the errno's text on stderr.
   */
  public static boolean refused(int exitCode, List<String> stderr) {
    return exitCode == 126 && stderr.stream().anyMatch(l -> l.contains("Text file busy"));
  }

  /** A start of a process, retried while the kernel refuses it for a busy executable. */
  public interface Start<T> {
    T start() throws IOException;
  }

  /**
   * Runs {@code start}; again while it throws {@link #refused(IOException)} or its result {@code busy} says so, at most
   * {@link #TRIES} times. The last try's exception or result is the answer.
   */
  public static <T> T retry(Start<T> start, java.util.function.Predicate<T> busy) throws IOException {
    for (int i = 1; ; i++) {
      T result;
      try {
        result = start.start();
      } catch (IOException e) {
        if (i >= TRIES || !refused(e)) {
          throw e;
        }
        pause(i);
        continue;
      }
      if (i >= TRIES || !busy.test(result)) {
        return result;
      }
      pause(i);
    }
  }

  private static void pause(int attempt) throws IOException {
    try {
      Thread.sleep(10L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting to start a process", e);
    }
  }
}
