package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.app.AppInput;
import dev.hermit.app.NativeScan;
import dev.hermit.binary.NativeBinary;
import dev.hermit.libc.SystemLibraries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JNA's dispatch library goes into rt/lib/sys, with jna.boot.library.path, when the app's jars agree on one for the
 * target; found at any nesting depth; left to JNA's extraction when two JNA versions disagree.
 */
class JnaDispatchTest {
  @TempDir Path dir;

  /** Two real ELF shared objects of this host, standing in for two JNA versions' dispatch libraries. */
  private static final Path LIB_A = Path.of(System.getProperty("java.home"), "lib/libjimage.so");
  private static final Path LIB_B = Path.of(System.getProperty("java.home"), "lib/libzip.so");
  private static final String ENTRY = "com/sun/jna/linux-x86-64/libjnidispatch.so";

  @Test
  void oneDispatchLibraryIsBundledAndBootsJna() throws IOException {
    Path jar = jar(dir.resolve("jna-5.15.0.jar"), Map.of(ENTRY, Files.readAllBytes(LIB_A),
        "com/sun/jna/Native.class", new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe}));
    List<String> details = new ArrayList<>();
    RuntimeTree runtime = JnaSearchPath.withDispatch(List.of(located(jar, ENTRY, LIB_A)), bundled(), dir,
        e -> { if (e instanceof BuildEvent.Detail d) { details.add(d.message()); } });
    Path bundled = runtime.libraries().libraries().get("libjnidispatch.so");
    assertTrue(bundled != null, runtime.libraries().libraries().toString());
    assertArrayEquals(Files.readAllBytes(LIB_A), Files.readAllBytes(bundled));
    assertTrue(details.contains("JNA: bundling jna-5.15.0.jar!/" + ENTRY + " as rt/lib/sys/libjnidispatch.so"),
        details.toString());

    AppInput app = new AppInput("a", "a.Main", null, List.of("app/jna.jar"), Map.of(jar, "app/jna.jar"),
        List.of(jar), Map.of());
    List<String> options = JnaSearchPath.add(app, runtime, List.of("-Xmx64m"), e -> { });
    assertEquals(List.of(JnaSearchPath.OPTION, JnaSearchPath.BOOT_OPTION, "-Xmx64m"), options);
    // the app's own boot path wins; without the bundled library there is none to point at
    assertEquals(List.of(JnaSearchPath.OPTION, "-Djna.boot.library.path=/opt/jna"),
        JnaSearchPath.add(app, runtime, List.of("-Djna.boot.library.path=/opt/jna"), e -> { }));
    assertEquals(List.of(JnaSearchPath.OPTION), JnaSearchPath.add(app, bundled(), List.of(), e -> { }));
  }

  @Test
  void aNestedJarsDispatchLibraryIsReadThroughItsNesting() throws IOException {
    Path inner = jar(dir.resolve("jna.jar"), Map.of(ENTRY, Files.readAllBytes(LIB_B)));
    Path fat = jar(dir.resolve("app.jar"), Map.of("BOOT-INF/lib/jna-5.17.0.jar", Files.readAllBytes(inner)));
    String path = "BOOT-INF/lib/jna-5.17.0.jar!/" + ENTRY;
    assertArrayEquals(Files.readAllBytes(LIB_B), NativeScan.read(fat, path));
    RuntimeTree runtime = JnaSearchPath.withDispatch(List.of(located(fat, path, LIB_B)), bundled(), dir, e -> { });
    assertArrayEquals(Files.readAllBytes(LIB_B),
        Files.readAllBytes(runtime.libraries().libraries().get("libjnidispatch.so")));
  }

  @Test
  void twoDifferentDispatchLibrariesAreLeftToJna() throws IOException {
    Path a = jar(dir.resolve("jna-5.13.0.jar"), Map.of(ENTRY, Files.readAllBytes(LIB_A)));
    Path b = jar(dir.resolve("jna-5.17.0.jar"), Map.of(ENTRY, Files.readAllBytes(LIB_B)));
    Path sameAsA = jar(dir.resolve("copy-of-jna-5.13.0.jar"), Map.of(ENTRY, Files.readAllBytes(LIB_A)));
    RuntimeTree before = bundled();
    RuntimeTree after = JnaSearchPath.withDispatch(
        List.of(located(a, ENTRY, LIB_A), located(b, ENTRY, LIB_B), located(sameAsA, ENTRY, LIB_A)), before, dir,
        e -> { });
    assertSame(before, after);
    // two copies of the same library are one
    RuntimeTree one = JnaSearchPath.withDispatch(List.of(located(a, ENTRY, LIB_A), located(sameAsA, ENTRY, LIB_A)),
        before, dir, e -> { });
    assertTrue(one.libraries().libraries().containsKey("libjnidispatch.so"));
    // with the system's C library nothing is bundled
    RuntimeTree system = RuntimeTree.system();
    assertSame(system, JnaSearchPath.withDispatch(List.of(located(a, ENTRY, LIB_A)), system, dir, e -> { }));
  }

  private static RuntimeTree bundled() {
    return RuntimeTree.bundled(new SystemLibraries("ld-linux-x86-64.so.2", "/lib64/ld-linux-x86-64.so.2",
        Path.of("/lib64/ld-linux-x86-64.so.2"), Map.of("libc.so.6", Path.of("/lib/x86_64-linux-gnu/libc.so.6"))),
        null, null);
  }

  private static AppNatives.Located located(Path element, String path, Path content) throws IOException {
    byte[] bytes = Files.readAllBytes(content);
    NativeBinary binary = NativeBinary.identify(bytes).orElseThrow();
    return new AppNatives.Located(element, new NativeScan.Library(path, bytes.length, binary));
  }

  private static Path jar(Path file, Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(entries).entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return Files.write(file, out.toByteArray());
  }
}
