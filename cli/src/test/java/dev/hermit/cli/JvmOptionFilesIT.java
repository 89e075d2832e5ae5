package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files named by baked-in JVM options travel in the output: {@code -J-javaagent:agent.jar} and a logging
 * configuration, given relative to the build's directory, work when the output runs anywhere else.
 */
class JvmOptionFilesIT {
  @TempDir Path dir;

  @Test
  void anAgentAndALoggingConfigurationAreCarried() throws IOException {
    Path classes = compile("""
        public class Agent {
          public static void premain(String args, java.lang.instrument.Instrumentation i) {
            System.setProperty("hermit.agent", "loaded " + args);
          }
        }""", """
        public class Main {
          public static void main(String[] a) {
            System.out.println(System.getProperty("hermit.agent") + " / "
                + java.util.logging.LogManager.getLogManager().getProperty("hermit.marker"));
          }
        }""");
    Path build = Files.createDirectories(dir.resolve("build"));
    JarManifestIT.jar(build.resolve("agent.jar"), premainAgent(), classes, "");
    Files.writeString(build.resolve("logging.properties"), "hermit.marker=from the file\n");
    Path out = dir.resolve("app");
    Proc b = Hermit.runJar(Map.of("PATH", System.getenv("PATH")), build, "build", "--main", "Main",
        "--class-path", classes.toString(), "-J-javaagent:agent.jar=xyz",
        "-J-Djava.util.logging.config.file=logging.properties", "-o", out.toString());
    assertEquals(0, b.code(), b.toString());

    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Proc run = Proc.run(List.of(out.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()), null,
        elsewhere);
    assertEquals(0, run.code(), run.toString());
    assertEquals("loaded xyz / from the file\n", run.out(), run.toString());

    // a relative agent that is not there cannot be carried, and would stop the JVM anywhere: refused
    Proc missing = Hermit.runJar(Map.of("PATH", System.getenv("PATH")), elsewhere, "build", "--main", "Main",
        "--class-path", classes.toString(), "-J-javaagent:agent.jar", "-o", dir.resolve("no").toString());
    assertEquals(1, missing.code(), missing.toString());
    assertTrue(missing.err().contains("\nhermit: the JVM option -javaagent:agent.jar names ")
        && missing.err().contains("which does not exist"), missing.toString());
    assertFalse(Files.exists(dir.resolve("no")), "nothing written");
  }

  /**
   * An agent attached at run time, as Kubernetes' OpenTelemetry operator attaches one (JAVA_TOOL_OPTIONS), runs in
   * an output built with --modules-for it: the runtime gets java.instrument and what the agent's classes use
   * (java.logging here, which the app does not use). Without the option the JVM cannot start the agent.
   */
  @Test
  void anAgentAttachedAtRunTimeGetsItsModulesWithModulesFor() throws IOException {
    Path classes = compile("""
        public class Agent {
          public static void premain(String args, java.lang.instrument.Instrumentation i) {
            java.util.logging.Logger.getLogger("agent").fine("loaded");
            System.out.println("agent premain, classes loaded " + (i.getAllLoadedClasses().length > 0));
          }
        }""", """
        public class Main {
          public static void main(String[] a) {
            System.out.println("main");
          }
        }""");
    Path app = Files.createDirectories(dir.resolve("app"));
    Files.move(classes.resolve("Main.class"), app.resolve("Main.class"));
    Path agent = dir.resolve("agent.jar");
    JarManifestIT.jar(agent, premainAgent(), classes, "");
    Map<String, String> attach = Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString(), "JAVA_TOOL_OPTIONS",
        "-javaagent:" + agent);

    Path with = dir.resolve("with");
    Proc b = Hermit.run("build", "--main", "Main", "--class-path", app.toString(), "--modules-for", agent.toString(),
        "-o", with.toString(), "-v");
    assertEquals(0, b.code(), b.toString());
    assertTrue(b.err().contains("its classes are analysed, the jar is not carried; an agent, so java.instrument")
        && b.err().matches("(?s).*modules: [^\n]*java.instrument,java.logging[,\n].*"), b.err());
    Proc run = Proc.run(List.of(with.toString()), attach, null, dir);
    assertEquals(0, run.code(), run.toString());
    assertEquals("agent premain, classes loaded true\nmain\n", run.out(), run.toString());

    Path without = dir.resolve("without");
    assertEquals(0, Hermit.run("build", "--main", "Main", "--class-path", app.toString(), "-o", without.toString())
        .code());
    Proc fails = Proc.run(List.of(without.toString()), attach, null, dir);
    assertTrue(fails.code() != 0 && (fails.out() + fails.err()).contains("Module java.instrument may be missing"),
        fails.toString()); // the JVM says so on stdout

    Proc notJar = Hermit.run("build", "--main", "Main", "--class-path", app.toString(), "--modules-for",
        dir.resolve("src/Main.java").toString(), "-o", dir.resolve("no").toString());
    assertEquals(1, notJar.code(), notJar.toString());
    assertTrue(notJar.err().contains("Main.java is not a readable jar") && notJar.err().contains("(--modules-for JAR)"),
        notJar.toString());
    assertFalse(Files.exists(dir.resolve("no")), "nothing written");
  }

  /** Agent.java and Main.java, compiled for Java 17 into DIR/classes. */
  private Path compile(String agent, String main) throws IOException {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve("Agent.java"), agent);
    Files.writeString(src.resolve("Main.java"), main);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JarManifestIT.javac(classes, 17, null, src.resolve("Agent.java"), src.resolve("Main.java"));
    return classes;
  }

  /** The manifest of an agent jar whose premain is Agent's. */
  private static Manifest premainAgent() {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().putValue("Premain-Class", "Agent");
    return m;
  }
}
