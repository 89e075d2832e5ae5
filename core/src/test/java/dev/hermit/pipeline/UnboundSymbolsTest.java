package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The symbols of natives that nothing of the output defines, read from libraries clang links for real. */
class UnboundSymbolsTest {
  @TempDir Path dir;

  private Path cc(String name, String source, String... more) throws IOException, InterruptedException {
    Path c = Files.writeString(dir.resolve(name + ".c"), source);
    Path so = dir.resolve("lib" + name + ".so");
    List<String> command = new java.util.ArrayList<>(List.of("clang", "-shared", "-fPIC", "-nostdlib", "-o",
        so.toString(), c.toString(), "-L" + dir));
    command.addAll(List.of(more));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    return so;
  }

  private static boolean hasClang() {
    try {
      return new ProcessBuilder("clang", "--version").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static UnboundSymbols.Native jni(Path so) throws IOException {
    return new UnboundSymbols.Native("a.jar!/" + so.getFileName(), Set.of(so.getFileName().toString()),
        Files.readAllBytes(so));
  }

  /**
   * A library's reach, as the loader's for a JNI library: itself, what it needs (a library of the output, another
   * native of the app), transitively, and the global scope; not a native of the app that it does not need.
   */
  @Test
  void whatNothingInTheLibrarysReachDefinesIsLeft() throws Exception {
    assumeTrue(hasClang(), "SKIPPED LOUDLY: clang is not installed");
    Path deeper = cc("deeper", "void from_deeper(void) {}\n");
    Path provider = cc("provider", "void from_provider(void) {}\n", "-ldeeper");
    Path shipped = cc("shipped", "void from_shipped(void) {}\n");
    Path sibling = cc("sibling", "void from_sibling(void) {}\n");
    Path global = cc("global", "void from_global(void) {}\n");
    // the one of libatomic's names that RocksDB's riscv64 library uses
    Path uses = cc("uses", """
        void from_provider(void); void from_deeper(void); void from_shipped(void); void from_sibling(void);
        void from_global(void); void nowhere(void); void own(void) {}
        void atomic(void) __asm__("__atomic_exchange_1");
        __attribute__((weak)) void maybe(void);
        void *refs[] = { from_provider, from_deeper, from_shipped, from_sibling, from_global, nowhere, atomic, maybe,
            own };
        """, "-lprovider", "-lshipped");
    Path notElf = Files.writeString(dir.resolve("modules"), "not an ELF file");
    Map<String, Path> byName = Map.of("libprovider.so", provider, "libdeeper.so", deeper, "modules", notElf);
    List<UnboundSymbols.Native> natives = List.of(jni(uses), jni(shipped), jni(sibling));

    Map<String, List<String>> unbound = UnboundSymbols.find(natives, byName, List.of(notElf, global));
    assertEquals(Map.of("a.jar!/libuses.so", List.of("__atomic_exchange_1", "from_sibling", "nowhere")), unbound);
    // without the global scope, what it defines is left too
    assertEquals(List.of("__atomic_exchange_1", "from_global", "from_sibling", "nowhere"),
        UnboundSymbols.find(natives, byName, List.of()).get("a.jar!/libuses.so"));
  }

  /**
   * A native with a need found nowhere (let through by --allow-missing, as JavaCPP's openblas, whose own copy is
   * linked under that name at run time) is not named: the missing library may define what it uses.
   */
  @Test
  void aNativeWithANeedFoundNowhereIsNotNamed() throws Exception {
    assumeTrue(hasClang(), "SKIPPED LOUDLY: clang is not installed");
    cc("elsewhere", "void from_elsewhere(void) {}\n");
    Path uses = cc("blas", "void from_elsewhere(void);\nvoid *refs[] = { from_elsewhere };\n", "-lelsewhere");
    assertEquals(Map.of(), UnboundSymbols.find(List.of(jni(uses)), Map.of(), List.of()));
    // found, it is read: what it defines counts, and what it does not is named
    Path other = cc("other", "void nothing_here(void) {}\n");
    assertEquals(Map.of("a.jar!/libblas.so", List.of("from_elsewhere")), UnboundSymbols.find(List.of(jni(uses)),
        Map.of("libelsewhere.so", other), List.of()));
  }

  @Test
  void theMessageNamesTheLibraryTheSymbolsAndLibatomicForItsOwn() {
    String m = UnboundSymbols.message("r.jar!/librocksdbjni-linux-riscv64.so", List.of("__atomic_compare_exchange_1",
        "__atomic_exchange_1"), "");
    assertTrue(m.startsWith("r.jar!/librocksdbjni-linux-riscv64.so uses 2 symbols that neither it, the libraries it "
        + "needs nor the JVM's define: __atomic_compare_exchange_1, __atomic_exchange_1. Where the app loads it"), m);
    assertTrue(m.endsWith("The __atomic_ functions are GCC's libatomic (libatomic.so.1, Debian's libatomic1), which "
        + "the library does not name as a need"), m);
    assertTrue(UnboundSymbols.message("x!/libx.so", List.of("__atomic_load"), "the bundled loader is older than glibc "
        + "2.30, which can preload it").endsWith("which the library does not name as a need; it was not preloaded: the "
        + "bundled loader is older than glibc 2.30, which can preload it"));
    List<String> many = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    String cut = UnboundSymbols.message("x!/libx.so", many, "");
    assertTrue(cut.contains("uses 8 symbols that neither it, the libraries it needs nor the JVM's define: a, b, c, d, "
        + "e, f and 2 more. "), cut);
    assertTrue(!cut.contains("libatomic"), cut);
  }
}
