package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spring Boot web application (testdata/apps/springboot, packaged by Spring Boot's Maven plugin into a fat
 * jar with 30 nested jars). jdeps over such a jar sees only Boot's launcher; hermit must read the nested jars. The
 * output starts Tomcat on loopback in an empty root and answers its own request.
 */
class SpringBootIT {
  @TempDir Path dir;

  @Test
  void aSpringBootFatJarRunsInAnEmptyRoot() throws IOException {
    Path project = dir.resolve("project");
    Path fixture = Hermit.REPO.resolve("testdata/apps/springboot");
    try (Stream<Path> s = Files.walk(fixture)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Path to = project.resolve(fixture.relativize(p).toString());
        Files.createDirectories(to.getParent());
        Files.copy(p, to);
      }
    }
    Proc mvn = Hermit.mvn(project, "-DskipTests", "package");
    assertEquals(0, mvn.code(), "packaging the Spring Boot app: " + mvn);

    Path exe = dir.resolve("demo");
    Proc build = Hermit.run("build", project.resolve("target/springboot-app-1.jar").toString(), "-o", exe.toString(),
        "-v");
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().contains("springboot-app-1.jar nests 30 library jars"), build.err());
    assertTrue(build.err().matches("(?s).*modules: [a-z.,]*java\\.desktop[a-z.,]*java\\.sql.*"),
        "java.beans and JDBC types come from the nested jars: " + build.err());

    assumeTrue(Proc.isRoot(),
        "SKIPPED LOUDLY: the empty-root run needs root");
    Path root = Files.createDirectories(dir.resolve("root/dev"));
    Files.copy(exe, root.resolveSibling("app"));
    Proc run = Proc.run(List.of("unshare", "-m", "sh", "-c",
        "mount --rbind /dev \"$1/dev\" && exec env -i HERMIT_CDS=off /usr/sbin/chroot \"$1\" /app", "sh", root.getParent().toString()),
        Proc.HOST, null, null);
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("answer: hello from spring boot"), run.toString());
  }
}
