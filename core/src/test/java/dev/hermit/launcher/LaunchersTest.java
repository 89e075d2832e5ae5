package dev.hermit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.binary.ByteArrayChannel;
import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.elf.ElfReader;
import dev.hermit.binary.elf.Linkage;
import dev.hermit.platform.Target;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The table of targets and the launchers the build ships stay in step: each launcher is static and for its target. */
class LaunchersTest {
  @Test
  void everyShippedLauncherIsAStaticExecutableForItsTarget() throws IOException {
    int shipped = 0;
    for (Target t : Target.ALL) {
      if (!Launchers.available(t)) {
        continue;
      }
      shipped++;
      ElfFile elf = ElfReader.read(new ByteArrayChannel(Launchers.forTarget(t)));
      assertEquals(t.elfMachine(), elf.machine().value(), t.id());
      assertEquals(Linkage.STATIC, elf.linkage(), t.id());
      assertTrue(elf.interpreter().isEmpty() && elf.dynamic().isEmpty(), t.id());
    }
    Target host = Target.host().orElse(Target.parse("linux/amd64"));
    assertTrue(Launchers.available(host), "the host's launcher (" + host + ") must always ship");
    assertTrue(shipped >= 6,
        "launchers for amd64, arm64, arm/v7, 386, ppc64le and s390x are built by launcher/build.sh: " + shipped);
  }

  @Test
  void aTargetWithoutALauncherIsRefusedNamingTheOnesThatExist() {
    Target none = Target.ALL.stream().filter(t -> !Launchers.available(t)).findFirst().orElse(null);
    org.junit.jupiter.api.Assumptions.assumeTrue(none != null, "every target has a launcher: nothing to refuse");
    dev.hermit.HermitException e = org.junit.jupiter.api.Assertions.assertThrows(dev.hermit.HermitException.class,
        () -> Launchers.forTarget(none));
    assertTrue(e.getMessage().contains("linux/amd64"), e.getMessage());
  }
}
