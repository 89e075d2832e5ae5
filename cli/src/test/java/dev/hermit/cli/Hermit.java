package dev.hermit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

/** Runs the hermit CLI in-process, as a user would type it, and captures its output. */
final class Hermit {
  private Hermit() {}

  static final Path REPO = Path.of(System.getProperty("hermit.repo", "..")).toAbsolutePath().normalize();

  static Proc run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Proc(code, out.toString(), err.toString());
  }

  /** Runs {@code java -jar hermit.jar ARGS} as its own process: for what must not depend on the test's JVM. */
  static Proc runJar(java.util.Map<String, String> env, Path dir, String... args) {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(javaBin()));
    command.addAll(BUILD_JVM);
    command.addAll(java.util.List.of("-jar", System.getProperty("hermit.jar")));
    command.addAll(java.util.List.of(args));
    return Proc.run(command, env, null, dir);
  }

  /**
   * JVM options for the short-lived JVMs the tests start (Maven runs, the corpus's apps): C1 only and the serial
   * collector. A run of seconds ends before C2's compiles pay off, and on CI's two cores their CPU is what the
   * suite waits for: bench/RESULTS.md ("C1 for the tests' child JVMs") measured a Maven run at 0.56 and a JRuby
   * script's first run at 0.59 of the default's CPU. Nothing these tests check depends on the JIT.
   */
  static final java.util.List<String> SHORT_JVM = java.util.List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /**
   * JVM options for the hermit builds the tests run as processes: the serial collector, but C2 kept. A build hashes
   * (its SDK tree, its payload) with SHA-256, which C1 does not compile to the CPU's SHA instructions: a cross build
   * of hello for two targets took 8.7 CPU-seconds with C1 against 5.0 with C2 (and 5.5 with G1). Scaled compile
   * thresholds leave C2 the hot loops only: a warm build of hello, 3.0-3.7 CPU-s without, 2.4-2.6 with.
   */
  static final java.util.List<String> BUILD_JVM = java.util.List.of("-XX:+UseSerialGC",
      "-XX:CompileThresholdScaling=5");

  /**
   * Runs {@code mvn -q -B ARGS} in {@code dir} with the test's environment, its JVM given {@link #SHORT_JVM}
   * unless the caller's MAVEN_OPTS says otherwise.
   */
  static Proc mvn(Path dir, String... args) {
    java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.putIfAbsent("MAVEN_OPTS", String.join(" ", SHORT_JVM));
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("mvn", "-q", "-B"));
    command.addAll(java.util.List.of(args));
    return Proc.run(command, env, null, dir);
  }

  /**
   * Copies the dependencies of {@code testdata/POM} (a module of testdata/apps/pom.xml) into {@code lib}. One Maven
   * run fetches every module's, into target/test-apps/ARTIFACT-ID, the first time any test asks (the forks share it
   * under a file lock; it is fetched again when a pom changes): a Maven run per app cost CI 2 CPU-seconds each.
   * The answer is that run's, or a success of the copy.
   */
  static synchronized Proc fetchJars(String pom, Path lib, Path dir) {
    Path apps = REPO.resolve("testdata/apps");
    Path fetched = Path.of("target/test-apps").toAbsolutePath();
    try {
      java.nio.file.Files.createDirectories(fetched);
      try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(fetched.resolve(".lock"),
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
          java.nio.channels.FileLock held = lock.lock()) {
        Path done = fetched.resolve(".done");
        String poms = pomsDigest(apps);
        if (!java.nio.file.Files.isRegularFile(done) || !java.nio.file.Files.readString(done).equals(poms)) {
          for (Path old : list(fetched)) {
            if (java.nio.file.Files.isDirectory(old)) {
              deleteTree(old);
            }
          }
          Proc all = mvn(dir, "-f", apps.resolve("pom.xml").toString(), "dependency:copy-dependencies",
              "-DoutputDirectory=" + fetched + "/${project.artifactId}");
          if (all.code() != 0) {
            return all;
          }
          java.nio.file.Files.writeString(done, poms);
        }
      }
      String text = java.nio.file.Files.readString(REPO.resolve("testdata/" + pom));
      java.util.regex.Matcher id = java.util.regex.Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(text);
      if (!id.find()) {
        return new Proc(1, "", "no artifactId in testdata/" + pom);
      }
      java.nio.file.Files.createDirectories(lib);
      List<Path> jars = list(fetched.resolve(id.group(1)));
      for (Path jar : jars) {
        java.nio.file.Files.copy(jar, lib.resolve(jar.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return new Proc(0, jars.size() + " jars of testdata/" + pom + " copied into " + lib + "\n", "");
    } catch (java.io.IOException e) {
      return new Proc(1, "", "fetching the jars of testdata/" + pom + ": " + e);
    }
  }

  /** The poms under testdata/apps, as one SHA-256: what the fetched jars were fetched for. */
  private static String pomsDigest(Path apps) throws java.io.IOException {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      sha.update(java.nio.file.Files.readAllBytes(apps.resolve("pom.xml")));
      for (Path module : list(apps)) {
        Path pom = module.resolve("pom.xml");
        if (java.nio.file.Files.isRegularFile(pom)) {
          sha.update(module.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
          sha.update(java.nio.file.Files.readAllBytes(pom));
        }
      }
      return java.util.HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Path> list(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  /** Deletes {@code dir} and everything in it, when it exists. */
  static void deleteTree(Path dir) {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Builds and fails the test with hermit's own words if the build fails. */
  static Path build(Path output, String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "build";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "-o";
    all[args.length + 2] = output.toString();
    Proc p = run(all);
    if (p.code() != 0) {
      throw new AssertionError("hermit build failed: " + p);
    }
    return output;
  }
}
