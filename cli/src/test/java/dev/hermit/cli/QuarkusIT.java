package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.payload.BuildInfo;
import dev.hermit.payload.PayloadReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Quarkus REST app (testdata/apps/quarkus, Quarkus 3.33.2) in Quarkus' default fast-jar layout, built as a
 * user points at it: {@code hermit build target/quarkus-app}. Its runner jar names only the boot jars; the rest
 * (lib/main, app, quarkus/*.jar) is loaded through quarkus/quarkus-application.dat, so the output must carry the
 * whole directory. It serves GET /hello on the host and in an empty root.
 */
class QuarkusIT {
  @TempDir Path dir;

  @Test
  void aFastJarAppServesOnTheHostAndInAnEmptyRoot() throws Exception {
    Path project = dir.resolve("project");
    Path fixture = Hermit.REPO.resolve("testdata/apps/quarkus");
    try (Stream<Path> s = Files.walk(fixture)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Path to = project.resolve(fixture.relativize(p).toString());
        Files.createDirectories(to.getParent());
        Files.copy(p, to);
      }
    }
    Proc mvn = Proc.run(List.of("mvn", "-q", "-B", "-DskipTests", "package"), System.getenv(), null, project);
    assertEquals(0, mvn.code(), "packaging the Quarkus app: " + mvn);

    Path exe = dir.resolve("greeting");
    Proc build = Hermit.run("build", project.resolve("target/quarkus-app").toString(), "-o", exe.toString());
    assertEquals(0, build.code(), build.toString());
    BuildInfo info;
    try (PayloadReader r = PayloadReader.open(exe)) {
      info = BuildInfo.parse(r.manifest().info());
    }
    List<String> packed = info.app().stream().map(BuildInfo.AppFile::path).toList();
    assertTrue(packed.contains("app/quarkus-run.jar") && packed.contains("app/quarkus/quarkus-application.dat")
        && packed.contains("app/app/greeting-1.jar") && packed.stream().anyMatch(p -> p.startsWith("app/lib/main/")),
        "the fast-jar directory with its layout: " + packed);

    int port = freePort();
    Map<String, String> env = Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString(), "HERMIT_CDS", "off",
        "QUARKUS_HTTP_PORT", Integer.toString(port));
    assertEquals("hello from quarkus", serve(List.of(exe.toString()), env, port));

    assumeTrue(Proc.isRoot(), "SKIPPED LOUDLY: the empty-root run needs root");
    Path root = dir.resolve("root");
    for (String d : List.of("proc", "dev", "tmp")) {
      Files.createDirectories(root.resolve(d));
    }
    Files.copy(exe, root.resolve("app"));
    port = freePort();
    String script = "set -e; r=\"$1\"; mount -t proc proc \"$r/proc\"; mount --rbind /dev \"$r/dev\";"
        + " mount -t tmpfs -o mode=1777 tmpfs \"$r/tmp\";"
        + " exec env -i HERMIT_CDS=off QUARKUS_HTTP_PORT=" + port + " /usr/sbin/chroot \"$r\" /app";
    assertEquals("hello from quarkus", serve(List.of("unshare", "-m", "sh", "-c", script, "sh", root.toString()),
        Map.of(), port));
  }

  /** Starts the server, asks GET /hello until it answers (60 s at most), stops it; the answer's body. */
  static String serve(List<String> command, Map<String, String> env, int port) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
    pb.environment().putAll(Proc.HOST);
    pb.environment().putAll(env);
    Path log = Files.createTempFile("quarkus", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
          .timeout(Duration.ofSeconds(5)).build();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline && p.isAlive()) {
        try {
          HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            return r.body();
          }
        } catch (IOException e) {
          Thread.sleep(250); // not listening yet
        }
      }
      throw new AssertionError("no answer on port " + port + (p.isAlive() ? " within 60 s" : "; it exited "
          + p.waitFor()) + ":\n" + Files.readString(log));
    } finally {
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      Files.deleteIfExists(log);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
