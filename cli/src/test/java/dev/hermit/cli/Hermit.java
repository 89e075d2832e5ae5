package dev.hermit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

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

  /** Copies the dependencies of {@code testdata/POM} (a pom of testdata/apps) into {@code lib}, with Maven. */
  static Proc fetchJars(String pom, Path lib, Path dir) {
    return mvn(dir, "-f", REPO.resolve("testdata/" + pom).toString(), "dependency:copy-dependencies",
        "-DoutputDirectory=" + lib);
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
