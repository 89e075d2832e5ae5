package dev.hermit.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.json.JsonReader;
import dev.hermit.payload.BuildInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Real Maven runs: this plugin (with core and the launcher, as this reactor build packaged them) in a local
 * repository of the test's own, then {@code mvn install} of {@code testdata/maven/greeter}, a jar project with a dependency from Maven
 * Central, whose executable must run and whose classifier artifact must be installed. The test's repository reads
 * released artifacts from the user's local repository (as a file repository) and Maven Central, never snapshots:
 * the hermit under test is the one just installed, not one another checkout installed.
 *
 * <p>Two tests run at a time (maven-plugin/pom.xml gives JUnit two threads): each Maven run is one JVM on one core
 * for the most part, and this class runs after every other, alone on CI's machine. The tests that run Maven in
 * the shared greeter project hold its lock; the others work in copies of their own. Quarkus's, the longest by far,
 * starts first.
 */
@Execution(ExecutionMode.CONCURRENT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BuildMojoIT {
  static final String GREETER = "the greeter project";
  static final String LOCALE_HINT = "hermit: jdk.localedata carries every locale's formats (about 4.4 MB packed); "
      + "<locales>de,fr</locales> keeps only those named";
  static final Path REPO = Path.of(System.getProperty("hermit.repo", "..")).toAbsolutePath().normalize();
  static final String VERSION = System.getProperty("hermit.version");
  static Path localRepo;
  static Path settings;
  @TempDir static Path dir;
  static Path greeter;
  static Mvn built;

  record Mvn(int code, String out) {}

  /**
   * Lays out the jars this reactor build just packaged (launcher, core, plugin) and their poms in the test's local
   * repository, as {@code mvn install} would: a second Maven build of the same sources would cost CI half a minute.
   * False when a jar is missing (this module built alone): then the caller installs with Maven.
   */
  static boolean installFromReactor() throws IOException {
    Map<String, String> modules = Map.of("launcher", "hermit-launcher", "core", "hermit-core", "maven-plugin",
        "hermit-maven-plugin");
    for (Map.Entry<String, String> m : modules.entrySet()) {
      if (!Files.isRegularFile(REPO.resolve(m.getKey() + "/target/" + m.getValue() + "-" + VERSION + ".jar"))) {
        return false;
      }
    }
    install(REPO.resolve("pom.xml"), "hermit-parent", ".pom");
    for (Map.Entry<String, String> m : modules.entrySet()) {
      install(REPO.resolve(m.getKey() + "/pom.xml"), m.getValue(), ".pom");
      install(REPO.resolve(m.getKey() + "/target/" + m.getValue() + "-" + VERSION + ".jar"), m.getValue(), ".jar");
    }
    return true;
  }

  private static void install(Path file, String artifactId, String extension) throws IOException {
    Path to = localRepo.resolve("dev/hermit/" + artifactId + "/" + VERSION + "/" + artifactId + "-" + VERSION
        + extension);
    Files.createDirectories(to.getParent());
    Files.copy(file, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @BeforeAll
  static void installPluginThenBuildTheSample() throws Exception {
    localRepo = REPO.resolve("maven-plugin/target/it-repo");
    deleteTree(localRepo.resolve("dev"));
    Path userRepo = Path.of(System.getProperty("user.repo", System.getProperty("user.home") + "/.m2/repository"));
    settings = Files.writeString(dir.resolve("settings.xml"), """
        <settings>
          <profiles><profile><id>user-repo</id>
            <repositories><repository><id>user-repo</id><url>%1$s</url>
              <snapshots><enabled>false</enabled></snapshots></repository></repositories>
            <pluginRepositories><pluginRepository><id>user-repo</id><url>%1$s</url>
              <snapshots><enabled>false</enabled></snapshots></pluginRepository></pluginRepositories>
          </profile></profiles>
          <activeProfiles><activeProfile>user-repo</activeProfile></activeProfiles>
        </settings>
        """.formatted(userRepo.toUri()));
    if (!installFromReactor()) {
      Mvn install = mvn(REPO, "-q", "install", "-DskipTests", "-pl", "maven-plugin", "-am");
      assertEquals(0, install.code(), install.out());
    }
    assertTrue(Files.isRegularFile(localRepo.resolve("dev/hermit/hermit-maven-plugin/" + VERSION
        + "/hermit-maven-plugin-" + VERSION + ".jar")), "the plugin is installed in the test's repository");

    greeter = dir.resolve("greeter");
    copyTree(REPO.resolve("testdata/maven/greeter"), greeter);
    // a time zone with daylight-saving rules: the CLI pins UTC, a Maven JVM runs in the user's zone
    String[] args = {"install", "-Dhermit.image=" + greeter.resolve("target/image"), "-Dhermit.imageUser=10001:10001"};
    built = mvn(Map.of("TZ", "Europe/Berlin"), greeter, args);
    assertEquals(0, built.code(), built.out());
    // the same build again: nothing changed, so nothing is packed again, and the outputs stay as they were
    Path exe = greeter.resolve("target/hermit/greeter-linux-amd64");
    java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(exe);
    Mvn again = mvn(Map.of("TZ", "Europe/Berlin"), greeter, args);
    assertEquals(0, again.code(), again.out());
    assertTrue(again.out().contains("hermit: up to date: " + exe + ", " + greeter.resolve("target/image")
        + " (the same settings and input files; -Dhermit.force=true builds anyway)"), again.out());
    assertFalse(again.out().contains("hermit: wrote"), again.out());
    assertEquals(written, Files.getLastModifiedTime(exe));
  }

  @Test
  @ResourceLock(GREETER)
  void theExecutableRunsWithItsDependencyAndJvmOptions() throws Exception {
    Path exe = greeter.resolve("target/hermit/greeter-linux-amd64");
    assertTrue(built.out().contains("hermit: wrote " + exe + " (linux/amd64, "), built.out());
    Process p = new ProcessBuilder(exe.toString(), "maven").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertEquals("Hello, maven! (max heap <= 64 MB)", out.strip());
  }

  /** The plugin is an adapter: the CLI given the same main class, class path and options writes the same bytes. */
  @Test
  @ResourceLock(GREETER)
  void theCliWritesTheSameBytesForTheSameProject() throws Exception {
    Path cli = REPO.resolve("cli/target/hermit.jar");
    assumeTrue(Files.isRegularFile(cli), "SKIPPED LOUDLY: " + cli + " is not built (mvn package in cli)");
    Path out = dir.resolve("greeter-from-cli");
    String classPath = greeter.resolve("target/greeter-1.0.0.jar") + ":"
        + localRepo.resolve("org/apache/commons/commons-lang3/3.17.0/commons-lang3-3.17.0.jar");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        cli.toString(), "build", "--main", "dev.example.greeter.Greeter", "--class-path", classPath, "-J-Xmx64m",
        "-q", "-o", out.toString()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), log);
    assertArrayEquals(Files.readAllBytes(greeter.resolve("target/hermit/greeter-linux-amd64")),
        Files.readAllBytes(out), "hermit build and hermit:build differ");
  }

  @Test
  @ResourceLock(GREETER)
  void theExecutableIsAttachedWithItsPlatformAsClassifier() throws IOException {
    Path installed = localRepo.resolve("dev/example/greeter/1.0.0/greeter-1.0.0-linux-amd64.bin");
    assertArrayEquals(Files.readAllBytes(greeter.resolve("target/hermit/greeter-linux-amd64")),
        Files.readAllBytes(installed));
  }

  @Test
  @ResourceLock(GREETER)
  void theImageCarriesTheProjectsVersionSourceAndTimestamp() throws IOException {
    Path image = greeter.resolve("target/image");
    Map<?, ?> index = (Map<?, ?>) JsonReader.parse(Files.readString(image.resolve("index.json")));
    Map<?, ?> manifest = blob(image, (Map<?, ?>) ((List<?>) index.get("manifests")).get(0));
    Map<?, ?> config = blob(image, (Map<?, ?>) manifest.get("config"));
    assertEquals("2024-01-01T00:00:00Z", config.get("created"));
    Map<?, ?> labels = (Map<?, ?>) ((Map<?, ?>) config.get("config")).get("Labels");
    assertEquals("1.0.0", labels.get("org.opencontainers.image.version"), labels.toString());
    assertEquals("https://example.test/greeter", labels.get("org.opencontainers.image.source"), labels.toString());
    assertEquals(List.of("/app"), ((Map<?, ?>) config.get("config")).get("Entrypoint"));
    // the pom's <imageEnv> and <imagePorts>, the command line's hermit.imageUser
    assertEquals("10001:10001", ((Map<?, ?>) config.get("config")).get("User"));
    assertEquals(List.of("TZ=Europe/Paris", "APP_MODE=demo"), ((Map<?, ?>) config.get("config")).get("Env"),
        "in the pom's order");
    assertEquals(java.util.Set.of("8080/tcp"), ((Map<?, ?>) ((Map<?, ?>) config.get("config")).get("ExposedPorts"))
        .keySet());
  }

  @Test
  void skipBuildsNothing() throws IOException {
    Path other = dir.resolve("greeter-skip");
    copyTree(REPO.resolve("testdata/maven/greeter"), other);
    Mvn skipped = mvn(other, "package", "-Dhermit.skip=true");
    assertEquals(0, skipped.code(), skipped.out());
    assertTrue(skipped.out().contains("hermit: skipped (<skip>)"), skipped.out());
    assertTrue(Files.isRegularFile(other.resolve("target/greeter-1.0.0.jar")));
    assertFalse(Files.exists(other.resolve("target/hermit")));
  }

  /** app depends on lib, a module of the same reactor: mvn package at the root, no install of lib anywhere. */
  @Test
  void aMultiModuleProjectTakesItsSiblingModulesJar() throws Exception {
    Path multi = dir.resolve("multi");
    copyTree(REPO.resolve("testdata/maven/multi"), multi);
    Mvn run = mvn(multi, "package");
    assertEquals(0, run.code(), run.out());
    assertFalse(Files.exists(multi.resolve("lib/target/hermit")), "lib has no hermit:build execution");
    Path exe = multi.resolve("app/target/hermit/app-linux-amd64");
    Process p = new ProcessBuilder(exe.toString(), "maven").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertEquals("Hi, maven (from lib)", out.strip(), "<mainClass>, <jvmOptions> and the reactor's lib jar");
    BuildInfo info = BuildInfo.parse(infoText(exe));
    assertEquals(List.of("app/cp/app-1.0.0.jar", "app/cp/lib-1.0.0.jar"),
        info.app().stream().map(BuildInfo.AppFile::path).toList(), info.toJson());
  }

  /**
   * {@code <targets>} with this machine's platform and linux/arm64 on the multi-module project: one executable and
   * one classifier artifact per target; arm64's JDK and C library come from Debian's archive through the SDK
   * cache ($HERMIT_SDK_DIR: in the full suite, the one the cli module's tests fill; about 71 MB when fetched).
   * Not greeter: commons-lang3 pulls in java.desktop, whose X11 and font libraries the fetched C library lacks
   * (docs/PROVISIONING.md).
   */
  @Test
  void severalTargetsMakeOneExecutableEachIncludingACrossBuild() throws Exception {
    try {
      dev.hermit.provision.DebianMirror.choose(System.getenv("HERMIT_DEBIAN_MIRROR"), Path.of("/"));
    } catch (dev.hermit.HermitException e) {
      assumeTrue(false, "SKIPPED LOUDLY: no Debian mirror for the arm64 SDK: " + e.getMessage());
    }
    Path cross = dir.resolve("multi-cross");
    copyTree(REPO.resolve("testdata/maven/multi"), cross);
    Mvn run = mvn(cross, "install", "-Dhermit.targets=linux/amd64,linux/arm64");
    assertEquals(0, run.code(), run.out());
    Path arm64 = cross.resolve("app/target/hermit/app-linux-arm64");
    assertTrue(run.out().contains("hermit: wrote " + arm64 + " (linux/arm64, "), run.out());
    // the two targets are built at once, yet each one's log lines come together, amd64's first
    int amd64Wrote = run.out().indexOf("hermit: wrote " + cross.resolve("app/target/hermit/app-linux-amd64"));
    int arm64Links = run.out().indexOf("(Linux/aarch64) at ");
    assertTrue(amd64Wrote >= 0 && arm64Links > amd64Wrote, run.out());
    dev.hermit.inspect.InspectReport report = dev.hermit.inspect.Inspector.withSysroot(Path.of("/")).inspect(arm64);
    assertEquals("arm64", report.elf().orElseThrow().arch(), "the arm64 launcher");
    dev.hermit.inspect.HermitPayload payload = report.hermit().orElseThrow();
    assertTrue(payload.hashVerified());
    BuildInfo info = payload.info().orElseThrow();
    assertEquals("linux/arm64", info.target());
    assertTrue(info.debian().orElseThrow().packages().stream().anyMatch(d -> d.arch().equals("arm64")), info.toJson());
    // the project's <jvmOptions>, after the search path hermit sets with the C library bundled (NATIVES.md)
    assertEquals(List.of("-Djava.library.path=${HERMIT_ROOT}/rt/lib/sys", "-Dgreeting=Hi"), info.jvmOptions());
    for (String classifier : List.of("linux-amd64", "linux-arm64")) {
      Path installed = localRepo.resolve("dev/example/multi/app/1.0.0/app-1.0.0-" + classifier + ".bin");
      assertArrayEquals(Files.readAllBytes(cross.resolve("app/target/hermit/app-" + classifier)),
          Files.readAllBytes(installed), classifier);
    }
  }

  /**
   * Each setting a user can get wrong fails the build naming its element: ten modules of one reactor, each the
   * greeter with one wrong setting in its properties (or its plugin configuration), built offline with
   * --fail-at-end, so that one Maven run (2 CPU-seconds to start) reports all ten; an offline build fetches nothing.
   */
  @Test
  void eachWrongSettingNamesItsElement() throws IOException {
    Path root = dir.resolve("wrong-settings");
    Map<String, String[]> wrong = new java.util.LinkedHashMap<>(); // module -> properties, what the build says
    wrong.put("bad-target", new String[] {"<hermit.target>linux/sparc</hermit.target>",
        "hermit: <target>: unknown target 'linux/sparc'; known targets: linux/amd64"});
    wrong.put("bad-native", new String[] {"<hermit.native>some</hermit.native>",
        "hermit: <native>: unknown mode 'some' (auto, none, all)"});
    // the element as docs/MAVEN.md names it, in the plugin's configuration (it was ignored: the field is natives)
    wrong.put("bad-native-element", new String[] {"", "hermit: <native>: unknown mode 'some' (auto, none, all)",
        "<native>some</native>"});
    wrong.put("both-targets", new String[] {
        "<hermit.target>linux/amd64</hermit.target><hermit.targets>linux/arm64</hermit.targets>",
        "hermit: <target> and <targets>: set one of them"});
    wrong.put("bad-java", new String[] {"<hermit.java>11</hermit.java>",
        "hermit: <java>: Java 11 is not one of hermit's runtimes: Java 17, 21, 25"});
    wrong.put("bad-image-user", new String[] {"<hermit.image>target/img</hermit.image>"
        + "<hermit.imageUser>app</hermit.imageUser>", "hermit: <imageUser>: the image's user 'app' must be a uid or "
        + "uid:gid"});
    wrong.put("bad-cds", new String[] {"<hermit.cds>sometimes</hermit.cds>",
        "hermit: <cds>: unknown class-data sharing mode 'sometimes'"});
    wrong.put("bad-libc", new String[] {"<hermit.libc>musl</hermit.libc>",
        "hermit: <libc>: unknown mode 'musl' (bundled, system)"});
    wrong.put("bad-locale", new String[] {"<hermit.locales>de.UTF-8</hermit.locales>",
        "hermit: <locales>: 'de.UTF-8' is not a locale"});
    wrong.put("bad-cacerts", new String[] {"<hermit.cacerts>pom.xml</hermit.cacerts>",
        "hermit: <cacerts>: the trust store " + root.resolve("bad-cacerts/pom.xml") + " is not a PKCS12 or JKS key "
            + "store"});
    // Maven's -o (this run's): a target whose SDK the (empty) cache lacks is named, not downloaded
    Path noSdks = root.resolve("no-sdks");
    wrong.put("offline-cross", new String[] {"<hermit.target>linux/arm64</hermit.target>",
        "hermit: the build is offline, and the SDK cache " + noSdks + " lacks Debian bookworm's packages for Java 17 "
            + "on linux/arm64"});
    StringBuilder modules = new StringBuilder();
    for (Map.Entry<String, String[]> w : wrong.entrySet()) {
      Path module = root.resolve(w.getKey());
      copyTree(REPO.resolve("testdata/maven/greeter"), module);
      String pom = Files.readString(module.resolve("pom.xml"));
      String configuration = w.getValue().length > 2 ? w.getValue()[2] : "";
      Files.writeString(module.resolve("pom.xml"), pom
          .replaceFirst("<artifactId>greeter</artifactId>", "<artifactId>" + w.getKey() + "</artifactId>")
          .replaceFirst("</properties>", w.getValue()[0] + "</properties>")
          .replaceFirst("(<artifactId>hermit-maven-plugin</artifactId>(?s:.*?)<configuration>)", "$1" + configuration));
      modules.append("<module>").append(w.getKey()).append("</module>");
    }
    Files.writeString(root.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
          <groupId>dev.example</groupId><artifactId>wrong-settings</artifactId><version>1.0.0</version>
          <packaging>pom</packaging><modules>%s</modules></project>
        """.formatted(modules));
    Mvn run = mvn(Map.of("HERMIT_SDK_DIR", noSdks.toString()), root, "--offline", "--fail-at-end", "package",
        "-DskipTests");
    assertFalse(run.code() == 0, run.out());
    for (Map.Entry<String, String[]> w : wrong.entrySet()) {
      assertTrue(run.out().contains("on project " + w.getKey() + ": " + w.getValue()[1]), w.getKey() + "\n"
          + run.out());
      assertTrue(Files.isRegularFile(root.resolve(w.getKey() + "/target/" + w.getKey() + "-1.0.0.jar")),
          "the module was built up to hermit:build: " + w.getKey());
      assertFalse(Files.exists(root.resolve(w.getKey() + "/target/hermit")), "and no executable: " + w.getKey());
    }
  }

  /**
   * greeter with maven-shade-plugin replacing its jar by one holding commons-lang3's classes, declared before
   * hermit:build: the dependency is left off the class path (its classes would ship twice), and the output runs.
   */
  @Test
  void aShadedJarShipsItsDependencyOnce() throws Exception {
    Path shaded = dir.resolve("greeter-shaded");
    copyTree(REPO.resolve("testdata/maven/greeter"), shaded);
    String pom = Files.readString(shaded.resolve("pom.xml"));
    String hermit = "      <plugin>\n        <groupId>dev.hermit</groupId>";
    assertTrue(pom.contains(hermit), pom);
    Files.writeString(shaded.resolve("pom.xml"), pom.replace(hermit, """
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-shade-plugin</artifactId>
                <version>3.6.0</version>
                <executions>
                  <execution><phase>package</phase><goals><goal>shade</goal></goals></execution>
                </executions>
              </plugin>
        """ + hermit));
    Mvn run = mvn(shaded, "package");
    assertEquals(0, run.code(), run.out());
    assertTrue(run.out().contains("hermit: greeter-1.0.0.jar already holds the classes of commons-lang3-3.17.0.jar "
        + "(shaded): left off the class path"), run.out());
    Path exe = shaded.resolve("target/hermit/greeter-linux-amd64");
    Process p = new ProcessBuilder(exe.toString(), "shade").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertEquals("Hello, shade! (max heap <= 64 MB)", out.strip());
    BuildInfo info = BuildInfo.parse(infoText(exe));
    assertEquals(List.of("app/cp/greeter-1.0.0.jar"), info.app().stream().map(BuildInfo.AppFile::path).toList(),
        info.toJson());
  }

  /**
   * The cli module's Spring Boot app (testdata/apps/springboot) with hermit:build declared after Boot's repackage:
   * the fat jar (30 nested jars; jdeps over it would see only Boot's launcher) is built as it is, its nested jars
   * read for modules, and the output starts Tomcat on loopback and answers its own request, on the host and in a
   * root holding only the executable and /dev.
   */
  @Test
  @Order(2)
  void aSpringBootJarIsBuiltWithTheJarsItNests() throws Exception {
    Path boot = withHermitLast(REPO.resolve("testdata/apps/springboot"), dir.resolve("boot"));
    Mvn run = mvn(boot, "package", "-DskipTests");
    assertEquals(0, run.code(), run.out());
    assertTrue(run.out().contains("hermit: springboot-app-1.jar is a Spring Boot jar: built as it is, with the jars "
        + "it nests"), run.out());
    Path exe = boot.resolve("target/hermit/springboot-app-linux-amd64");
    BuildInfo info = BuildInfo.parse(infoText(exe));
    assertTrue(info.runtime().modules().containsAll(List.of("java.sql", "java.desktop")),
        "JDBC and java.beans types come from the nested jars: " + info.toJson());
    // a web app gets every locale's formats (Locale.forLanguageTag), and the build says how to trim them
    assertTrue(info.runtime().modules().contains("jdk.localedata") && run.out().contains(LOCALE_HINT), run.out());
    ProcessBuilder pb = new ProcessBuilder(exe.toString()).redirectErrorStream(true);
    pb.environment().put("HERMIT_CDS", "off");
    pb.environment().put("HERMIT_CACHE_DIR", dir.resolve("boot-cache").toString());
    pb.environment().put("JAVA_TOOL_OPTIONS", SHORT_JVM);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("answer: hello from spring boot"), out);

    assumeTrue(isRoot(), "SKIPPED LOUDLY: the empty-root run needs root");
    Path root = Files.createDirectories(dir.resolve("boot-root/dev")).getParent();
    Files.createLink(root.resolve("app"), exe); // a link, not a copy: see the Quarkus test
    p = new ProcessBuilder("unshare", "-m", "sh", "-c", "mount --rbind /dev \"$1/dev\" && exec env -i HERMIT_CDS=off"
        + " 'JAVA_TOOL_OPTIONS=" + SHORT_JVM + "' /usr/sbin/chroot \"$1\" /app", "sh", root.toString())
        .redirectErrorStream(true).start();
    out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("answer: hello from spring boot"), out);
  }

  /**
   * JVM options for the Maven runs (see {@link #mvn}) and the outputs these tests run (Spring Boot, Quarkus): C1 only
   * and the serial collector (a Spring Boot start: 4.1 against 8.1 CPU-seconds with the JVM's defaults). What is checked (the
   * runtime has the app's modules, classes and libraries) does not depend on the JIT; the JVM names the variable on
   * stderr, which the checks here ignore.
   */
  static final String SHORT_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  /**
   * A real Quarkus REST app (testdata/apps/quarkus, Quarkus 3.33.2) with hermit:build after quarkus:build. Its
   * project jar is thin; the app is target/quarkus-app, whose runner jar names only the boot jars and loads the
   * rest (lib/main, app, quarkus/*.jar) through quarkus/quarkus-application.dat, so the output must carry the whole
   * directory. The plugin builds it; {@code hermit build target/quarkus-app} (the CLI, as a user points at it)
   * writes the same bytes; the output serves GET /hello on the host and in an empty root.
   */
  @Test
  @Order(1)
  void aQuarkusProjectIsBuiltFromItsFastJarDirectory() throws Exception {
    Path quarkus = withHermitLast(REPO.resolve("testdata/apps/quarkus"), dir.resolve("quarkus"));
    Mvn run = mvn(quarkus, "package", "-DskipTests");
    assertEquals(0, run.code(), run.out());
    Path app = quarkus.resolve("target/quarkus-app");
    assertTrue(run.out().contains("hermit: a Quarkus project: building " + app), run.out());
    Path exe = quarkus.resolve("target/hermit/greeting-linux-amd64");
    List<String> packed = BuildInfo.parse(infoText(exe)).app().stream().map(BuildInfo.AppFile::path).toList();
    assertTrue(packed.contains("app/quarkus-run.jar") && packed.contains("app/quarkus/quarkus-application.dat")
        && packed.contains("app/app/greeting-1.jar") && packed.stream().anyMatch(f -> f.startsWith("app/lib/main/")),
        "the fast-jar directory with its layout: " + packed);

    Path cli = REPO.resolve("cli/target/hermit.jar");
    if (Files.isRegularFile(cli)) {
      Path fromCli = dir.resolve("greeting-from-cli");
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
          cli.toString(), "build", app.toString(), "-q", "-o", fromCli.toString()).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), log);
      assertArrayEquals(Files.readAllBytes(exe), Files.readAllBytes(fromCli), "hermit build and hermit:build differ");
    }

    assertEquals("hello from quarkus", serve(List.of(exe.toString()), Map.of("HERMIT_CDS", "off",
        "HERMIT_CACHE_DIR", dir.resolve("quarkus-cache").toString(), "JAVA_TOOL_OPTIONS", SHORT_JVM), "/hello"));
    assumeTrue(isRoot(), "SKIPPED LOUDLY: the empty-root run needs root");
    Path root = dir.resolve("quarkus-root");
    for (String d : List.of("proc", "dev", "tmp")) {
      Files.createDirectories(root.resolve(d));
    }
    // a link, not a copy: the other test thread's processes could inherit a descriptor open for writing, and the
    // kernel refuses to run a file held so ("Text file busy"; dev.hermit.pipeline.BusyText)
    Files.createLink(root.resolve("app"), exe);
    String script = "set -e; r=\"$1\"; mount -t proc proc \"$r/proc\"; mount --rbind /dev \"$r/dev\";"
        + " mount -t tmpfs -o mode=1777 tmpfs \"$r/tmp\";"
        + " exec env -i HERMIT_CDS=off QUARKUS_HTTP_PORT=\"$QUARKUS_HTTP_PORT\" 'JAVA_TOOL_OPTIONS=" + SHORT_JVM + "'"
        + " /usr/sbin/chroot \"$r\" /app";
    assertEquals("hello from quarkus", serve(List.of("unshare", "-m", "sh", "-c", script, "sh", root.toString()),
        Map.of(), "/hello"));
  }

  /**
   * A copy of a cli module's sample project with hermit:build declared after its own plugins, so that it runs after
   * whatever they make of the jar in the package phase (plugins of one phase run in the order of the POM).
   */
  static Path withHermitLast(Path fixture, Path to) throws IOException {
    copyTree(fixture, to);
    String pom = Files.readString(to.resolve("pom.xml"));
    String plugins = "    </plugins>";
    assertTrue(pom.contains(plugins), pom);
    Files.writeString(to.resolve("pom.xml"), pom.replace(plugins, """
              <plugin>
                <groupId>dev.hermit</groupId>
                <artifactId>hermit-maven-plugin</artifactId>
                <version>%s</version>
                <executions><execution><goals><goal>build</goal></goals></execution></executions>
              </plugin>
        """.formatted(VERSION) + plugins));
    return to;
  }

  /**
   * Starts a server with QUARKUS_HTTP_PORT set to a free loopback port, asks GET {@code path} until it answers
   * (60 s at most), stops it; the answer's body.
   */
  static String serve(List<String> command, Map<String, String> env, String path) throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile(dir, "server", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
    Process p = pb.start();
    try {
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpRequest get = java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + port + path)).timeout(java.time.Duration.ofSeconds(5)).build();
      for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); p.isAlive() && System.nanoTime() < end; ) {
        try {
          java.net.http.HttpResponse<String> r = client.send(get, java.net.http.HttpResponse.BodyHandlers.ofString());
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
    }
  }

  static boolean isRoot() {
    try {
      Process p = new ProcessBuilder("id", "-u").start();
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().equals("0");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * <cds>, <addModules>, <locales>, <libc> and <cacerts> reach the build: its build information says so (their wrong
   * values: {@link #eachWrongSettingNamesItsElement}).
   */
  @Test
  void cdsAddModulesLibcAndCacertsReachTheBuild() throws Exception {
    Path other = dir.resolve("greeter-options");
    copyTree(REPO.resolve("testdata/maven/greeter"), other);
    Path store = Path.of(System.getProperty("java.home"), "lib/security/cacerts").toRealPath();
    Mvn run = mvn(other, "package", "-Dhermit.cds=off", "-Dhermit.addModules=java.sql,jdk.crypto.ec",
        "-Dhermit.libc=system", "-Dhermit.cacerts=" + store, "-Dhermit.locales=de,fr");
    assertEquals(0, run.code(), run.out());
    BuildInfo info = BuildInfo.parse(infoText(other.resolve("target/hermit/greeter-linux-amd64")));
    assertTrue(info.cacerts().orElseThrow().matches(java.util.regex.Pattern.quote(store.toString())
        + " \\([0-9]+ certificates, sha256 [0-9a-f]{64}\\)"), info.toJson());
    assertTrue(info.runtime().modules().containsAll(List.of("java.sql", "jdk.crypto.ec", "jdk.localedata")),
        info.toJson());
    assertEquals(java.util.Optional.of("off"), info.cds(), info.toJson());
    assertFalse(run.out().contains(LOCALE_HINT), "<locales> given: no hint to give it\n" + run.out());
    assertEquals("system", info.libc().orElseThrow().mode(), info.toJson());
  }

  static String infoText(Path exe) throws IOException {
    try (dev.hermit.payload.PayloadReader r = dev.hermit.payload.PayloadReader.open(exe)) {
      return r.manifest().info();
    }
  }

  static Map<?, ?> blob(Path layout, Map<?, ?> descriptor) throws IOException {
    String digest = (String) descriptor.get("digest");
    return (Map<?, ?>) JsonReader.parse(Files.readString(layout.resolve("blobs/sha256/" + digest.substring(7))));
  }

  /** Runs Maven in batch mode with the test's settings and local repository; returns its exit code and output. */
  static Mvn mvn(Path cwd, String... args) {
    return mvn(Map.of(), cwd, args);
  }

  static Mvn mvn(Map<String, String> env, Path cwd, String... args) {
    List<String> command = new ArrayList<>(List.of("mvn", "-B", "-s", settings.toString(),
        "-Dmaven.repo.local=" + localRepo, "-Dhermit.version=" + VERSION));
    command.addAll(List.of(args));
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
      // Each of these Maven runs lasts seconds: C2's compiles cost more CPU than they save (this class, with
      // MAVEN_OPTS set for the whole `mvn -pl maven-plugin verify`: 184 against 300 CPU seconds, 178 against 275 s
      // wall). Nothing here tests the JIT. A MAVEN_OPTS of the caller's wins.
      pb.environment().putIfAbsent("MAVEN_OPTS", SHORT_JVM);
      pb.environment().putAll(env);
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      return new Mvn(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.filter(p -> !from.relativize(p).startsWith("target")).toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
