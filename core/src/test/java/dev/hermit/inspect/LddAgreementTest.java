package dev.hermit.inspect;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.binary.TestCorpus;
import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.elf.ElfReader;
import dev.hermit.binary.elf.Linkage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The resolver against ldd, for files of the host's own arch only: ldd runs the loader on the file, which is acceptable
 * for the distribution's own files and for nothing else. ldd is a shell script around the loader; the test follows its
 * protocol with the loader itself (a quarter of the CPU for its 2,300 files, the largest single cost of core's tests). Compares the static verdict and the set of libraries
 * (real paths, interpreter included; "not found" by name). linux-vdso is provided by the kernel, not a file, and
 * is left out of ldd's answer. Deliberate difference: hermit does not pick CPU-specific variants from
 * glibc-hwcaps/ or legacy hwcap subdirectories (the target's CPU is unknown to a static reader); when ldd's
 * answer differs only by such variants, the file is counted as a documented difference.
 */
class LddAgreementTest {
  private static final int SAMPLE = Integer.getInteger("hermit.ldd.sample", 5000);

  @Test
  void hostFilesResolveLikeLdd() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ldd")), "SKIPPED: ldd is not installed");
    String hostArch = dev.hermit.platform.Target.host().map(dev.hermit.platform.Target::arch).orElse(null);
    assumeTrue(hostArch != null, "SKIPPED LOUDLY: hermit knows no platform for this host (" + System.getProperty(
        "os.name") + " " + System.getProperty("os.arch") + ")");
    List<Path> candidates = new ArrayList<>();
    for (Path file : TestCorpus.hostElfSample()) {
      if (file.startsWith("/usr/lib/debug")) {
        continue;
      }
      try {
        ElfFile elf = ElfReader.read(file);
        if (elf.arch().equals(hostArch) && elf.linkage() != Linkage.NOT_LINKED) {
          candidates.add(file);
        }
      } catch (IOException e) {
        // unreadable files are the ELF agreement test's business
      }
    }
    List<Path> files = new ArrayList<>();
    double step = Math.max(1.0, (double) candidates.size() / SAMPLE);
    for (double i = 0; i < candidates.size(); i += step) {
      files.add(candidates.get((int) i));
    }
    Path loader = hostLoader(hostArch);
    Inspector inspector = Inspector.withSysroot(Path.of("/"));
    int agree = 0;
    int documented = 0;
    List<String> disagreements = new ArrayList<>();
    for (Path file : files) {
      String expected = ldd(loader, file);
      String actual = hermit(inspector.inspect(file));
      if (expected.equals(actual)) {
        agree++;
      } else if (HWCAPS.matcher(expected).find() && baseline(expected).equals(actual)) {
        documented++;
      } else {
        disagreements.add(file + "\n    hermit: " + actual + "\n    ldd:    " + expected);
      }
    }
    String figure = String.format("resolution agreement with ldd (host %s sample): %d/%d files (%.2f%%),"
        + " %d documented differences (hwcaps variants), %d disagreements", hostArch, agree, files.size() - documented,
        100.0 * agree / Math.max(1, files.size() - documented), documented, disagreements.size());
    System.out.println(figure);
    disagreements.stream().limit(20).forEach(System.out::println);
    assertTrue(disagreements.isEmpty(), figure + "\n" + String.join("\n",
        disagreements.subList(0, Math.min(10, disagreements.size()))));
  }

  private static final java.util.regex.Pattern HWCAPS =
      java.util.regex.Pattern.compile("/(glibc-hwcaps/[^/,\\]]+|tls|x86_64|haswell|avx512_1)(?=/[^/,\\]]+[,\\]])");

  /** ldd's answer with the CPU-specific subdirectories taken out, real paths again. */
  private static String baseline(String lddAnswer) {
    String stripped = HWCAPS.matcher(lddAnswer).replaceAll("");
    TreeSet<String> libs = new TreeSet<>();
    for (String part : stripped.substring(1, stripped.length() - 1).split(", ")) {
      libs.add(part.startsWith("/") ? real(Path.of(part)) : part);
    }
    return libs.toString();
  }

  private static String hermit(InspectReport report) {
    ElfFile elf = report.elf().orElseThrow();
    if (elf.linkage() == Linkage.STATIC || elf.linkage() == Linkage.STATIC_PIE) {
      return "static";
    }
    TreeSet<String> libs = new TreeSet<>();
    DependencyGraph graph = report.dependencies().orElseThrow();
    graph.interpreter().ifPresent(p -> libs.add(real(p)));
    for (Dependency d : graph.flat()) {
      libs.add(d.path().map(LddAgreementTest::real).orElse(d.name() + " => not found"));
    }
    return libs.toString();
  }

  /** The loader ldd would pick for this arch's files: the first of its RTLDLIST built for that arch. */
  private static Path hostLoader(String hostArch) throws IOException {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^RTLDLIST=\"?([^\"\n]*)")
        .matcher(Files.readString(Path.of("/usr/bin/ldd")));
    assertTrue(m.find(), "no RTLDLIST in /usr/bin/ldd: this is not glibc's ldd");
    for (String candidate : m.group(1).trim().split("\\s+")) {
      Path p = Path.of(candidate);
      if (Files.isExecutable(p) && ElfReader.read(p).arch().equals(hostArch)) {
        return p;
      }
    }
    throw new AssertionError("none of ldd's loaders (" + m.group(1) + ") is for " + hostArch);
  }

  /**
   * What ldd prints for the file: "--verify" first (0 dynamic, 2 static PIE: list; 1: "not a dynamic executable"),
   * then the loader's list of what it loads (LD_TRACE_LOADED_OBJECTS), which is ldd's output.
   */
  private static String ldd(Path loader, Path file) throws IOException, InterruptedException {
    String verify = run(loader, file, false);
    if (verify.startsWith("exit 1\n")) {
      return "static";
    }
    String out = run(loader, file, true);
    if (out.contains("statically linked")) {
      return "static";
    }
    TreeSet<String> libs = new TreeSet<>();
    for (String line : out.split("\n")) {
      String t = line.trim();
      // list lines start with a tab; others are the loader's complaints (e.g. a missing symbol version)
      if (!line.startsWith("\t") || t.isEmpty() || t.startsWith("linux-vdso.so")) {
        continue;
      }
      t = t.replaceFirst(" \\(0x[0-9a-f]+\\)$", "");
      int arrow = t.indexOf(" => ");
      if (arrow < 0) {
        libs.add(real(Path.of(t)));
      } else if (t.endsWith("not found")) {
        libs.add(t.substring(0, arrow) + " => not found");
      } else {
        libs.add(real(Path.of(t.substring(arrow + 4))));
      }
    }
    return libs.toString();
  }

  private static String run(Path loader, Path file, boolean trace) throws IOException, InterruptedException {
    List<String> command = trace ? List.of(loader.toString(), file.toString())
        : List.of(loader.toString(), "--verify", file.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("LD_LIBRARY_PATH");
    builder.environment().remove("LD_PRELOAD");
    if (trace) {
      builder.environment().put("LD_TRACE_LOADED_OBJECTS", "1");
    }
    Process process = builder.start();
    byte[] bytes = process.getInputStream().readAllBytes();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return "exit -1\nthe loader timed out";
    }
    return "exit " + process.exitValue() + "\n" + new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String real(Path path) {
    try {
      return path.toRealPath().toString();
    } catch (IOException e) {
      return path.toString();
    }
  }
}
