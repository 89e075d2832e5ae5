package dev.hermit.inspect;

import dev.hermit.json.JsonReader;
import dev.hermit.json.JsonWriter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.binary.BinaryFormatException;
import dev.hermit.binary.TestCorpus;
import dev.hermit.binary.elf.Linkage;
import dev.hermit.launcher.Launchers;
import dev.hermit.platform.Target;
import dev.hermit.payload.Codec;
import dev.hermit.payload.Manifest;
import dev.hermit.payload.PayloadWriter;
import dev.hermit.payload.TreeEntry;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hermit executables: a static launcher built here with clang, followed by a payload from PayloadWriter. */
class HermitPayloadInspectTest {
  private static final String INFO = """
      {"hermit": "0.1.0", "target": "linux/amd64",
       "runtime": {"vendor": "Eclipse Adoptium", "version": "17.0.15+6", "modules": ["java.base", "java.logging"]},
       "main": "com.example.Main", "jvmOptions": ["-Xmx64m"],
       "app": [{"path": "lib/app.jar", "size": 1234, "sha256": "ab12", "maven": "com.example:app:1.0"}],
       "codec": "deflate"}""";

  @TempDir Path tmp;
  Path launcher;

  @BeforeEach
  void buildLauncher() throws Exception {
    assumeTrue(TestCorpus.hasTool("clang"), "SKIPPED: clang is not installed (needed to build a static launcher)");
    Path c = Files.writeString(tmp.resolve("l.c"),
        "void _start(void) { __asm__ volatile(\"mov $60, %eax; xor %edi, %edi; syscall\"); }\n");
    launcher = tmp.resolve("launcher");
    Process p = new ProcessBuilder("clang", "--target=x86_64-linux-gnu", "-Os", "-ffreestanding", "-fno-pic",
        "-fno-pie", "-nostdlib", "-static", "-fuse-ld=lld", "-o", launcher.toString(), c.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
  }

  private Path executable(byte[] payload) throws Exception {
    byte[] head = Files.readAllBytes(launcher);
    byte[] all = Arrays.copyOf(head, head.length + payload.length);
    System.arraycopy(payload, 0, all, head.length, payload.length);
    return Files.write(tmp.resolve("app"), all);
  }

  private static byte[] payload(String info) throws Exception {
    Manifest manifest = new Manifest("${HERMIT_ROOT}/bin/java",
        List.of("java", "-Xmx64m", "-cp", "${HERMIT_ROOT}/lib/app.jar", "com.example.Main"),
        List.of("LANG=C.UTF-8"), info);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PayloadWriter.write(out, manifest, List.of(TreeEntry.directory("bin")), Codec.DEFLATE);
    return out.toByteArray();
  }

  @Test
  void reportsLauncherAndBuildInformation() throws Exception {
    Path app = executable(payload(INFO));
    InspectReport report = Inspector.withSysroot(Path.of("/")).inspect(app);
    assertEquals(Linkage.STATIC, report.elf().orElseThrow().linkage());
    HermitPayload h = report.hermit().orElseThrow();
    assertEquals(Files.size(launcher), h.launcherSize());
    assertTrue(h.hashVerified());
    assertEquals("deflate", h.codec());
    assertEquals("${HERMIT_ROOT}/bin/java", h.exec());
    dev.hermit.payload.BuildInfo info = h.info().orElseThrow();
    assertEquals("linux/amd64", info.target());
    assertEquals(java.util.Optional.of("com.example:app:1.0"), info.app().get(0).maven());
    String json = new ReportJson().add(report).finish();
    assertTrue(json.contains("\"maven\": \"com.example:app:1.0\""), json);
    assertTrue(json.contains("\"sha256_verified\": true"), json);
  }

  @Test
  void aDamagedPayloadIsReportedAsNotVerified() throws Exception {
    byte[] payload = payload(INFO);
    payload[payload.length - 80] ^= 1; // in the tree, before the trailer
    HermitPayload h = Inspector.withSysroot(Path.of("/")).inspect(executable(payload)).hermit().orElseThrow();
    assertFalse(h.hashVerified());
  }

  @Test
  void aPayloadCutShortIsAnErrorAtTheTrailer() throws Exception {
    byte[] payload = payload(INFO);
    // the manifest's first bytes are lost: the trailer no longer finds the manifest where it says it is
    Path cut = Files.write(tmp.resolve("cut"), concat(Files.readAllBytes(launcher),
        Arrays.copyOfRange(payload, 10, payload.length)));
    BinaryFormatException e = assertThrows(BinaryFormatException.class,
        () -> Inspector.withSysroot(Path.of("/")).inspect(cut));
    assertTrue(e.getMessage().startsWith("hermit payload: "), e.getMessage());
    assertEquals(Files.size(cut) - 72, e.offset());
  }

  /**
   * A copy that stopped early keeps hermit's launcher whole but loses the trailer at the payload's end: without
   * the launcher recognised, it read as a healthy static program (exit 0).
   */
  @Test
  void anExecutableCutShortInItsPayloadIsNamedSo() throws Exception {
    for (Target target : Target.ALL) {
      byte[] real = Launchers.forTarget(target);
      byte[] payload = payload(INFO);
      Path whole = Files.write(tmp.resolve("whole"), concat(real, payload));
      assertTrue(Inspector.withoutResolution().inspect(whole).hermit().isPresent(), target.id());
      for (int keep : new int[] {0, 1, payload.length / 2, payload.length - 1}) {
        Path cut = Files.write(tmp.resolve("cut"), concat(real, Arrays.copyOf(payload, keep)));
        BinaryFormatException e = assertThrows(BinaryFormatException.class,
            () -> Inspector.withoutResolution().inspect(cut), target.id() + " with " + keep + " payload bytes");
        assertTrue(e.getMessage().startsWith("a hermit executable for " + target.id() + " cut short: hermit's"
            + " launcher with " + keep + " bytes after it"), e.getMessage());
      }
    }
  }

  @Test
  void infoThatIsNotJsonIsSaidSoNotDropped() throws Exception {
    HermitPayload h = Inspector.withSysroot(Path.of("/")).inspect(executable(payload("{not json")))
        .hermit().orElseThrow();
    assertTrue(h.info().isEmpty());
    assertTrue(h.infoProblem().orElseThrow().contains("not JSON"), h.infoProblem().toString());
    assertEquals("{not json", h.infoText().orElseThrow());
  }

  @Test
  void jsonReaderRoundTripsAndRejectsDeepNesting() {
    Object parsed = JsonReader.parse(INFO);
    String again = new JsonWriter().any(parsed).toString();
    assertEquals(parsed, JsonReader.parse(again));
    assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[".repeat(1000) + "]".repeat(1000)));
    assertEquals("é\n", JsonReader.parse("\"\\u00e9\\n\""));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
