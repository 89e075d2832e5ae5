package dev.hermit.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When hermit:build may leave its outputs as they are: the same inputs, and each output as it wrote it. */
class UpToDateTest {
  @TempDir Path dir;

  @Test
  void theSameInputsAndUntouchedOutputsAreUpToDateAndAnythingElseIsNot() throws IOException {
    Path jar = Files.writeString(dir.resolve("app.jar"), "jar v1");
    Path out = Files.createDirectories(dir.resolve("hermit"));
    Path exe = Files.writeString(out.resolve("app-linux-amd64"), "executable");
    Path image = Files.createDirectories(dir.resolve("image"));
    Files.writeString(image.resolve("index.json"), "{}");
    String inputs = "jvmOptions=[-Xmx64m]\n" + UpToDate.describe(jar) + "\n";

    assertEquals(Optional.empty(), new UpToDate(out, inputs).outputs(), "nothing recorded yet");
    new UpToDate(out, inputs).record(List.of(exe, image));
    assertEquals(Optional.of(List.of(exe, image)), new UpToDate(out, inputs).outputs());

    // another setting, or an input file rewritten: build
    assertFalse(new UpToDate(out, "jvmOptions=[-Xmx32m]\n" + UpToDate.describe(jar) + "\n").outputs().isPresent());
    Files.writeString(jar, "jar v2");
    assertFalse(new UpToDate(out, "jvmOptions=[-Xmx64m]\n" + UpToDate.describe(jar) + "\n").outputs().isPresent());

    // an output changed since, or a file added to the image's directory: build
    Files.setLastModifiedTime(exe, FileTime.fromMillis(Files.getLastModifiedTime(exe).toMillis() - 5000));
    assertFalse(new UpToDate(out, inputs).outputs().isPresent());
    new UpToDate(out, inputs).record(List.of(exe, image));
    assertTrue(new UpToDate(out, inputs).outputs().isPresent());
    Files.writeString(image.resolve("extra"), "x");
    assertFalse(new UpToDate(out, inputs).outputs().isPresent());

    // forgotten before a build, so that a failed one vouches for nothing
    new UpToDate(out, inputs).record(List.of(exe));
    new UpToDate(out, inputs).forget();
    assertFalse(Files.exists(out.resolve(UpToDate.FILE)));
    assertFalse(new UpToDate(out, inputs).outputs().isPresent());
    Files.delete(exe);
    assertEquals(exe.toAbsolutePath() + "\tmissing", UpToDate.describe(exe));
  }
}
