package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.HermitException;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build whose thread is interrupted (an IDE's cancel, an executor shut down) says so, and leaves neither output nor
 * scratch tree: it said "cannot read the runtime image: null", from a file channel the interrupt closed.
 */
class InterruptedBuildTest {
  @TempDir Path dir;

  @Test
  void anInterruptedBuildSaysSoAndLeavesNothing() throws IOException {
    Path scratch = Files.createDirectories(dir.resolve("tmp"));
    Path out = dir.resolve("out/hello");
    BuildRequest request = BuildRequest.builder()
        .input(Path.of("..").toAbsolutePath().normalize().resolve("examples/hello"))
        .output(out)
        .target(Target.host().orElseThrow())
        .jdk(Path.of(System.getProperty("java.home")))
        .caches(new Caches(dir.resolve("sdk"), null)) // linked afresh: the interrupt finds jlink at work
        .tempDirectory(scratch)
        .build();
    try {
      HermitException e = assertThrows(HermitException.class, () -> Pipeline.run(request, event -> {
        if (event instanceof BuildEvent.StepStarted s && s.step() == BuildEvent.Step.LINKING_RUNTIME) {
          Thread.currentThread().interrupt();
        }
      }));
      assertEquals("the build was interrupted", e.getMessage());
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
    } finally {
      Thread.interrupted();
    }
    assertFalse(Files.exists(out));
    try (Stream<Path> s = Files.list(scratch)) {
      assertEquals(List.of(), s.toList(), "no scratch tree left");
    }
  }
}
