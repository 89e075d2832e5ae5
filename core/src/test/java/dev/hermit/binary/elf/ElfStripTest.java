package dev.hermit.binary.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ElfStrip over real files: the running JDK's libjvm.so (Debian keeps its symbols) and programs clang links for
 * other classes and byte orders. readelf is the oracle: what the loader reads (program headers, dynamic section,
 * dynamic symbols) reads the same before and after, every byte a PT_LOAD covers is unchanged, and only the static
 * symbol table and its strings are gone.
 */
class ElfStripTest {
  @TempDir Path tmp;

  @Test
  void libjvmLosesOnlyItsStaticSymbols() throws Exception {
    Path libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
    assumeTrue(Files.isRegularFile(libjvm), "no lib/server/libjvm.so in the running JDK");
    assumeTrue(sections(libjvm).contains(".symtab"), "this JDK's libjvm.so is already stripped");
    checkStrip(libjvm);
  }

  /** x86_64, i686 and armv7 (little-endian, 64 and 32 bits), ppc64 (big-endian). */
  @ParameterizedTest
  @ValueSource(strings = {"x86_64-linux-gnu", "i686-linux-gnu", "armv7-linux-gnueabihf", "powerpc64-linux-gnu",
      "aarch64-linux-gnu"})
  void linkedProgramsOfEveryClassAndByteOrder(String triple) throws Exception {
    assumeTrue(onPath("clang") && onPath("readelf"), "needs clang and lld (apt-get install clang lld) and readelf");
    Path program = compile(triple, false);
    assertTrue(sections(program).contains(".symtab"), "clang kept the symbols: " + sections(program));
    checkStrip(program);
  }

  @Test
  void refusesWhatItCannotRewriteSafely() throws Exception {
    assertNull(ElfStrip.strip("not an elf file at all, just some text bytes here".getBytes(StandardCharsets.US_ASCII)));
    assumeTrue(onPath("clang"), "needs clang");
    // An object file's relocations refer to .symtab: taking it out would break the file.
    byte[] object = Files.readAllBytes(compile("x86_64-linux-gnu", true));
    assertNull(ElfStrip.strip(object));
    // Once stripped, there is nothing left to take out.
    Path program = compile("x86_64-linux-gnu", false);
    byte[] once = ElfStrip.strip(Files.readAllBytes(program));
    assertNotNull(once);
    assertNull(ElfStrip.strip(once));
    // A truncated file is refused, never half-rewritten.
    assertNull(ElfStrip.strip(Arrays.copyOf(once, once.length - 100)));
  }

  private void checkStrip(Path original) throws Exception {
    byte[] before = Files.readAllBytes(original);
    byte[] after = ElfStrip.strip(before);
    assertNotNull(after, "a plain layout with a .symtab must be stripped");
    assertTrue(after.length < before.length);
    Path stripped = tmp.resolve(original.getFileName() + ".stripped");
    Files.write(stripped, after);
    assertArrayEquals(ElfStrip.strip(before), after, "the result is a pure function of the input");

    List<String> was = sections(original);
    List<String> is = sections(stripped);
    List<String> expected = new ArrayList<>(was);
    expected.removeAll(List.of(".symtab", ".strtab"));
    assertEquals(expected, is);
    assertFalse(readelf("-SW", stripped).contains("Warning"), readelf("-SW", stripped));
    assertEquals(readelf("-lW", original), readelf("-lW", stripped));
    assertEquals(readelf("-dW", original), readelf("-dW", stripped));
    assertEquals(readelf("--dyn-syms", original).replace(original.toString(), ""),
        readelf("--dyn-syms", stripped).replace(stripped.toString(), ""));
    // The ELF header's section-table fields (e_shoff, e_shnum, e_shstrndx) change; no loader reads them.
    byte[] same = after.clone();
    boolean is64 = before[4] == 2;
    System.arraycopy(before, is64 ? 40 : 32, same, is64 ? 40 : 32, is64 ? 8 : 4);
    System.arraycopy(before, is64 ? 60 : 48, same, is64 ? 60 : 48, 4);
    for (long[] load : loads(before)) {
      int from = (int) load[0];
      int to = (int) (load[0] + load[1]);
      assertTrue(Arrays.equals(before, from, to, same, from, to), "a PT_LOAD range changed at " + from);
    }
  }

  /** [offset, filesz] of each PT_LOAD, read directly. */
  private static List<long[]> loads(byte[] elf) {
    ByteBuffer b = ByteBuffer.wrap(elf).order(elf[5] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    boolean is64 = elf[4] == 2;
    long phoff = is64 ? b.getLong(32) : b.getInt(28) & 0xffffffffL;
    int phentsize = b.getShort(is64 ? 54 : 42) & 0xffff;
    int phnum = b.getShort(is64 ? 56 : 44) & 0xffff;
    List<long[]> loads = new ArrayList<>();
    for (int i = 0; i < phnum; i++) {
      int at = (int) (phoff + (long) i * phentsize);
      if (b.getInt(at) == 1) {
        loads.add(is64 ? new long[] {b.getLong(at + 8), b.getLong(at + 32)}
            : new long[] {b.getInt(at + 4) & 0xffffffffL, b.getInt(at + 16) & 0xffffffffL});
      }
    }
    assertFalse(loads.isEmpty());
    return loads;
  }

  private Path compile(String triple, boolean objectOnly) throws Exception {
    Path src = tmp.resolve("p.c");
    Files.writeString(src, "int counter = 7;\nstatic int helper(int x) { return x * counter + 1; }\n"
        + "int exported(int x) { return helper(x) + 2; }\nvoid _start(void) { counter = exported(counter); for (;;) {} }\n");
    Path out = tmp.resolve(triple + (objectOnly ? ".o" : ""));
    List<String> cmd = new ArrayList<>(List.of("clang", "--target=" + triple, "-O1", "-ffreestanding", "-fno-pic",
        "-fno-stack-protector", "-nostdlib"));
    if (objectOnly) {
      cmd.add("-c");
    } else {
      cmd.addAll(List.of("-static", "-fuse-ld=lld"));
    }
    cmd.addAll(List.of("-o", out.toString(), src.toString()));
    String log = run(cmd);
    assertTrue(Files.isRegularFile(out), "clang failed: " + log);
    return out;
  }

  /** Section names in order, from readelf. */
  private static List<String> sections(Path f) throws Exception {
    List<String> names = new ArrayList<>();
    for (String line : readelf("-SW", f).split("\n")) {
      int close = line.indexOf(']');
      if (line.strip().startsWith("[") && close > 0 && !line.contains("Nr]")) {
        String rest = line.substring(close + 1).strip();
        names.add(rest.isEmpty() || rest.startsWith("NULL") ? "" : rest.split("\\s+")[0]);
      }
    }
    return names;
  }

  private static String readelf(String option, Path f) throws Exception {
    return run(List.of("readelf", option, f.toString()));
  }

  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return new String(out, StandardCharsets.UTF_8);
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
