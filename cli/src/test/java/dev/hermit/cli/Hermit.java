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
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(javaBin(), "-jar",
        System.getProperty("hermit.jar")));
    command.addAll(java.util.List.of(args));
    return Proc.run(command, env, null, dir);
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
