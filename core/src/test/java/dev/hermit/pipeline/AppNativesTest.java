package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.CheckFailedException;
import dev.hermit.app.AppInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classifier jars of one artifact are recognised as siblings, and different artifacts are not. */
class AppNativesTest {
  @TempDir Path dir;

  /**
   * --native=none over a binding with many native classes (JNA has hundreds): the message names the class that
   * loads the library and the ones with the most native methods, counts the rest, and -v lists every one.
   */
  @Test
  void refusingNativeCodeNamesTheTellingClassesAndCountsTheRest() throws IOException {
    Path src = Files.createDirectories(dir.resolve("src/b"));
    List<String> args = new ArrayList<>(List.of("-d", dir.resolve("classes").toString()));
    for (int i = 1; i <= 5; i++) {
      StringBuilder c = new StringBuilder("package b; public class N" + i + " {");
      for (int m = 0; m < i; m++) {
        c.append(" public static native int m").append(m).append("();");
      }
      Files.writeString(src.resolve("N" + i + ".java"), c.append(" }").toString());
      args.add(src.resolve("N" + i + ".java").toString());
    }
    Files.writeString(src.resolve("Loader.java"),
        "package b; public class Loader { static { System.loadLibrary(\"b\"); } }");
    args.add(src.resolve("Loader.java").toString());
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)));
    Path classes = dir.resolve("classes");
    AppInput app = new AppInput("b", "b.Loader", null, List.of("app/classes"), Map.of(classes, "app/classes"),
        List.of(classes), Map.of());
    List<String> details = new ArrayList<>();
    BuildListener listener = e -> {
      if (e instanceof BuildEvent.Detail d) {
        details.add(d.message());
      }
    };
    CheckFailedException refused = assertThrows(CheckFailedException.class, () -> AppNatives.refuseAny(app, listener));
    String m = refused.getMessage();
    assertTrue(m.contains("classes: b.Loader: calls System.loadLibrary; b.N5: 5 native methods; b.N4: 4 native methods;"
        + " and 3 more classes with native code (-v lists them)"), m);
    assertTrue(!m.contains("b.N1"), m);
    assertEquals(6, details.stream().filter(d -> d.startsWith("native code in classes: ")).count(), details.toString());
  }

  /**
   * A jar behind a shell script (trino-cli's executable jar, Spring Boot's fully executable jar: {@code exec java -jar
   * "$0"}) is a jar to the JDK, which finds its central directory from the end: its natives went unseen, so the
   * other platforms' stayed and what the kept ones need was not bundled.
   */
  @Test
  void aJarBehindAShellScriptIsScannedForNatives() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    bytes.writeBytes("#!/bin/sh\nexec java -jar \"$0\" \"$@\"\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
      zip.putNextEntry(new java.util.zip.ZipEntry("native/libls.so"));
      zip.write(Files.readAllBytes(Path.of("/bin/ls"))); // an ELF of this host's, as a library stand-in
      zip.closeEntry();
    }
    Path jar = Files.write(dir.resolve("cli-executable.jar"), bytes.toByteArray());
    assertTrue(dev.hermit.app.NativeScan.isZip(jar));
    assertTrue(!dev.hermit.app.NativeScan.isZip(Files.writeString(dir.resolve("script.jar"), "#!/bin/sh\n")));
    AppInput app = new AppInput("cli", "a.Main", "app/cli-executable.jar", List.of("app/cli-executable.jar"),
        Map.of(jar, "app/cli-executable.jar"), List.of(jar), Map.of());
    CheckFailedException refused = assertThrows(CheckFailedException.class,
        () -> AppNatives.refuseAny(app, e -> { }));
    assertTrue(refused.getMessage().contains("cli-executable.jar: 1 native library for "), refused.getMessage());
    // and as inspect reads it from a payload, in memory
    assertEquals(1, dev.hermit.app.NativeScan.jar("cli", bytes.toByteArray(), false).libraries().size());
  }

  /** Windows program databases (MSF 7.0) are found by their magic, a file merely named .pdb is not one. */
  @Test
  void programDatabasesAreKnownByTheirMagic() throws IOException {
    Path jar = dir.resolve("onnx.jar");
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
      z.putNextEntry(new java.util.zip.ZipEntry("ai/onnxruntime/native/win-x64/onnxruntime.PDB"));
      z.write("Microsoft C/C++ MSF 7.00\r\n\u001aDS\0\0\0 and the streams".getBytes(
          java.nio.charset.StandardCharsets.ISO_8859_1));
      z.putNextEntry(new java.util.zip.ZipEntry("docs/protein.pdb"));
      z.write("HEADER    PROTEIN DATA BANK".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      z.putNextEntry(new java.util.zip.ZipEntry("ai/onnxruntime/native/win-x64/onnxruntime.dll"));
      z.write(new byte[] {'M', 'Z'});
    }
    assertEquals(List.of("ai/onnxruntime/native/win-x64/onnxruntime.PDB"), AppNatives.programDatabases(jar));
  }

  @Test
  void platformClassifierJarsOfOneArtifactShareAStem() {
    String stem = "netty-transport-native-epoll-4.2.7.Final";
    assertEquals(stem, AppNatives.platformStem("lib/" + stem + "-linux-x86_64.jar"));
    assertEquals(stem, AppNatives.platformStem(stem + "-linux-aarch_64.jar"));
    assertEquals(stem, AppNatives.platformStem("app.jar!/BOOT-INF/lib/" + stem + "-linux-riscv64.jar"));
    assertEquals("netty-transport-native-kqueue-4.2.7.Final",
        AppNatives.platformStem("netty-transport-native-kqueue-4.2.7.Final-osx-aarch_64.jar"));
    assertEquals("lwjgl-3.3.4", AppNatives.platformStem("lwjgl-3.3.4-natives-linux.jar"));
    assertEquals("javafx-graphics-21.0.11", AppNatives.platformStem("javafx-graphics-21.0.11-linux.jar"));
    assertEquals("sqlite-jdbc-3.46.0.0", AppNatives.platformStem("sqlite-jdbc-3.46.0.0.jar"));
    assertNotEquals(AppNatives.platformStem("netty-transport-native-epoll-4.2.7.Final-linux-x86_64.jar"),
        AppNatives.platformStem("netty-transport-native-io_uring-4.2.7.Final-linux-x86_64.jar"));
    // "linux" inside an artifact's own name is not a classifier
    assertEquals("linux-utils-1.0", AppNatives.platformStem("linux-utils-1.0.jar"));
  }

  /**
   * Netty's epoll classifier jars for x86_64, aarch_64 and riscv64 in an s390x build make one warning, which names
   * Netty's fallback; sqlite's jar alike gets the same warning without Netty's hint.
   */
  @Test
  void siblingsForOtherArchesWarnOnceAndOnlyNettyNamesNio() {
    String epoll = "netty-transport-native-epoll-4.1.115.Final";
    assertEquals(epoll + "-linux-x86_64.jar, " + epoll + "-linux-aarch_64.jar and " + epoll + "-linux-riscv64.jar "
        + "bring native libraries only for other platforms (linux/amd64, linux/arm64, linux/riscv64), none that loads "
        + "into the linux/s390x runtime: where the app loads them it fails, or falls back to Java code if it has some "
        + "(Netty's native transport: Netty uses NIO instead)",
        AppNatives.onlyOtherPlatforms(List.of(epoll + "-linux-x86_64.jar", epoll + "-linux-aarch_64.jar",
            epoll + "-linux-riscv64.jar"), new TreeSet<>(Set.of("linux/riscv64", "linux/amd64", "linux/arm64")),
            "linux/s390x"));
    String sqlite = AppNatives.onlyOtherPlatforms(List.of("sqlite-jdbc-3.47.1.0.jar"), Set.of("linux/amd64"),
        "linux/s390x");
    assertTrue(sqlite.startsWith("sqlite-jdbc-3.47.1.0.jar brings native libraries only for other platforms "
        + "(linux/amd64)"), sqlite);
    assertTrue(!sqlite.contains("Netty"), sqlite);
  }

  /**
   * The Debian package a missing library's message names is one apt knows: GTK's libgdk-3.so.0 is in libgtk-3-0 (the
   * naming rule said libgdk-3-0, which does not exist), and a library no package ships by the usual name is said
   * to be so. Where this machine has no apt with package lists, the rule's guess stands and this is skipped.
   */
  @Test
  void missingLibrariesNamePackagesAptKnows() {
    String named = AppNatives.packages(new java.util.TreeSet<>(Set.of("libgdk-3.so.0", "libhermitgone.so.1")));
    org.junit.jupiter.api.Assumptions.assumeFalse(named.startsWith("libgtk-3-0t64 or ") || named.startsWith(
        "libgdk-3.so.0: none"), "SKIPPED LOUDLY: no apt with package lists here to check the names with: " + named);
    assertEquals("libgtk-3-0, libhermitgone.so.1: none by the usual name (apt-file search libhermitgone.so.1 finds the "
        + "one that ships it)", named);
  }

  /** JavaFX media's plugins need libavcodec.so.54 to .so.59, one per release: generations, named as such. */
  @Test
  void generationsOfOneLibraryAreGrouped() {
    assertEquals(List.of("libavcodec.so.54, libavcodec.so.56, libavcodec.so.59", "libavformat.so.56, libavformat.so.58"),
        AppNatives.generations(new java.util.TreeSet<>(Set.of("libavcodec.so.59", "libavcodec.so.54",
            "libavformat.so.56", "libavformat.so.58", "libavcodec.so.56", "libgtk-3.so.0"))));
    assertEquals(List.of(), AppNatives.generations(Set.of("libgtk-3.so.0", "libgdk-3.so.0")));
  }
}
