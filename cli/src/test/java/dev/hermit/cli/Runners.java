package dev.hermit.cli;

import dev.hermit.launcher.Launchers;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * How programs of each target run on this machine: probed once per target, never assumed (whether an x86_64 kernel
 * runs i386 programs differs between machines of one kind, FIELD-NOTES §1). The probe runs that target's launcher
 * with no payload: natively it exits 113 with a {@code hermit:} line; a kernel that cannot run it refuses the exec
 * (ENOEXEC, "Exec format error"), and the target then runs under {@code qemu-<arch>-static}.
 * {@code HERMIT_TEST_EMULATE=linux/386,...} (or {@code linux-386}) forces "cannot" for those targets, so a machine
 * whose kernel runs them proves the other way too; launcher/test.sh reads the same variable.
 */
final class Runners {
  private Runners() {}

  /**
   * @param qemu the emulator to run the target's programs with, or empty when they run natively
   * @param kernelRuns what the probe found, whatever was forced: a program under qemu that execs another program of
   *     this target gets the kernel's answer (no binfmt_misc), so a forced qemu run can still exec natively
   */
  record Runner(Target target, Optional<String> qemu, boolean kernelRuns, String why) {
    boolean isNative() {
      return qemu.isEmpty();
    }

    @Override
    public String toString() {
      return "runner " + target.fileName() + ": " + qemu.orElse("native") + " (" + why + ")";
    }
  }

  private static final Map<Target, Runner> PROBED = new ConcurrentHashMap<>();

  /** How to run this target's programs here; the first call per target probes and prints the answer. */
  static Runner of(Target target) {
    return PROBED.computeIfAbsent(target, t -> {
      Runner r = probe(t);
      System.out.println(r);
      return r;
    });
  }

  /** The command that runs {@code program} (a program of {@code target}) here. */
  static List<String> command(Target target, String program, String... args) {
    List<String> c = new java.util.ArrayList<>();
    of(target).qemu().ifPresent(c::add);
    c.add(program);
    c.addAll(List.of(args));
    return c;
  }

  /** A platform hermit builds for that is not this host's: for what a build must refuse for another platform. */
  static Target foreign() {
    Target arm64 = Target.parse("linux/arm64");
    return arm64.isHost() ? Target.parse("linux/amd64") : arm64;
  }

  static String qemuFor(Target t) {
    String arch = switch (t.arch()) {
      case "amd64" -> "x86_64";
      case "arm64" -> "aarch64";
      case "386" -> "i386";
      default -> t.arch(); // arm, ppc64le, s390x, riscv64: qemu spells them as Go does
    };
    return "qemu-" + arch + "-static";
  }

  static Set<Target> forced() {
    String v = System.getenv().getOrDefault("HERMIT_TEST_EMULATE", "");
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(s -> Target.parse(s.toLowerCase(Locale.ROOT).replace('-', '/')))
        .collect(Collectors.toUnmodifiableSet());
  }

  private static Runner probe(Target t) {
    String qemu = qemuFor(t);
    Path stub;
    try {
      stub = Files.createTempFile("hermit-probe-" + t.fileName() + "-", "",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.write(stub, Launchers.forTarget(t));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      // Through bash's exec, which reports ENOEXEC as it is: Java's process spawning (and glibc's execvp) would
      // instead hand a file the kernel refuses to /bin/sh as a script.
      Proc p = Proc.run(List.of("bash", "-c", "exec \"$0\"", stub.toString()), Proc.HOST, null, null);
      boolean kernelRuns;
      String result;
      if (p.code() == 113 && p.err().startsWith("hermit: ")) {
        kernelRuns = true;
        result = "probe exit 113";
      } else if (p.code() == 126 && p.err().contains("Exec format error")) {
        kernelRuns = false;
        result = "probe: exec format error";
      } else {
        throw new AssertionError("probing how " + t + " runs here: its launcher with no payload should exit 113 "
            + "(natively) or fail to exec with 'Exec format error'; got " + p);
      }
      if (forced().contains(t)) {
        return new Runner(t, Optional.of(qemu), kernelRuns, "forced by HERMIT_TEST_EMULATE; " + result);
      }
      return new Runner(t, kernelRuns ? Optional.empty() : Optional.of(qemu), kernelRuns, result);
    } finally {
      try {
        Files.deleteIfExists(stub);
      } catch (IOException e) {
        // a temp file left behind is harmless
      }
    }
  }
}
