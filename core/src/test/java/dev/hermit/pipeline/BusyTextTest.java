package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's real refusal of an executable held open for writing, and the retry around it. */
class BusyTextTest {
  @TempDir Path dir;

  Path script() throws IOException {
    Path exe = dir.resolve("busy.sh");
    Files.writeString(exe, "#!/bin/sh\necho ran\n");
    Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwx------"));
    return exe;
  }

  @Test
  void aFileOpenForWritingIsRefusedAndRecognised() throws IOException {
    Path exe = script();
    try (FileChannel writer = FileChannel.open(exe, StandardOpenOption.WRITE)) {
      IOException e = assertThrows(IOException.class, () -> new ProcessBuilder(exe.toString()).start());
      assertTrue(BusyText.refused(e), e.getMessage());
    }
    IOException missing = assertThrows(IOException.class,
        () -> new ProcessBuilder(dir.resolve("absent").toString()).start());
    assertFalse(BusyText.refused(missing), missing.getMessage());
  }

  @Test
  void aProgramThatExecsTheFileReportsTheRefusalOnStderr() throws Exception {
    Path exe = script();
    try (FileChannel writer = FileChannel.open(exe, StandardOpenOption.WRITE)) {
      Process p = new ProcessBuilder("env", exe.toString()).start();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = p.waitFor();
      assertTrue(BusyText.refused(code, err.lines().toList()), code + ": " + err);
    }
    assertFalse(BusyText.refused(126, List.of("env: 'x': Permission denied")));
    assertFalse(BusyText.refused(1, List.of("Text file busy")));
  }

  @Test
  void aStartIsRetriedUntilTheWriterHasClosed() throws Exception {
    Path exe = script();
    FileChannel writer = FileChannel.open(exe, StandardOpenOption.WRITE);
    AtomicInteger tries = new AtomicInteger();
    // the writer closes once the first start was refused (not after a time, which a loaded machine may exceed
    // before the first start), or after 10 s when none is: then the assertion below says so
    java.util.concurrent.CountDownLatch refused = new java.util.concurrent.CountDownLatch(1);
    Thread closer = new Thread(() -> {
      try {
        refused.await(10, java.util.concurrent.TimeUnit.SECONDS);
        writer.close();
      } catch (IOException | InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    closer.start();
    Process p = BusyText.retry(() -> {
      tries.incrementAndGet();
      try {
        return new ProcessBuilder(exe.toString()).start();
      } catch (IOException e) {
        refused.countDown();
        throw e;
      }
    }, x -> false);
    closer.join();
    assertEquals("ran\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertEquals(0, p.waitFor());
    assertTrue(tries.get() > 1, "the first start, while the file was open for writing, should have been refused");
  }

  @Test
  void otherFailuresAndResultsAreNotRetried() throws IOException {
    AtomicInteger tries = new AtomicInteger();
    assertThrows(IOException.class, () -> BusyText.retry(() -> {
      tries.incrementAndGet();
      throw new IOException("Cannot run program \"x\": error=2, No such file or directory");
    }, x -> false));
    assertEquals(1, tries.get());
    tries.set(0);
    assertEquals(7, BusyText.retry(() -> tries.incrementAndGet() < 3 ? 126 : 7, code -> code == 126));
    assertEquals(3, tries.get());
    tries.set(0);
    assertEquals(126, BusyText.retry(() -> {
      tries.incrementAndGet();
      return 126;
    }, code -> code == 126), "a refusal that outlasts the tries is the answer");
    assertEquals(BusyText.TRIES, tries.get());
  }
}
