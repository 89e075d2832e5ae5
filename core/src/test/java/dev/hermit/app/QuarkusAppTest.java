package dev.hermit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Quarkus fast-jar directory (quarkus-run.jar, which loads lib/ and app/ through quarkus/quarkus-application.dat,
 * not through its Class-Path) is one app however it is named: as the input, or as a start script runs it,
 * {@code java -cp lib/quarkus-run.jar io.quarkus.bootstrap.runner.QuarkusEntryPoint} (Keycloak's kc.sh). Given so,
 * the jar alone was packed and the output failed at its start (NoSuchFileException: quarkus-application.dat).
 */
class QuarkusAppTest {
  @TempDir Path dir;

  @Test
  void theRunnerOnAClassPathIsTheWholeDirectoryAsForTheJar() throws IOException {
    Path app = Files.createDirectories(dir.resolve("quarkus-app"));
    Path runner = app.resolve("quarkus-run.jar");
    jar(runner, QuarkusApp.ENTRY_POINT);
    Files.createDirectories(app.resolve("quarkus"));
    Files.write(app.resolve(QuarkusApp.INDEX), new byte[] {1, 2, 3});
    jar(Files.createDirectories(app.resolve("lib/main")).resolve("dep.jar"), null);
    // the entry point, as quarkus-bootstrap-runner's jar in lib/boot has it
    Path src = Files.createDirectories(dir.resolve("src/io/quarkus/bootstrap/runner"))
        .resolve("QuarkusEntryPoint.java");
    Files.writeString(src, "package io.quarkus.bootstrap.runner; public class QuarkusEntryPoint {"
        + " public static void main(String[] a) {} }");
    Path classes = dir.resolve("classes");
    assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        src.toString()));
    Path boot = Files.createDirectories(app.resolve("lib/boot")).resolve("quarkus-bootstrap-runner.jar");
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(boot))) {
      String entry = "io/quarkus/bootstrap/runner/QuarkusEntryPoint.class";
      jar.putNextEntry(new java.util.zip.ZipEntry(entry));
      jar.write(Files.readAllBytes(classes.resolve(entry)));
      jar.closeEntry();
    }
    List<String> warnings = new ArrayList<>();
    InputResolver resolver = new InputResolver(Files.createDirectories(dir.resolve("work")), 17, warnings::add);

    AppInput asJar = resolver.resolve(runner, null, List.of());
    AppInput asClassPath = resolver.resolve(null, QuarkusApp.ENTRY_POINT, List.of(runner.toString()));
    assertEquals(asJar.files(), asClassPath.files());
    assertTrue(asClassPath.files().containsValue("app/" + QuarkusApp.INDEX), asClassPath.files().toString());
    assertEquals("app/quarkus-run.jar", asClassPath.launchJar());
    assertEquals(QuarkusApp.ENTRY_POINT, asClassPath.mainClass());

    // a distribution holding it as lib/ (Keycloak's: bin/kc.sh runs -cp lib/quarkus-run.jar): the same app, with
    // or without --main; it was "no start script in bin/ names a main class", and with --main the boot jars alone
    Path dist = Files.createDirectories(dir.resolve("keycloak"));
    Files.move(app, dist.resolve("lib"));
    Files.createDirectories(dist.resolve("bin"));
    Files.writeString(dist.resolve("bin/kc.sh"), "#!/bin/bash\nexec java -cp \"$DIRNAME/../lib/quarkus-run.jar\" "
        + QuarkusApp.ENTRY_POINT + " \"$@\"\n");
    for (String main : java.util.Arrays.asList(null, QuarkusApp.ENTRY_POINT)) {
      AppInput asDist = resolver.resolve(dist, main, List.of());
      assertEquals("app/quarkus-run.jar", asDist.launchJar());
      assertEquals(asJar.files().values().stream().sorted().toList(),
          asDist.files().values().stream().sorted().toList());
    }
  }

  private static void jar(Path file, String mainClass) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (mainClass != null) {
      m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    }
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, m)) {
      jar.putNextEntry(new java.util.zip.ZipEntry("x.txt"));
      jar.write('x');
      jar.closeEntry();
    }
  }
}
