package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.TargetException;
import dev.hermit.platform.Target;
import org.junit.jupiter.api.Test;

/** HERMIT_OS, HERMIT_ARCH and HERMIT_ARM, read as Go reads GOOS, GOARCH and GOARM. */
class TargetsTest {
  @Test
  void theArchAloneOrWithTheOsAndTheArmVersionAsGoarmWritesIt() {
    assertEquals("linux/arm64", Targets.fromEnvironment(null, "arm64", null).id());
    assertEquals("linux/arm/v7", Targets.fromEnvironment("linux", "arm", "7").id());
    assertEquals("linux/arm/v7", Targets.fromEnvironment("", "arm", "v7").id());
    assertEquals("linux/riscv64", Targets.fromEnvironment("linux", "riscv64", "7").id(), "GOARM is for arm only");
    assertEquals(Target.host().orElseThrow(), Targets.fromEnvironment("linux", null, null), "the host's arch");
  }

  @Test
  void aTargetHermitDoesNotKnowNamesTheVariablesItCameFrom() {
    // HERMIT_OS alone was ignored: plan9 gave a build for the host
    TargetException os = assertThrows(TargetException.class, () -> Targets.fromEnvironment("plan9", null, null));
    assertTrue(os.getMessage().startsWith("unknown target 'plan9/") && os.getMessage().contains(
        "(from the environment: HERMIT_OS=plan9; --target overrides it)"), os.getMessage());
    TargetException arm = assertThrows(TargetException.class, () -> Targets.fromEnvironment(null, "arm", "6"));
    assertTrue(arm.getMessage().startsWith("unknown target 'linux/arm/v6'")
        && arm.getMessage().contains("HERMIT_ARCH=arm HERMIT_ARM=6"), arm.getMessage());
  }
}
