package dev.hermit.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release facts read from a real java.base.jmod agree with the release file its JDK ships. */
class JmodReleaseTest {
  @TempDir Path dir;
  final Jdk running = Jdk.running();

  @Test
  void theRunningJdksJmodGivesWhatItsReleaseFileSays() throws IOException {
    assumeTrue(running.hasJmods(), "SKIPPED LOUDLY: the running JDK has no jmods");
    Path home = Files.createDirectories(dir.resolve("jdk"));
    Files.writeString(home.resolve("release"), JmodRelease.of(running.jmods().resolve("java.base.jmod")));
    Jdk read = Jdk.at(home);
    assertEquals(running.version(), read.version());
    assertEquals(running.runtimeVersion(), read.runtimeVersion());
    assertEquals(running.vendor(), read.vendor());
    assertEquals(running.describeTarget(), read.describeTarget());
    assertEquals(running.target(), read.target());
    assertTrue(Files.readString(home.resolve("release")).startsWith("# written by hermit from java.base.jmod"));
  }

  @Test
  void aJmodWithoutVersionPropsOrWithADamagedClassIsAnIoErrorNotACrash() throws IOException {
    assumeTrue(running.hasJmods(), "SKIPPED LOUDLY: the running JDK has no jmods");
    Path empty = dir.resolve("empty.jmod");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(empty))) {
      z.putNextEntry(new ZipEntry("classes/module-info.class"));
      z.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
    }
    assertTrue(assertThrows(IOException.class, () -> JmodRelease.of(empty)).getMessage().contains("VersionProps"));

    // the real classes, cut short: the reader runs off their end and says so
    Path cut = dir.resolve("cut.jmod");
    try (ZipFile real = new ZipFile(running.jmods().resolve("java.base.jmod").toFile());
        ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(cut))) {
      for (String name : new String[] {"classes/java/lang/VersionProps.class", "classes/module-info.class"}) {
        byte[] bytes = real.getInputStream(real.getEntry(name)).readAllBytes();
        z.putNextEntry(new ZipEntry(name));
        OutputStream out = z;
        out.write(bytes, 0, bytes.length / 2);
      }
    }
    assertTrue(assertThrows(IOException.class, () -> JmodRelease.of(cut)).getMessage().contains("damaged"));
  }
}
