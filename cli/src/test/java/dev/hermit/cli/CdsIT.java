package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.payload.Manifest;
import dev.hermit.payload.PayloadReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class-data sharing made on the target (docs/FORMAT.md "Class-data sharing") with the real JVM: the first run
 * records, a helper dumps after it, later runs load the app's classes from the archive; a damaged archive is
 * ignored and replaced; --cds=off makes none.
 */
class CdsIT {
  static final String GREETING = "Hello from a single hermit executable";
  static final String SHARED = "Hello source: shared objects file";
  @TempDir static Path dir;
  static Path hello;

  @BeforeAll
  static void build() {
    hello = Hermit.build(dir.resolve("hello"), Hermit.REPO.resolve("examples/hello").toString());
  }

  static Map<String, String> env(Path cache, String... kv) {
    Map<String, String> env = new HashMap<>(Proc.UTF8);
    env.put("HERMIT_CACHE_DIR", cache.toString());
    env.put("HERMIT_CDS", "auto");
    for (int i = 0; i < kv.length; i += 2) {
      env.put(kv[i], kv[i + 1]);
    }
    return env;
  }

  /** One run; with {@code logLoads}, the JVM says where each class came from (JAVA_TOOL_OPTIONS). */
  static Proc run(Path exe, Path cache, boolean logLoads) {
    Map<String, String> env = logLoads ? env(cache, "JAVA_TOOL_OPTIONS", "-Xlog:class+load") : env(cache);
    Proc p = Proc.run(List.of(exe.toString()), env, null, dir);
    assertEquals(0, p.code(), p.toString());
    assertTrue(p.out().contains(GREETING), p.toString());
    return p;
  }

  static Path cdsDir(Path cache) throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".cds")).findFirst().orElseThrow();
    }
  }

  /** Waits for the helper: it holds flock(2) on the lock until its dump is over (Java's locks are fcntl's). */
  static void awaitHelper(Path cds) {
    Proc p = Proc.run(List.of("flock", cds.resolve("lock").toString(), "true"), Map.of("PATH", "/usr/bin:/bin"),
        null, dir);
    assertEquals(0, p.code(), p.toString());
  }

  @Test
  void theSecondRunLoadsTheAppsClassesFromTheArchiveMadeAfterTheFirst() throws IOException {
    Path cache = dir.resolve("c1");
    Proc first = run(hello, cache, true);
    assertFalse(first.out().contains(SHARED), "a jlink runtime has no archive of its own: " + first);
    Path cds = cdsDir(cache);
    awaitHelper(cds);
    assertTrue(Files.size(cds.resolve("app.jsa")) > 1_000_000, "the archive");
    assertFalse(Files.exists(cds.resolve("failed")), "the dump failed: " + Files.readString(cds.resolve("dump.log")));
    Proc second = run(hello, cache, true);
    assertTrue(second.out().contains(SHARED), "the app's class from the archive: " + second);
    assertTrue(second.out().contains("java.lang.Object source: shared objects file"), second.toString());
  }

  @Test
  void aDamagedArchiveIsIgnoredAndReplaced() throws IOException {
    Path cache = dir.resolve("c2");
    run(hello, cache, false);
    Path cds = cdsDir(cache);
    awaitHelper(cds);
    Path archive = cds.resolve("app.jsa");
    long size = Files.size(archive);
    archive.toFile().setWritable(true);
    try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
      f.seek(16);
      f.write(new byte[64]); // the header (magic, CRCs, the JVM's identity): the JVM refuses it
    }
    Proc damaged = run(hello, cache, true);
    assertFalse(damaged.out().contains(SHARED), damaged.toString());
    awaitHelper(cds);
    assertTrue(run(hello, cache, true).out().contains(SHARED), "replaced");

    try (FileChannel c = FileChannel.open(archive, StandardOpenOption.WRITE)) {
      c.truncate(size / 2);
    }
    Proc truncated = run(hello, cache, true);
    assertFalse(truncated.out().contains(SHARED), truncated.toString());
    awaitHelper(cds);
    assertEquals(size, Files.size(archive), "the same classes make an archive of the same size");
    assertTrue(run(hello, cache, true).out().contains(SHARED), "replaced");
  }

  @Test
  void concurrentFirstRunsAllRunAndLeaveOneArchive() throws Exception {
    Path cache = dir.resolve("c3");
    List<CompletableFuture<Proc>> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(CompletableFuture.supplyAsync(() -> Proc.run(List.of(hello.toString()), env(cache), null, dir)));
    }
    for (CompletableFuture<Proc> r : runs) {
      Proc p = r.get();
      assertEquals(0, p.code(), p.toString());
      assertEquals("", p.err(), "nothing on stderr, nothing about CDS");
    }
    Path cds = cdsDir(cache);
    awaitHelper(cds);
    try (Stream<Path> s = Files.list(cds)) {
      assertEquals(List.of("app.jsa", "app.jsa.ok", "dump.log", "lock"),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertTrue(run(hello, cache, true).out().contains(SHARED));
  }

  @Test
  void offMakesNoArchiveAndSaysSo() throws IOException {
    Path off = Hermit.build(dir.resolve("hello-off"), Hermit.REPO.resolve("examples/hello").toString(), "--cds=off");
    try (PayloadReader r = PayloadReader.open(off)) {
      Manifest m = r.manifest();
      assertEquals(null, m.cds());
      assertTrue(m.info().contains("\"cds\": \"off\""), m.info());
    }
    try (PayloadReader r = PayloadReader.open(hello)) {
      Manifest m = r.manifest();
      assertEquals(Manifest.CDS_STATIC, m.cds());
      assertTrue(m.info().contains("\"cds\": \"auto\""), m.info());
    }
    Path cache = dir.resolve("c4");
    run(off, cache, false);
    run(off, cache, false);
    try (Stream<Path> s = Files.list(cache)) {
      assertEquals(1, s.count(), "the entry only");
    }
    Proc bad = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "--cds=sometimes", "-o",
        dir.resolve("never").toString());
    assertEquals(2, bad.code(), bad.toString());
    assertTrue(bad.err().contains("unknown --cds mode 'sometimes'"), bad.err());
  }

  /**
   * The JVM cannot dump classes from a directory on the class path ("Cannot have non-empty directory in paths"):
   * such a build makes no archive rather than a failing dump after every first run, and -v says why.
   */
  @Test
  void aClassDirectoryOnTheClassPathMakesNoArchive() throws IOException {
    Path classes = dir.resolve("classes");
    assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        Hermit.REPO.resolve("examples/hello/Hello.java").toString()));
    Path exe = dir.resolve("hello-dir");
    Proc b = Hermit.run("build", "--main", "Hello", "--class-path", classes.toString(), "-v", "-o", exe.toString());
    assertEquals(0, b.code(), b.toString());
    assertTrue(b.err().contains("class-data sharing: none, as the class path holds the directory " + classes
        + ", which the JVM cannot archive"), b.err());
    try (PayloadReader r = PayloadReader.open(exe)) {
      assertEquals(null, r.manifest().cds());
      assertTrue(r.manifest().info().contains("\"cds\": \"off\""), r.manifest().info());
    }
    Path cache = dir.resolve("c5");
    run(exe, cache, false);
    try (Stream<Path> s = Files.list(cache)) {
      assertEquals(1, s.count(), "the entry only, no archive directory");
    }
  }
}
