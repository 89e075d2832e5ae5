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
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Resolution inside a foreign-arch sysroot against that arch's own glibc loader in trace mode (what ldd does),
 * run under qemu-user with {@code -L sysroot}. The loader only maps the libraries, it runs none of the program;
 * the files are Debian's. Covers the multiarch default directories of each arch and in-root symlinks.
 */
class SysrootAgreementTest {
  private static final int PER_ARCH = Integer.getInteger("hermit.sysroot.perArch", 60);
  private static final Map<String, String> QEMU = Map.of("arm64", "aarch64", "armhf", "arm", "i386", "i386",
      "ppc64el", "ppc64le", "s390x", "s390x");

  @Test
  void foreignSysrootsResolveLikeTheirOwnLoader() throws Exception {
    Path sysroots = TestCorpus.requireCorpus("sysroot");
    int agree = 0;
    int total = 0;
    List<String> disagreements = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Map.Entry<String, String> arch : new java.util.TreeMap<>(QEMU).entrySet()) {
      Path root = sysroots.resolve(arch.getKey());
      String qemu = "qemu-" + arch.getValue() + "-static";
      if (!Files.isDirectory(root) || !onPath(qemu)) {
        skipped.add(arch.getKey() + (Files.isDirectory(root) ? " (no " + qemu + ")" : " (no sysroot)"));
        continue;
      }
      List<Path> files = dynamicFiles(root);
      Inspector inspector = Inspector.withSysroot(root);
      RootedFileSystem fs = new RootedFileSystem(root);
      for (Path file : files) {
        total++;
        InspectReport report = inspector.inspect(file);
        String actual = hermit(report, fs);
        String interpreter = report.elf().orElseThrow().interpreter().orElseThrow();
        String expected = trace(qemu, root, interpreter, file, fs);
        if (actual.equals(expected)) {
          agree++;
        } else {
          disagreements.add(file + "\n    hermit: " + actual + "\n    ld.so:  " + expected);
        }
      }
    }
    assumeTrue(total > 0, "SKIPPED: no sysroot could be checked: " + skipped);
    String figure = String.format("resolution agreement with each arch's ld.so under qemu (sysroots): %d/%d"
        + " files (%.2f%%), %d disagreements%s", agree, total, 100.0 * agree / total, disagreements.size(),
        skipped.isEmpty() ? "" : "; NOT CHECKED: " + skipped);
    System.out.println(figure);
    disagreements.stream().limit(20).forEach(System.out::println);
    assertTrue(disagreements.isEmpty(), figure + "\n" + String.join("\n",
        disagreements.subList(0, Math.min(10, disagreements.size()))));
  }

  private static List<Path> dynamicFiles(Path root) throws IOException {
    List<Path> candidates = new ArrayList<>();
    for (Path file : TestCorpus.withMagic(root, new byte[] {0x7f, 'E', 'L', 'F'})) {
      ElfFile elf = ElfReader.read(file);
      if (elf.linkage() == Linkage.DYNAMIC && elf.interpreter().isPresent()) {
        candidates.add(file);
      }
    }
    List<Path> files = new ArrayList<>();
    double step = Math.max(1.0, (double) candidates.size() / PER_ARCH);
    for (double i = 0; i < candidates.size(); i += step) {
      files.add(candidates.get((int) i));
    }
    return files;
  }

  private static String hermit(InspectReport report, RootedFileSystem fs) {
    TreeSet<String> libs = new TreeSet<>();
    DependencyGraph graph = report.dependencies().orElseThrow();
    graph.interpreter().ifPresent(p -> libs.add(inRoot(p.toString(), fs)));
    for (Dependency d : graph.flat()) {
      libs.add(d.path().map(p -> inRoot(p.toString(), fs)).orElse(d.name() + " => not found"));
    }
    return libs.toString();
  }

  private static String trace(String qemu, Path root, String interpreter, Path file, RootedFileSystem fs)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(qemu, "-L", root.toString(),
        fs.resolveFile(interpreter).orElseThrow().toString(), file.toString()).redirectErrorStream(true);
    builder.environment().remove("LD_LIBRARY_PATH");
    builder.environment().remove("LD_PRELOAD");
    builder.environment().put("LD_TRACE_LOADED_OBJECTS", "1");
    Process process = builder.start();
    byte[] bytes = process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return "loader timed out";
    }
    TreeSet<String> libs = new TreeSet<>();
    for (String line : new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      String t = line.trim().replaceFirst(" \\(0x[0-9a-f]+\\)$", "");
      if (t.isEmpty() || t.startsWith("linux-vdso") || t.startsWith("linux-gate")) {
        continue;
      }
      int arrow = t.indexOf(" => ");
      if (arrow >= 0 && t.endsWith("not found")) {
        libs.add(t.substring(0, arrow) + " => not found");
      } else {
        libs.add(inRoot(arrow >= 0 ? t.substring(arrow + 4) : t, fs));
      }
    }
    return libs.toString();
  }

  /** A path as the target sees it, with in-root links resolved: the common ground of both answers. */
  private static String inRoot(String path, RootedFileSystem fs) {
    String root = fs.root().toString();
    String target = path.startsWith(root + "/") ? path.substring(root.length()) : path;
    return fs.resolveFile(target).map(p -> "/" + fs.root().relativize(p)).orElse(target + " (missing)");
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
