package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.HermitException;
import dev.hermit.platform.Target;
import dev.hermit.provision.DebianMirror;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross builds as a user makes them: one {@code hermit build --target A,B,...} with nothing prepared. Each
 * target's JDK and C library come from Debian's archive (provisioning, verified as apt verifies), into one SDK
 * cache that the suite shares ({@code hermit.test.sdk}, cli/target/it-sdk), so a later test for the same target
 * downloads nothing; ProvisionIT checks the fetch itself from an empty cache. {@link Runners} probes how each
 * target runs here: where this kernel runs it (i386 on many x86_64 kernels) the output runs as it is; elsewhere
 * under qemu-user with {@code HERMIT_EMULATOR}, as docs/PROVISIONING.md tells users to test cross builds in CI.
 * The manual {@code --jdk}/{@code --sysroot} path is SysrootIT's.
 */
class CrossIT {
  /** The suite's shared SDK cache: the first test that needs a target's SDK fetches it. */
  static final Path SDK = Path.of(System.getProperty("hermit.test.sdk", "target/it-sdk")).toAbsolutePath();
  /** Every Java 17 (Debian bookworm) platform; linux/riscv64 needs Java 21 and is JavaVersionIT's. */
  static final List<String> TARGETS = List.of("linux/amd64", "linux/arm64", "linux/arm/v7", "linux/386",
      "linux/ppc64le", "linux/s390x");
  @TempDir static Path dir;
  static Proc build;

  /** One command for every platform but this host's, as a user ships a release: dist/hello-OS-ARCH each. */
  @BeforeAll
  static void buildEveryPlatformInOneCommand() {
    String others = String.join(",", TARGETS.stream().filter(t -> !Target.parse(t).isHost()).toList());
    build = Hermit.runJar(provisioning(dir), dir, "build", Hermit.REPO.resolve("examples/hello").toString(),
        "--target", others, "-o", dir.resolve("dist").toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "linux/amd64,   'ELF 64-bit LSB executable, amd64 (EM_X86_64)',   ld-linux-x86-64.so.2,  amd64",
      "linux/arm64,   'ELF 64-bit LSB executable, arm64 (EM_AARCH64)',  ld-linux-aarch64.so.1, aarch64",
      "linux/arm/v7,  'ELF 32-bit LSB executable, arm (EM_ARM)',        ld-linux-armhf.so.3,   arm",
      "linux/386,     'ELF 32-bit LSB executable, 386 (EM_386)',        ld-linux.so.2,         i386",
      "linux/ppc64le, 'ELF 64-bit LSB executable, ppc64le (EM_PPC64)', ld64.so.2,             ppc64le",
      "linux/s390x,   'ELF 64-bit MSB executable, s390x (EM_S390)',     ld64.so.1,             s390x"})
  void buildsForAnotherArchitectureAndRuns(String target, String elf, String loader, String osArch) {
    assumeTrue(!Target.parse(target).isHost(), "SKIPPED LOUDLY: " + target + " is this host's own platform; "
        + "BuildAndRunIT covers it");
    assertEquals(0, build.code(), build.toString());
    Path exe = dir.resolve("dist/hello-" + Target.parse(target).fileName());
    assertTrue(build.err().contains("] building for " + target + "\n") && build.err().contains("] wrote " + exe
        + " (" + target + ", "), build.err());

    Proc inspect = Hermit.run("inspect", exe.toString());
    assertTrue(inspect.out().contains(elf) && inspect.out().contains(", static\n"), inspect.out());
    assertTrue(inspect.out().matches("(?s).*\\ttarget +" + Pattern.quote(target) + "\\n.*"), inspect.out());
    assertTrue(inspect.out().matches("(?s).*\\thermetic +yes .*" + Pattern.quote(loader) + ".*"), inspect.out());

    Path work = dir.resolve("run-" + Target.parse(target).fileName());
    Proc run = runHere(Target.parse(target), exe, work.resolve("cache"), dir, "ü");
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("on " + osArch + ".") && run.out().contains("arg: ü\n"), run.toString());
  }

  /**
   * The environment of a build that provisions into the suite's shared SDK cache, from the host's mirror (or
   * HERMIT_DEBIAN_MIRROR); skips loudly when there is no mirror to fetch from.
   */
  static Map<String, String> provisioning(Path home) {
    try {
      DebianMirror.choose(System.getenv("HERMIT_DEBIAN_MIRROR"), Path.of("/"));
    } catch (HermitException e) {
      assumeTrue(false, "SKIPPED LOUDLY: " + e.getMessage());
    }
    Map<String, String> env = new HashMap<>(Proc.HOST);
    env.put("HERMIT_SDK_DIR", SDK.toString());
    env.put("HOME", home.toString());
    if (System.getenv("HERMIT_DEBIAN_MIRROR") != null) {
      env.put("HERMIT_DEBIAN_MIRROR", System.getenv("HERMIT_DEBIAN_MIRROR"));
    }
    return env;
  }

  /**
   * Runs an output of {@code target} here: natively where the kernel runs it; else under qemu-user, where the
   * launcher's execve of the target's loader first fails (118, no binfmt_misc) and then, with HERMIT_EMULATOR,
   * goes through qemu. {@code -Xint} halves the time under emulation (FIELD-NOTES §4).
   */
  static Proc runHere(Target target, Path exe, Path cache, Path dir, String... args) {
    Runners.Runner runner = Runners.of(target);
    List<String> command = new ArrayList<>(List.of(exe.toString()));
    command.addAll(List.of(args));
    if (runner.isNative()) {
      return Proc.run(command, Map.of("HERMIT_CACHE_DIR", cache.toString()), null, dir);
    }
    Proc which = Proc.run(List.of("sh", "-c", "command -v " + runner.qemu().orElseThrow()), Proc.HOST, null, null);
    assumeTrue(which.code() == 0, "SKIPPED LOUDLY: " + runner.qemu().orElseThrow()
        + " is not installed (apt: qemu-user-static)");
    String qemu = which.out().strip();
    command.add(0, qemu);
    if (!runner.kernelRuns()) {
      Proc alone = Proc.run(command, Map.of("HERMIT_CACHE_DIR", cache.toString()), null, dir);
      assertEquals(118, alone.code(), alone.toString());
      assertTrue(alone.err().contains("exec format error"), alone.toString());
    } // forced (HERMIT_TEST_EMULATE) on a kernel that runs the target: qemu hands the loader's execve to the kernel
    return Proc.run(command, Map.of("HERMIT_CACHE_DIR", cache.toString(), "HERMIT_EMULATOR", qemu,
        "JAVA_TOOL_OPTIONS", "-Xint"), null, dir);
  }
}
