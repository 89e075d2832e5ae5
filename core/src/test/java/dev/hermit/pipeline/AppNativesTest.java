package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The classifier jars of one artifact are recognised as siblings, and different artifacts are not. */
class AppNativesTest {
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
}
