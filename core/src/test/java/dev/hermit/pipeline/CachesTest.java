package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.jdk.Jdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The request carries what the core once read from the environment: the caches and the host JDK. */
class CachesTest {
  static final Path HOME = Path.of("/home/u");

  @Test
  void theFrontEndsChoiceFollowsTheVariablesInOrder() {
    assertEquals(new Caches(Path.of("/home/u/.cache/hermit/sdk"), Path.of("/home/u/.cache/hermit/jlink")),
        Caches.fromEnvironment(Map.of(), HOME));
    assertEquals(Caches.inHome(HOME), Caches.fromEnvironment(Map.of("XDG_CACHE_HOME", " "), HOME));
    assertEquals(new Caches(Path.of("/x/hermit/sdk"), Path.of("/x/hermit/jlink")),
        Caches.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x"), HOME));
    assertEquals(new Caches(Path.of("/s"), Path.of("/j")), Caches.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x",
        "HERMIT_SDK_DIR", "/s", "HERMIT_JLINK_CACHE", "/j"), HOME));
    assertNull(Caches.fromEnvironment(Map.of("HERMIT_JLINK_CACHE", "off"), HOME).jlink(), "off: link every time");
  }

  @Test
  void aRequestDefaultsToTheUsersHomeAndKeepsWhatItIsGiven() {
    BuildRequest plain = BuildRequest.builder().input(Path.of("app.jar")).build();
    assertEquals(Caches.inHome(Path.of(System.getProperty("user.home"))), plain.caches());
    assertNull(plain.hostJdk());
    Caches mine = new Caches(Path.of("/s"), null);
    assertEquals(mine, BuildRequest.builder().input(Path.of("app.jar")).caches(mine).build().caches());
  }

  /** The host JDK serves its own version only; the running JDK still serves its own. */
  @Test
  void theHostJdkIsUsedForItsVersionOnly() throws IOException {
    Jdk running = Jdk.running();
    Path other = otherVersion(running.featureVersion());
    BuildRequest none = BuildRequest.builder().input(Path.of("app.jar")).build();
    assertEquals(running.home(), Provisioning.localJdk(none, running.featureVersion()).home());
    if (other == null) {
      return; // no second JDK on this machine: the rest needs one (the project's machines have Temurin 25)
    }
    int version = Jdk.at(other).featureVersion();
    assertNull(Provisioning.localJdk(none, version), "without a host JDK, only the running one serves");
    BuildRequest with = BuildRequest.builder().input(Path.of("app.jar")).hostJdk(other).build();
    assertEquals(other, Provisioning.localJdk(with, version).home());
    assertEquals(running.home(), Provisioning.localJdk(with, running.featureVersion()).home());
    BuildRequest notAJdk = BuildRequest.builder().input(Path.of("app.jar")).hostJdk(Path.of("/nonexistent")).build();
    assertEquals(running.home(), Provisioning.localJdk(notAJdk, running.featureVersion()).home());
  }

  /** No environment variable decides a build: only the two tuning ones are read, where they act. */
  @Test
  void coreReadsNoEnvironmentBeyondItsTwoTuningVariables() throws IOException {
    Path main = Path.of("src/main/java");
    assertTrue(Files.isDirectory(main), "run from the core module: " + main.toAbsolutePath());
    List<String> readers;
    try (Stream<Path> files = Files.walk(main)) {
      readers = files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
        try {
          return Files.readString(f).contains("getenv(");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).map(f -> main.relativize(f).toString()).sorted().toList();
    }
    assertEquals(List.of("dev/hermit/provision/Fetcher.java", "dev/hermit/provision/XzProgram.java"), readers);
  }

  static Path otherVersion(int running) throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/usr/lib/jvm"))) {
      for (Path home : s.sorted().toList()) {
        if (Files.isRegularFile(home.resolve("release")) && !Files.isSymbolicLink(home)) {
          try {
            if (Jdk.at(home).featureVersion() != running) {
              return home;
            }
          } catch (RuntimeException e) {
            // not a JDK hermit reads
          }
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
    return null;
  }
}
