package dev.hermit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real JNI jars of testdata/apps/natives, fetched from Maven Central by Maven once per test run. */
public final class NativeJars {
  private NativeJars() {}

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final Path DIR = Path.of("target/native-jars").toAbsolutePath();
  public static final Path ZSTD = DIR.resolve("zstd-jni-1.5.5-11.jar");
  static final Path SQLITE = DIR.resolve("sqlite-jdbc-3.46.1.3.jar");

  public static synchronized void fetch() throws IOException, InterruptedException {
    if (Files.exists(ZSTD) && Files.exists(SQLITE)) {
      return;
    }
    Process p = new ProcessBuilder("mvn", "-q", "-B", "-f", REPO.resolve("testdata/apps/natives/pom.xml").toString(),
        "dependency:copy-dependencies", "-DoutputDirectory=" + DIR).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), "fetching the JNI jars: " + out);
  }

  /** Runs a command and returns its standard output; fails the test when it fails. */
  static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    return out;
  }
}
