package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hermit inspect on a real hermit build of the example: static launcher, verified payload, build information. */
class InspectBuiltIT {
  @TempDir Path dir;

  @Test
  void theExampleShowsItsLauncherAndBuildInformation() {
    Path hello = Hermit.build(dir.resolve("hello"), Hermit.REPO.resolve("examples/hello").toString());
    InspectCommandTest.Result r = InspectCommandTest.run("--require", "static", hello.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains(", static\n"), r.out());
    assertTrue(r.out().contains("\thermit executable: launcher "), r.out());
    assertTrue(r.out().contains(" bytes, static; payload "), r.out());
    assertTrue(r.out().contains("(verified)"), r.out());
    assertTrue(r.out().matches("(?s).*\ttarget +linux/[a-z0-9]+\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\tapp +\\S+\\.jar +[0-9]+ bytes +sha256:[0-9a-f]{64}.*"), r.out());

    InspectCommandTest.Result json = InspectCommandTest.run("--json", hello.toString());
    assertEquals(0, json.code(), json.err());
    JsonCheck.validate(json.out());
    assertTrue(json.out().contains("\"sha256_verified\": true"), json.out());
    assertTrue(json.out().contains("\"runtime\": {"), json.out());
  }
}
