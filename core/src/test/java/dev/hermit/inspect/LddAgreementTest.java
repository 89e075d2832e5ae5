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
 * protocol with the loader itself, run by one shell per batch of files. Compares the static verdict and the set of
 * libraries (real paths, interpreter included; "not found" by name). linux-vdso is provided by the kernel, not a
 * file, and is left out of ldd's answer. Deliberate difference: hermit does not pick CPU-specific variants from
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
    java.util.Map<Path, String> ldd = lddAll(loader, files);
    for (Path file : files) {
      String expected = ldd.get(file);
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
   * What ldd prints for each file, by ldd's protocol with the loader: "--verify" first (exit 1: "not a dynamic
   * executable"; 0 dynamic, 2 static PIE: list), then the loader's list of what it loads (LD_TRACE_LOADED_OBJECTS),
   * which is ldd's output. One shell runs the loader for a batch of files: a JVM's start of a process costs more
   * than the loader's run (4,600 of them took most of this test's CPU).
   */
  private static java.util.Map<Path, String> lddAll(Path loader, List<Path> files)
      throws IOException, InterruptedException {
    String script = "l=$1; shift; for f; do printf '\\n@@@ %s\\n' \"$f\"; \"$l\" --verify \"$f\" >/dev/null 2>&1;"
        + " if [ $? = 1 ]; then printf '\\n@@@ static\\n'; else LD_TRACE_LOADED_OBJECTS=1 \"$l\" \"$f\" 2>&1; fi; done";
    java.util.Map<Path, String> answers = new java.util.HashMap<>();
    for (int from = 0; from < files.size(); from += 250) {
      List<Path> batch = files.subList(from, Math.min(files.size(), from + 250));
      List<String> command = new ArrayList<>(List.of("sh", "-c", script, "sh", loader.toString()));
      batch.forEach(f -> command.add(f.toString()));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().remove("LD_LIBRARY_PATH");
      builder.environment().remove("LD_PRELOAD");
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!process.waitFor(300, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the loader did not finish with files " + batch.get(0) + "...");
      }
      Path file = null;
      StringBuilder answer = new StringBuilder();
      for (String line : (out + "@@@ \n").split("\n")) {
        if (line.startsWith("@@@ ") && !line.equals("@@@ static")) {
          if (file != null) {
            answers.put(file, parse(answer.toString()));
          }
          file = line.length() > 4 ? Path.of(line.substring(4)) : null;
          answer.setLength(0);
        } else {
          answer.append(line).append('\n');
        }
      }
    }
    return answers;
  }

  /** ldd's answer from the loader's output for one file ("@@@ static" when --verify said it is not dynamic). */
  private static String parse(String out) {
    if (out.contains("@@@ static") || out.contains("statically linked")) {
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

  private static String real(Path path) {
    try {
      return path.toRealPath().toString();
    } catch (IOException e) {
      return path.toString();
    }
  }
}
