package dev.hermit.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Core's messages, as a Maven user reads them: the plugin's elements where the CLI's options were named. */
class MavenSpellingTest {
  @Test
  void hermitsOptionsAreWrittenAsElementsWithTheirValues() {
    // two messages a Maven 3.9 tester got, naming the CLI's --java and --cacerts
    assertEquals("as <java> (or HERMIT_JAVA) asks: give <java>21</java> or newer, or leave it out",
        MavenSpelling.of("as --java (or HERMIT_JAVA) asks: give --java 21 or newer, or leave it out"));
    assertEquals("HTTPS may fail (<cacerts>/etc/ssl/certs/java/cacerts</cacerts> ships that store)",
        MavenSpelling.of("HTTPS may fail (--cacerts /etc/ssl/certs/java/cacerts ships that store)"));
    assertEquals("build with <allowMissing>libfoo.so.1,libbar.so.2</allowMissing> (the native then loads",
        MavenSpelling.of("build with --allow-missing libfoo.so.1,libbar.so.2 (the native then loads"));
    assertEquals("<native>none</native> leaves them out; <bundleLibraries>libz.so.1</bundleLibraries>",
        MavenSpelling.of("--native=none leaves them out; --bundle-library libz.so.1"));
    assertEquals("give <mainClass>com.x.Main</mainClass>, or <modulesFor>agent.jar</modulesFor>",
        MavenSpelling.of("give --main com.x.Main, or --modules-for agent.jar"));
  }

  @Test
  void theJvmsOwnOptionsAndOtherWordsStay() {
    String jvm = "run with --add-opens java.base/java.lang=ALL-UNNAMED and --enable-preview; --javaagent x";
    assertEquals(jvm, MavenSpelling.of(jvm));
    assertEquals("the <target> and <java> options", MavenSpelling.of("the --target and --java options"));
  }
}
