package dev.hermit.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The build information is one record: what the build writes, inspect reads back equal, older and newer too. */
class BuildInfoTest {
  static final BuildInfo FULL = new BuildInfo("0.1.0", "linux/arm64",
      new BuildInfo.Runtime("Debian", "17.0.19+10", Optional.of(17L), Optional.of("the JDK given"),
          List.of("java.base", "java.logging")),
      Optional.of(new BuildInfo.Libc("bundled", Optional.of("/lib/ld-linux-aarch64.so.1"),
          List.of("libc.so.6", "libz.so.1"))),
      Optional.of(new BuildInfo.Debian("bookworm", List.of(
          new BuildInfo.DebianPackage("libc6", "2.36-9", "arm64", "aa"),
          new BuildInfo.DebianPackage("zlib1g", "1:1.2.13", "arm64", "bb")))),
      Optional.of("the JDK's lib/security/cacerts"), "com.example.Main", Optional.of("app/app.jar"),
      List.of("-Xmx64m"), List.of(new BuildInfo.AppFile("app/app.jar", 1234, "cc", Optional.of("g:a:1")),
          new BuildInfo.AppFile("app/lib/x.jar", 5, "dd", Optional.empty())),
      "zstd", Optional.of("auto"), Optional.of("small"), Map.of());

  @Test
  void whatIsWrittenReadsBackEqual() {
    assertEquals(FULL, BuildInfo.parse(FULL.toJson()));
    assertEquals(FULL.toJson(), BuildInfo.parse(FULL.toJson()).toJson(), "the same bytes again");
  }

  @Test
  void theJsonKeepsTheOrderOfEarlierHermits() {
    String json = FULL.toJson().replaceAll("\\s", "");
    assertTrue(json.startsWith("{\"hermit\":\"0.1.0\",\"target\":\"linux/arm64\",\"runtime\":{\"vendor\""), json);
    assertTrue(json.indexOf("\"libc\"") < json.indexOf("\"debian\"") && json.indexOf("\"cacerts\"")
        < json.indexOf("\"main\"") && json.endsWith("\"codec\":\"zstd\",\"cds\":\"auto\",\"packing\":\"small\"}"), json);
    assertTrue(json.contains("\"version\":\"17.0.19+10\",\"java\":17,\"javaChosen\":\"theJDKgiven\",\"modules\""),
        json);
  }

  /** --locales: the runtime's locales travel and read back; without them the key is not written at all. */
  @Test
  void theLocalesARuntimeWasCutToReadBack() {
    BuildInfo.Runtime cut = new BuildInfo.Runtime("Debian", "17.0.19+10", Optional.of(17L), Optional.empty(),
        List.of("java.base", "jdk.localedata"), List.of("de", "fr-CA"));
    BuildInfo info = new BuildInfo(FULL.hermit(), FULL.target(), cut, FULL.libc(), FULL.debian(), FULL.cacerts(),
        FULL.main(), FULL.jar(), FULL.jvmOptions(), FULL.app(), FULL.codec(), FULL.cds(), FULL.packing(),
        FULL.other());
    assertEquals(List.of("de", "fr-CA"), BuildInfo.parse(info.toJson()).runtime().locales());
    assertTrue(info.toJson().replaceAll("\\s", "").contains("\"locales\":[\"de\",\"fr-CA\"]"), info.toJson());
    assertTrue(!FULL.toJson().contains("locales"), FULL.toJson());
    assertEquals(List.of(), BuildInfo.parse(FULL.toJson()).runtime().locales());
  }

  /** An output of the first hermits: no libc, no cacerts, no Debian packages, no Maven coordinates. */
  @Test
  void readsTheInformationOfOlderOutputs() {
    BuildInfo old = BuildInfo.parse("""
        {"hermit": "0.1.0", "target": "linux/amd64",
         "runtime": {"vendor": "Eclipse Adoptium", "version": "17.0.15+6", "modules": ["java.base"]},
         "main": "Hello", "jvmOptions": [], "app": [{"path": "app/hello.jar", "size": 700, "sha256": "ee"}],
         "codec": "deflate"}""");
    assertEquals(Optional.empty(), old.libc());
    assertEquals(Optional.empty(), old.cacerts());
    assertEquals(Optional.empty(), old.jar());
    assertEquals(List.of("java.base"), old.runtime().modules());
    assertEquals(700, old.app().get(0).size());
  }

  /** A newer hermit's keys are kept, in order, so inspect still shows them. */
  @Test
  void keepsKeysItDoesNotKnow() {
    String newer = FULL.toJson().replace("\"codec\"", "\"sizes\": {\"runtime\": 10}, \"codec\"");
    BuildInfo info = BuildInfo.parse(newer);
    assertEquals(Map.of("sizes", Map.of("runtime", 10L)), info.other());
    assertTrue(info.toMap().containsKey("sizes"));
  }

  @Test
  void refusesWhatNoHermitWritesNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BuildInfo.parse(FULL.toJson().replace("\"modules\": [", "\"modules\": [1, ")));
    assertEquals("the build information's runtime.modules[] is not a string", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BuildInfo.parse("{\"hermit\": \"0.1.0\"}"));
    assertEquals("the build information has no runtime", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BuildInfo.parse("[1"));
    assertTrue(e.getMessage().startsWith("the build information is not JSON: "), e.getMessage());
  }
}
