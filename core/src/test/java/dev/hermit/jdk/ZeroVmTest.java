package dev.hermit.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.launcher.Launchers;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime whose only JVM is Zero (Debian trixie's armhf Java 25 has lib/zero alone): its platform is read from that
 * JVM, and the build warns that it is an interpreter. Before, jlink's check read lib/server and failed every such
 * build with "a runtime for the wrong platform (ELF machine -1)". The JVM here is an ELF of that platform, the arm/v7
 * launcher, as jlink's images write no OS_ARCH and the JVM library's header is what is read.
 */
class ZeroVmTest {
  @TempDir Path dir;
  static final Target ARM = Target.parse("linux/arm/v7");

  Path image(String... vms) throws IOException {
    Path image = Files.createDirectories(dir.resolve("rt"));
    Files.writeString(image.resolve("release"), "JAVA_VERSION=\"25.0.5\"\nJAVA_RUNTIME_VERSION=\"25.0.5+8\"\n");
    for (String vm : vms) {
      Files.write(Files.createDirectories(image.resolve("lib/" + vm)).resolve("libjvm.so"), Launchers.forTarget(ARM));
    }
    return image;
  }

  @Test
  void aRuntimeWithOnlyZeroIsForItsPlatformAndIsWarnedOf() throws IOException {
    Path image = image("zero");
    assertEquals(image.resolve("lib/zero/libjvm.so"), JLink.libjvm(image));
    Jdk jdk = Jdk.at(image);
    assertEquals(Optional.of(ARM), jdk.target());
    String warning = JLink.zeroVmWarning(image, ARM, jdk).orElseThrow();
    assertTrue(warning.startsWith("the runtime's JVM is the Zero VM of 25.0.5+8 for linux/arm/v7, an interpreter"
        + " with no JIT compiler") && warning.endsWith("--java 21)"), warning);
    // i386's Java 25 is Zero too, and its Java 21 a server VM
    assertTrue(JLink.zeroVmWarning(image, Target.parse("linux/386"), jdk).orElseThrow().endsWith(
        "(Debian's Java 17 and 21 for linux/386 have one: --java 21)"));
  }

  @Test
  void theServerVmComesFirstAndIsNotWarnedOf() throws IOException {
    Path image = image("zero", "client", "server");
    assertEquals(image.resolve("lib/server/libjvm.so"), JLink.libjvm(image));
    assertEquals(Optional.empty(), JLink.zeroVmWarning(image, ARM, Jdk.at(image)));
    Files.delete(image.resolve("lib/server/libjvm.so"));
    assertEquals(image.resolve("lib/client/libjvm.so"), JLink.libjvm(image));
  }
}
