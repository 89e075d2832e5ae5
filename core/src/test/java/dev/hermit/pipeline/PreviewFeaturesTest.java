package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hermit.app.ClassVersions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Classes compiled with a Java's preview features run with --enable-preview, and the build says so. */
class PreviewFeaturesTest {
  @TempDir Path dir;
  final List<String> warnings = new ArrayList<>();
  final BuildListener listener = e -> {
    if (e instanceof BuildEvent.Warning w) {
      warnings.add(w.message());
    }
  };

  /** A jar with one class whose header is that of Java 25 with preview features (class file version 69.65535). */
  ClassVersions.Headers previewJar() throws IOException {
    Path jar = dir.resolve("prev.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("Prev.class"));
      out.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, (byte) 0xFF, (byte) 0xFF, 0, 69});
    }
    return ClassVersions.Headers.read(List.of(jar));
  }

  @Test
  void aPreviewClassOfTheRuntimesJavaRunsWithEnablePreview() throws IOException {
    List<String> options = PreviewFeatures.enable(previewJar(), 25, List.of("-Xmx64m"), listener);
    assertEquals(List.of("-Xmx64m", "--enable-preview"), options);
    assertEquals(List.of("Prev.class in prev.jar uses Java 25's preview features (class file "
        + "version 69.65535): the output runs with --enable-preview, as java must"), warnings);
  }

  @Test
  void givenAlreadyOrNoPreviewClassForThisJavaChangesNothing() throws IOException {
    ClassVersions.Headers headers = previewJar();
    assertEquals(List.of("--enable-preview"), PreviewFeatures.enable(headers, 25, List.of("--enable-preview"), listener));
    assertEquals(List.of(), PreviewFeatures.enable(headers, 21, List.of(), listener), "Java 21 cannot load it at all");
    assertEquals(List.of(), warnings);
  }
}
