package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hermit.platform.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A linux/arm/v7 output states its ABI (Jansi 2.4.1 in an empty root under qemu-arm asked for its soft-float
 * {@code Linux/arm} library, which the build drops, and failed with {@code UnsatisfiedLinkError: CLibrary.isatty});
 * other targets, and an app that sets the property, are left alone.
 */
class ArmAbiTest {
  @Test
  void onlyArmGetsTheAbiAndTheAppsOwnWins() {
    BuildListener l = BuildListener.NONE;
    assertEquals(List.of("-Dsun.arch.abi=gnueabihf", "-Xmx64m"),
        ArmAbi.add(Target.parse("linux/arm/v7"), List.of("-Xmx64m"), l));
    assertEquals(List.of(), ArmAbi.add(Target.parse("linux/arm64"), List.of(), l));
    assertEquals(List.of(), ArmAbi.add(Target.parse("linux/amd64"), List.of(), l));
    List<String> own = List.of("-Dsun.arch.abi=gnueabi");
    assertEquals(own, ArmAbi.add(Target.parse("linux/arm/v7"), own, l));
  }
}
