package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.platform.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds for other Linux architectures than this host's: Debian's JDK and libraries for the target (apt-get
 * download, extracted into a multiarch sysroot), the target's launcher and loader. {@link Runners} probes how each
 * target runs here. Where this kernel runs it (i386 on many x86_64 kernels), the output runs as it is, loader and
 * JVM included. Elsewhere it runs under qemu-user: the launcher extracts; its execve of the target's loader then
 * fails (no binfmt_misc, so the kernel cannot run foreign programs), so the test starts the extracted runtime
 * exactly as the manifest says, through qemu.
 */
class CrossIT {
  static final List<String> PACKAGES = List.of("openjdk-17-jdk-headless", "openjdk-17-jre-headless", "libc6",
      "libc-bin", "zlib1g", "libstdc++6", "libgcc-s1");
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "linux/amd64,   amd64,   'ELF 64-bit LSB executable, amd64 (EM_X86_64)',   ld-linux-x86-64.so.2,  amd64",
      "linux/arm64,   arm64,   'ELF 64-bit LSB executable, arm64 (EM_AARCH64)',  ld-linux-aarch64.so.1, aarch64",
      "linux/arm/v7,  armhf,   'ELF 32-bit LSB executable, arm (EM_ARM)',        ld-linux-armhf.so.3,   arm",
      "linux/386,     i386,    'ELF 32-bit LSB executable, 386 (EM_386)',        ld-linux.so.2,         i386",
      "linux/ppc64le, ppc64el, 'ELF 64-bit LSB executable, ppc64le (EM_PPC64)', ld64.so.2,             ppc64le",
      "linux/s390x,   s390x,   'ELF 64-bit MSB executable, s390x (EM_S390)',     ld64.so.1,             s390x"})
  void buildsForAnotherArchitectureAndRuns(String target, String debianArch, String elf, String loader,
      String osArch) throws IOException {
    assumeTrue(!Target.parse(target).isHost(), "SKIPPED LOUDLY: " + target + " is this host's own platform; "
        + "BuildAndRunIT covers it");
    assumeTrue(Proc.run(List.of("sh", "-c", "dpkg --print-foreign-architectures | grep -qx " + debianArch), Proc.HOST,
        null, null).code() == 0,
        "SKIPPED LOUDLY: " + debianArch + " is not a dpkg foreign architecture here (testdata/corpus/fetch.sh adds it)");
    Path root = Files.createDirectories(dir.resolve("sysroot"));
    List<String> fetch = new ArrayList<>(List.of("sh", "-c",
        "mkdir -p debs && cd debs && " + Proc.APT_GET + " download \"$@\" && for d in *.deb; do dpkg-deb -x \"$d\" ../sysroot; done",
        "sh"));
    PACKAGES.forEach(p -> fetch.add(p + ":" + debianArch));
    Proc f = Proc.run(fetch, Proc.HOST, null, dir);
    assertEquals(0, f.code(), "fetching the " + debianArch + " JDK: " + f);

    Path exe = dir.resolve("hello");
    Proc build = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "--target", target,
        "--jdk", root.resolve("usr/lib/jvm/java-17-openjdk-" + debianArch).toString(), "--sysroot", root.toString(),
        "-o", exe.toString());
    assertEquals(0, build.code(), build.toString());

    Proc inspect = Hermit.run("inspect", exe.toString());
    assertTrue(inspect.out().contains(elf) && inspect.out().contains(", static\n"), inspect.out());
    assertTrue(inspect.out().matches("(?s).*\\ttarget +" + java.util.regex.Pattern.quote(target) + "\\n.*"),
        inspect.out());
    assertTrue(inspect.out().matches("(?s).*\\thermetic +yes .*" + java.util.regex.Pattern.quote(loader) + ".*"),
        inspect.out());

    Path cache = dir.resolve("cache");
    Runners.Runner runner = Runners.of(Target.parse(target));
    if (runner.isNative()) {
      Proc run = Proc.run(List.of(exe.toString(), "ü"), Map.of("HERMIT_CACHE_DIR", cache.toString()), null, dir);
      assertEquals(0, run.code(), run.toString());
      assertTrue(run.out().contains("on " + osArch + ".") && run.out().contains("arg: ü\n"), run.toString());
      return;
    }
    String qemu = runner.qemu().orElseThrow();
    assumeTrue(Proc.run(List.of("sh", "-c", "command -v " + qemu), Proc.HOST, null, null).code() == 0,
        "SKIPPED LOUDLY: " + qemu + " is not installed (apt: qemu-user-static)");
    Proc first = Proc.run(List.of(qemu, exe.toString(), "ü"), Map.of("HERMIT_CACHE_DIR", cache.toString()),
        null, dir);
    if (runner.kernelRuns()) {
      // forced (HERMIT_TEST_EMULATE) on a kernel that runs this target: qemu passes the launcher's execve of the
      // loader to the kernel, which runs it natively
      assertEquals(0, first.code(), first.toString());
      assertTrue(first.out().contains("on " + osArch + ".") && first.out().contains("arg: ü\n"), first.toString());
    } else {
      assertEquals(118, first.code(), first.toString());
      assertTrue(first.err().contains("exec format error"), first.toString());
    }

    Proc run = runAsManifestSays(qemu, exe, cache, dir, "ü");
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("on " + osArch + ".") && run.out().contains("arg: ü\n"), run.toString());
  }

  /**
   * Starts the runtime that the launcher extracted into {@code cache} the way its manifest says (EXEC, ARGs, ENV,
   * templates expanded as the launcher would), through {@code qemu}: for foreign outputs whose launcher cannot
   * execve the target's loader here (no binfmt_misc). {@code -Xint} halves the time under emulation (FIELD-NOTES §4).
   */
  static Proc runAsManifestSays(String qemu, Path exe, Path cache, Path dir, String... args) throws IOException {
    Path entry;
    try (Stream<Path> s = Files.list(cache)) {
      entry = s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    dev.hermit.payload.Manifest m;
    try (dev.hermit.payload.PayloadReader r = dev.hermit.payload.PayloadReader.open(exe)) {
      m = r.manifest();
    }
    java.util.function.UnaryOperator<String> expand = t -> t.replace(dev.hermit.payload.Manifest.ROOT, entry.toString())
        .replace(dev.hermit.payload.Manifest.EXE, exe.toString()).replace(dev.hermit.payload.Manifest.TMP, "/tmp");
    List<String> command = new ArrayList<>(List.of(qemu, expand.apply(m.exec())));
    m.args().stream().skip(1).map(expand).forEach(command::add);
    command.add(command.indexOf("-jar"), "-Xint");
    command.addAll(List.of(args));
    Map<String, String> env = new java.util.HashMap<>();
    for (String e : m.env()) {
      env.put(e.substring(0, e.indexOf('=')), expand.apply(e.substring(e.indexOf('=') + 1)));
    }
    return Proc.run(command, env, null, dir);
  }
}
