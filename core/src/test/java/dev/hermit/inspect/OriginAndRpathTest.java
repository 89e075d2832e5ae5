package dev.hermit.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.binary.TestCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * $ORIGIN, DT_RPATH inheritance and DT_RUNPATH non-inheritance, on programs built here with clang, checked
 * against ldd (the programs are our own, so running the loader on them is safe):
 * prog → libfoo.so ($ORIGIN/../lib) → libbar.so (in the same lib directory, named by no path of its own).
 * With DT_RPATH the program's path is searched for libbar too; with DT_RUNPATH it is not.
 */
class OriginAndRpathTest {
  @TempDir Path dir;

  @Test
  void rpathIsInheritedRunpathIsNot() throws Exception {
    assumeTrue(TestCorpus.hasTool("clang"), "SKIPPED: clang is not installed");
    Path lib = Files.createDirectories(dir.resolve("app/lib"));
    Path bin = Files.createDirectories(dir.resolve("app/bin"));
    Files.writeString(dir.resolve("bar.c"), "int bar(void) { return 1; }\n");
    Files.writeString(dir.resolve("foo.c"), "int bar(void); int foo(void) { return bar(); }\n");
    Files.writeString(dir.resolve("main.c"), "int foo(void); int main(void) { return foo(); }\n");
    cc("-shared", "-fPIC", "-o", lib.resolve("libbar.so"), dir.resolve("bar.c"), "-Wl,-soname,libbar.so");
    cc("-shared", "-fPIC", "-o", lib.resolve("libfoo.so"), dir.resolve("foo.c"), "-Wl,-soname,libfoo.so",
        "-L" + lib, "-lbar");
    cc("-o", bin.resolve("with-rpath"), dir.resolve("main.c"), "-L" + lib, "-lfoo",
        "-Wl,--disable-new-dtags,-rpath,$ORIGIN/../lib", "-Wl,--allow-shlib-undefined");
    cc("-o", bin.resolve("with-runpath"), dir.resolve("main.c"), "-L" + lib, "-lfoo",
        "-Wl,--enable-new-dtags,-rpath,$ORIGIN/../lib", "-Wl,--allow-shlib-undefined");

    Inspector inspector = Inspector.withSysroot(Path.of("/"));
    Map<String, String> rpath = libraries(inspector.inspect(bin.resolve("with-rpath")));
    Map<String, String> runpath = libraries(inspector.inspect(bin.resolve("with-runpath")));
    assertEquals(lib.resolve("libfoo.so").toString(), rpath.get("libfoo.so"));
    assertEquals(lib.resolve("libbar.so").toString(), rpath.get("libbar.so"), "DT_RPATH applies to libfoo's needs");
    assertEquals(lib.resolve("libfoo.so").toString(), runpath.get("libfoo.so"));
    assertEquals("not found", runpath.get("libbar.so"), "DT_RUNPATH applies to the program's own needs only");

    assertEquals(ldd(bin.resolve("with-rpath")), rpath);
    assertEquals(ldd(bin.resolve("with-runpath")), runpath);
  }

  private void cc(Object... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("clang", "-fuse-ld=lld"));
    for (Object a : args) {
      command.add(a.toString());
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), "clang failed: " + command + "\n" + out);
  }

  private static Map<String, String> libraries(InspectReport report) {
    Map<String, String> result = new TreeMap<>();
    for (Dependency d : report.dependencies().orElseThrow().flat()) {
      result.put(d.name(), d.path().map(Path::toString).orElse("not found"));
    }
    return result;
  }

  private static Map<String, String> ldd(Path file) throws Exception {
    String out = TestCorpus.run(List.of("ldd", file.toString()));
    Map<String, String> result = new TreeMap<>();
    for (String line : out.split("\n")) {
      String t = line.trim().replaceFirst(" \\(0x[0-9a-f]+\\)$", "");
      int arrow = t.indexOf(" => ");
      if (arrow > 0) {
        String path = t.substring(arrow + 4);
        result.put(t.substring(0, arrow), path.equals("not found") ? path : Path.of(path).normalize().toString());
      }
    }
    assertTrue(!result.isEmpty(), "ldd printed no libraries: " + out);
    return result;
  }
}
