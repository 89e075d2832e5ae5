package dev.hermit.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.app.NativeJars;
import dev.hermit.payload.Codec;
import dev.hermit.payload.Manifest;
import dev.hermit.payload.PayloadReader;
import dev.hermit.payload.PayloadWriter;
import dev.hermit.payload.TreeEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hermetic verdict counts the natives in the payload's jars that load into its runtime: a JNI library that
 * NEEDs libpthread.so.0 makes a payload without it not hermetic; the other platforms' natives never count.
 */
class JarNativesHermeticityTest {
  static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  static final Path SYS = Path.of("/lib/x86_64-linux-gnu");
  static final String ZSTD_AMD64 = "app/zstd.jar!/linux/amd64/libzstd-jni-1.5.5-11.so";
  @TempDir Path dir;

  @BeforeAll
  static void fetch() throws Exception {
    NativeJars.fetch();
  }

  Hermeticity check(boolean withPthread) throws IOException {
    List<TreeEntry> t = new ArrayList<>(List.of(TreeEntry.directory("rt"), TreeEntry.directory("rt/bin"),
        TreeEntry.directory("rt/lib"), TreeEntry.directory("rt/lib/sys"), TreeEntry.directory("app"),
        TreeEntry.file("rt/bin/java.real", 0755, JAVA.toRealPath()),
        TreeEntry.file("rt/lib/sys/libc.so.6", 0755, SYS.resolve("libc.so.6").toRealPath()),
        TreeEntry.file("app/zstd.jar", 0644, NativeJars.ZSTD)));
    if (withPthread) {
      t.add(TreeEntry.file("rt/lib/sys/libpthread.so.0", 0755, SYS.resolve("libpthread.so.0").toRealPath()));
    }
    Manifest m = new Manifest(Manifest.ROOT + "/rt/bin/java.real", List.of("--library-path",
        Manifest.ROOT + "/rt/lib/sys"), List.of(), null);
    Path file = dir.resolve("payload");
    try (OutputStream out = Files.newOutputStream(file)) {
      PayloadWriter.write(out, m, t, Codec.STORED);
    }
    try (PayloadReader r = PayloadReader.open(file)) {
      return Hermeticity.of(r, m);
    }
  }

  @Test
  void aJniLibraryThatNeedsLibpthreadCounts() throws IOException {
    assumeTrue(Files.exists(SYS.resolve("libpthread.so.0")) && System.getProperty("os.arch").equals("amd64"),
        "SKIPPED LOUDLY: needs a Debian amd64 host with glibc's libpthread.so.0");
    Hermeticity without = check(false);
    assertEquals(17, without.natives().size(), without.natives().toString());
    assertEquals(List.of(ZSTD_AMD64), without.natives().stream().filter(Hermeticity.JarNative::loads)
        .map(Hermeticity.JarNative::where).toList(), "only the linux/amd64 glibc library loads into bin/java");
    assertTrue(without.missing().contains(new Hermeticity.Missing("libpthread.so.0", ZSTD_AMD64)),
        without.missing().toString());
    assertTrue(without.missing().stream().noneMatch(m -> m.library().equals("libthr.so.3")),
        "the FreeBSD library never loads, so its needs do not count: " + without.missing());

    Hermeticity with = check(true);
    assertTrue(with.missing().stream().noneMatch(m -> m.neededBy().contains(".jar!/")), with.missing().toString());
  }
}
