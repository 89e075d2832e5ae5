package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build for linux/arm64 on this amd64 host: Debian's arm64 JDK and libraries (apt-get download, extracted into
 * a multiarch sysroot), the arm64 launcher, the bundled arm64 loader. Run under qemu-user: the launcher extracts;
 * its execve of the arm64 loader then fails here (no binfmt_misc, so the kernel cannot run arm64 programs), so
 * the test starts the extracted runtime exactly as the manifest says, through qemu.
 */
class CrossIT {
  static final Map<String, String> HOST = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
  static final List<String> PACKAGES = List.of("openjdk-17-jdk-headless:arm64", "openjdk-17-jre-headless:arm64",
      "libc6:arm64", "libc-bin:arm64", "zlib1g:arm64", "libstdc++6:arm64", "libgcc-s1:arm64");
  @TempDir Path dir;

  @Test
  void buildsForArm64AndRunsUnderQemu() throws IOException {
    assumeTrue(Proc.run(List.of("sh", "-c", "dpkg --print-foreign-architectures | grep -qx arm64"), HOST, null, null)
        .code() == 0, "SKIPPED LOUDLY: arm64 is not a dpkg foreign architecture here (testdata/corpus/fetch.sh adds it)");
    Path root = Files.createDirectories(dir.resolve("sysroot"));
    List<String> fetch = new ArrayList<>(List.of("sh", "-c",
        "mkdir -p debs && cd debs && apt-get download \"$@\" && for d in *.deb; do dpkg-deb -x \"$d\" ../sysroot; done",
        "sh"));
    fetch.addAll(PACKAGES);
    Proc f = Proc.run(fetch, HOST, null, dir);
    assertEquals(0, f.code(), "fetching the arm64 JDK: " + f);

    Path exe = dir.resolve("hello-arm64");
    Proc build = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "--target", "linux/arm64",
        "--jdk", root.resolve("usr/lib/jvm/java-17-openjdk-arm64").toString(), "--sysroot", root.toString(),
        "-o", exe.toString());
    assertEquals(0, build.code(), build.toString());

    Proc inspect = Hermit.run("inspect", exe.toString());
    assertTrue(inspect.out().contains("ELF 64-bit LSB executable, arm64 (EM_AARCH64), static"), inspect.out());
    assertTrue(inspect.out().matches("(?s).*\\ttarget +linux/arm64\\n.*"), inspect.out());
    assertTrue(inspect.out().matches("(?s).*\\thermetic +yes .*ld-linux-aarch64.so.1.*"), inspect.out());

    Path cache = dir.resolve("cache");
    Proc first = Proc.run(List.of("qemu-aarch64-static", exe.toString()), Map.of("HERMIT_CACHE_DIR", cache.toString()),
        null, dir);
    assertEquals(118, first.code(), first.toString());
    assertTrue(first.err().contains("exec format error"), first.toString());

    Path entry;
    try (Stream<Path> s = Files.list(cache)) {
      entry = s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    // The manifest's own command line (EXEC, ARGs, ENV), with the templates expanded as the launcher would.
    dev.hermit.payload.Manifest m;
    try (dev.hermit.payload.PayloadReader r = dev.hermit.payload.PayloadReader.open(exe)) {
      m = r.manifest();
    }
    java.util.function.UnaryOperator<String> expand = t -> t.replace(dev.hermit.payload.Manifest.ROOT, entry.toString())
        .replace(dev.hermit.payload.Manifest.EXE, exe.toString()).replace(dev.hermit.payload.Manifest.TMP, "/tmp");
    List<String> command = new ArrayList<>(List.of("qemu-aarch64-static", expand.apply(m.exec())));
    m.args().stream().skip(1).map(expand).forEach(command::add);
    command.add(command.indexOf("-jar"), "-Xint"); // halves the time under emulation (FIELD-NOTES §4)
    command.add("ü");
    Map<String, String> env = new java.util.HashMap<>();
    for (String e : m.env()) {
      env.put(e.substring(0, e.indexOf('=')), expand.apply(e.substring(e.indexOf('=') + 1)));
    }
    Proc run = Proc.run(command, env, null, dir);
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("on aarch64.") && run.out().contains("arg: ü\n"), run.toString());
  }
}
