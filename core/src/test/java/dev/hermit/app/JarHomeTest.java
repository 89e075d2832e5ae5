package dev.hermit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import dev.hermit.InputException;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory with one executable jar: packed whole as the jar's home where jars below it are not on its Class-Path
 * (Jetty's start.jar loads lib/ at run time); the jar and what its Class-Path names otherwise (Maven's target/ with
 * the dependencies its manifest lists in lib/).
 */
class JarHomeTest {
  @TempDir Path dir;

  private Path classes() throws IOException {
    Path src = Files.writeString(Files.createDirectories(dir.resolve("src/s")).resolve("Start.java"),
        "package s; public class Start { public static void main(String[] a) {} }");
    Path out = dir.resolve("classes");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(), src.toString()));
    return out;
  }

  private static void jar(Path jar, String classPath, Path mainClass) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (mainClass != null) {
      m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "s.Start");
    }
    if (classPath != null) {
      m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
    }
    Files.createDirectories(jar.getParent());
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
      if (mainClass != null) {
        j.putNextEntry(new JarEntry("s/Start.class"));
        j.write(Files.readAllBytes(mainClass));
      }
    }
  }

  @Test
  void aLauncherWithItsHomeIsPackedWhole() throws IOException {
    Path home = Files.createDirectories(dir.resolve("jetty-home"));
    jar(home.resolve("start.jar"), null, classes().resolve("s/Start.class"));
    jar(home.resolve("lib/jetty-server.jar"), null, null);
    jar(home.resolve("lib/ee10/jetty-ee10-webapp.jar"), null, null);
    Files.writeString(Files.createDirectories(home.resolve("modules")).resolve("server.mod"), "[depend]\n");
    Files.writeString(Files.createDirectories(home.resolve(".git")).resolve("HEAD"), "hidden");
    List<String> details = new ArrayList<>();
    AppInput app = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, w -> {}).details(details::add)
        .resolve(home, null, List.of());
    assertEquals("app/home/start.jar", app.launchJar());
    assertEquals(List.of("app/home/lib/ee10/jetty-ee10-webapp.jar", "app/home/lib/jetty-server.jar",
        "app/home/modules/server.mod", "app/home/start.jar"), app.files().values().stream().sorted().toList());
    assertTrue(details.stream().anyMatch(d -> d.contains("packed whole, 4 files")), details.toString());
  }

  /**
   * Debian's jetty9 home: start.jar and lib/'s jars are links into /usr/share/java, and start.jar's Class-Path names
   * /usr/share/java/jetty9-util.jar by absolute path. The links kept it from being a home (only start.jar and
   * jetty-util were packed: "Unknown module='deploy'"), and so did a jar its Class-Path takes from outside it. Now
   * the home is packed whole through its links, what it takes from outside stays where it was packed, and the jar
   * launched from its home is a launcher (the whole JDK), however many classes its Class-Path brings.
   */
  @Test
  void aHomeOfLinksWithAJarFromOutsideIsPackedWholeAndALauncher() throws IOException {
    Path shared = Files.createDirectories(dir.resolve("usr/share/java"));
    jar(shared.resolve("jetty9-util.jar"), null, null);
    jar(shared.resolve("jetty9-start.jar"), shared.resolve("jetty9-util.jar").toString(),
        classes().resolve("s/Start.class"));
    jar(shared.resolve("jetty9-server.jar"), null, null);
    Path home = Files.createDirectories(dir.resolve("usr/share/jetty9/lib"));
    Files.createSymbolicLink(home.resolve("jetty-server.jar"), Path.of("../../java/jetty9-server.jar"));
    Files.createSymbolicLink(home.getParent().resolve("start.jar"), Path.of("../java/jetty9-start.jar"));
    AppInput app = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, w -> {})
        .resolve(home.getParent(), null, List.of());
    assertEquals("app/home/start.jar", app.launchJar());
    assertEquals(List.of("app/home/lib/jetty-server.jar", "app/home/start.jar", "app/java/jetty9-util.jar"),
        app.files().values().stream().sorted().toList());
    ModuleDecision d = new ModuleAnalyzer(dev.hermit.jdk.Jdk.running(), Files.createDirectories(dir.resolve("w2")))
        .decide(app, null, java.util.Set.of(), List.of());
    assertTrue(d.modules().contains("java.se"), d.modules().toString());
    assertTrue(d.reasons().stream().anyMatch(r -> r.contains("a jar that loads the jars of its home at run time")),
        d.reasons().toString());
  }

  /**
   * ActiveMQ's distribution: an all-in-one client jar at the top (executable), while bin/activemq runs
   * {@code -jar bin/activemq.jar}, which loads lib/ itself. The top jar was built, silently, and the broker never
   * started; what the script runs is built now, with the directory as its home, and its options are named.
   */
  @Test
  void theJarTheStartScriptsRunWinsOverAnotherExecutableJarAtTheTop() throws IOException {
    Path home = Files.createDirectories(dir.resolve("activemq"));
    Path start = classes().resolve("s/Start.class");
    jar(home.resolve("activemq-all.jar"), null, start);
    jar(home.resolve("bin/activemq.jar"), null, start);
    jar(home.resolve("lib/activemq-broker.jar"), null, null);
    Files.writeString(home.resolve("bin/activemq"), "#!/bin/sh\nH=$(cd \"$(dirname \"$0\")/..\" && pwd)\n"
        + "exec java -Dactivemq.home=\"$H\" -jar \"$H/bin/activemq.jar\" \"$@\"\n");
    List<String> details = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    AppInput app = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, warnings::add)
        .details(details::add).resolve(home, null, List.of());
    assertEquals("app/home/bin/activemq.jar", app.launchJar());
    assertTrue(app.files().containsValue("app/home/lib/activemq-broker.jar"), app.files().toString());
    assertTrue(details.stream().anyMatch(d -> d.contains("bin's start scripts run bin/activemq.jar, not "
        + "activemq-all.jar: built as they run it")), details.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("bin/activemq passes JVM options that are not carried: "
        + "-Dactivemq.home=$H")), warnings.toString());

    // without the jar at the top, the same: it was "the start scripts also run the jars of bin/" with a class path
    // to give (bin/*:lib/*) that ActiveMQ's launcher refuses
    Files.delete(home.resolve("activemq-all.jar"));
    AppInput alone = new InputResolver(dir.resolve("work"), 17, w -> {}).resolve(home, null, List.of());
    assertEquals("app/home/bin/activemq.jar", alone.launchJar());

    // scripts that run the top jar keep it
    jar(home.resolve("activemq-all.jar"), null, start);
    Files.writeString(home.resolve("bin/activemq"), "#!/bin/sh\nexec java -jar \"$H/activemq-all.jar\" \"$@\"\n");
    AppInput top = new InputResolver(dir.resolve("work"), 17, w -> {}).resolve(home, null, List.of());
    assertEquals("app/home/activemq-all.jar", top.launchJar());

    // a jar on the scripts' class path, not run with -jar, is no such jar (Maven's boot/plexus-classworlds)
    Files.delete(home.resolve("activemq-all.jar"));
    Files.writeString(home.resolve("bin/activemq"), "#!/bin/sh\nexec java -cp \"$H/bin/activemq.jar\" s.Start\n");
    InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
        () -> new InputResolver(dir.resolve("work"), 17, w -> {}).resolve(home, null, List.of()));
    assertTrue(e.getMessage().contains("also run the jars of"), e.getMessage());
  }

  @Test
  void jarsItsClassPathNamesMakeNoHome() throws IOException {
    Path target = Files.createDirectories(dir.resolve("target"));
    jar(target.resolve("lib/dep-1.0.jar"), null, null);
    jar(target.resolve("app-1.0.jar"), "lib/dep-1.0.jar", classes().resolve("s/Start.class"));
    Files.writeString(Files.createDirectories(target.resolve("classes")).resolve("app.properties"), "x=1");
    Files.createSymbolicLink(target.resolve("docs"), Files.createDirectories(dir.resolve("docs")));
    List<String> warnings = new ArrayList<>();
    AppInput app = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, warnings::add)
        .resolve(target, null, List.of());
    assertEquals("app/app-1.0.jar", app.launchJar());
    assertEquals(List.of("app/app-1.0.jar", "app/lib/dep-1.0.jar"), app.files().values().stream().sorted().toList());
    // not a home, so its links are not packed, and not said to be
    assertEquals(List.of(), warnings);
  }

  /**
   * Jars that are not one app as they stand (several executable ones; none, and no sources or lib/): the error
   * names the build that runs them all on one class path, with the user's --main where given.
   */
  @Test
  void jarsThatAreNotOneAppAsTheyStandGetTheClassPathBuildNamed() throws IOException {
    Path several = Files.createDirectories(dir.resolve("several"));
    jar(several.resolve("a.jar"), null, classes().resolve("s/Start.class"));
    jar(several.resolve("b.jar"), null, classes().resolve("s/Start.class"));
    InputResolver resolver = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, w -> {});
    InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
        () -> resolver.resolve(several, "s.Start", List.of()));
    assertEquals(several + " holds several executable jars (a.jar, b.jar); name the one to build; or, to run its jars"
        + " on one class path as java -cp '" + several + "/*' does: hermit build --class-path '" + several
        + "/*' --main s.Start", e.getMessage());

    Path plain = Files.createDirectories(dir.resolve("plain"));
    jar(plain.resolve("lib-a.jar"), null, null);
    e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
        () -> resolver.resolve(plain, null, List.of()));
    assertTrue(e.getMessage().endsWith("; or, to run its jars on one class path as java -cp '" + plain
        + "/*' does: hermit build --class-path '" + plain + "/*' --main CLASS"), e.getMessage());

    Path empty = Files.createDirectories(dir.resolve("empty"));
    e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
        () -> resolver.resolve(empty, null, List.of()));
    assertTrue(!e.getMessage().contains("class path"), "no jars, no class path to name: " + e.getMessage());
  }
}
