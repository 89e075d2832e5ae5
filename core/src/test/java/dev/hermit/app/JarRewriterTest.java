package dev.hermit.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JarRewriter copies the entries it keeps as they are stored (no inflating and deflating again), so what it writes
 * must read back entry for entry as the input, through ZipFile and a class loader, whatever the input's shape.
 */
class JarRewriterTest {
  @TempDir Path dir;
  static final String DLL = "win/amd64/libzstd-jni-1.5.5-11.dll";

  @BeforeAll
  static void fetch() throws Exception {
    NativeJars.fetch();
  }

  @Test
  void keptEntriesAreCopiedAsStoredAndReadBackTheSame() throws Exception {
    Path out = dir.resolve("out.jar");
    JarRewriter.Result r = JarRewriter.without(NativeJars.ZSTD, out, Set.of(DLL));
    assertEquals(1, r.removed());

    Map<String, byte[]> before = contents(NativeJars.ZSTD);
    Map<String, byte[]> after = contents(out);
    before.remove(DLL);
    assertEquals(List.copyOf(before.keySet()), List.copyOf(after.keySet()), "same entries, same order, less one");
    before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));

    // copied as stored: each kept entry's compressed bytes are the input's
    List<RawZip.Entry> in = RawZip.read(ByteBuffer.wrap(Files.readAllBytes(NativeJars.ZSTD)));
    List<RawZip.Entry> copied = RawZip.read(ByteBuffer.wrap(Files.readAllBytes(out)));
    assertNotNull(in);
    assertNotNull(copied);
    Map<String, ByteBuffer> stored = new LinkedHashMap<>();
    in.forEach(e -> stored.put(e.name(), e.data()));
    for (RawZip.Entry e : copied) {
      assertEquals(stored.get(e.name()), e.data(), e.name() + ": compressed again");
    }

    try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, null)) {
      Class<?> c = Class.forName("com.github.luben.zstd.ZstdOutputStream", false, loader);
      assertEquals(loader, c.getClassLoader());
    }
    Path again = dir.resolve("again.jar");
    JarRewriter.without(NativeJars.ZSTD, again, Set.of(DLL));
    assertArrayEquals(Files.readAllBytes(out), Files.readAllBytes(again), "the same input gives the same bytes");
  }

  @Test
  void aJarBehindALaunchScriptIsRead() throws Exception {
    Path prefixed = dir.resolve("prefixed.jar");
    try (OutputStream o = Files.newOutputStream(prefixed)) {
      o.write("#!/bin/sh\nexec java -jar \"$0\" \"$@\"\n".getBytes());
      Files.copy(NativeJars.ZSTD, o);
    }
    assertNotNull(RawZip.read(ByteBuffer.wrap(Files.readAllBytes(prefixed))), "offsets counted from the zip's start");
    Path out = dir.resolve("out.jar");
    assertEquals(1, JarRewriter.without(prefixed, out, Set.of(DLL)).removed());
    Map<String, byte[]> before = contents(NativeJars.ZSTD);
    before.remove(DLL);
    Map<String, byte[]> after = contents(out);
    assertEquals(before.keySet(), after.keySet());
    before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
  }

  @Test
  void aZip64JarIsWrittenTheSlowWay() throws Exception {
    Path big = dir.resolve("big.jar");
    int n = 70_000; // more entries than a zip without ZIP64 records can count
    try (ZipOutputStream z = new ZipOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(big)))) {
      for (int i = 0; i < n; i++) {
        z.putNextEntry(new ZipEntry("d/" + i + ".txt"));
        z.write(("entry " + i).getBytes());
      }
      z.putNextEntry(new ZipEntry("linux/arm64/libx.so"));
      z.write(new byte[] {0x7f, 'E', 'L', 'F'});
    }
    assertNull(RawZip.read(ByteBuffer.wrap(Files.readAllBytes(big))), "ZIP64 is not RawZip's");
    Path out = dir.resolve("out.jar");
    assertEquals(1, JarRewriter.without(big, out, Set.of("linux/arm64/libx.so")).removed());
    try (ZipFile z = new ZipFile(out.toFile())) {
      assertEquals(n, z.size());
      try (InputStream s = z.getInputStream(z.getEntry("d/69999.txt"))) {
        assertEquals("entry 69999", new String(s.readAllBytes()));
      }
      assertNull(z.getEntry("linux/arm64/libx.so"));
    }
  }

  @Test
  void aNestedJarLosesItsEntryAndKeepsItsMethodWhileItsSiblingsStayAsTheyWere() throws Exception {
    byte[] zstd = Files.readAllBytes(NativeJars.ZSTD);
    Path fat = dir.resolve("fat.jar");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(fat))) {
      z.putNextEntry(new ZipEntry("Main.class"));
      z.write(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
      z.putNextEntry(new ZipEntry("lib/deflated.jar")); // a nested jar that is deflated, as shade plugins leave it
      z.write(zstd);
      ZipEntry stored = new ZipEntry("lib/stored.jar");
      stored.setMethod(ZipEntry.STORED);
      stored.setSize(zstd.length);
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(zstd);
      stored.setCrc(crc.getValue());
      z.putNextEntry(stored);
      z.write(zstd);
    }
    Path out = dir.resolve("out.jar");
    JarRewriter.Result r = JarRewriter.without(fat, out, Set.of("lib/deflated.jar!/" + DLL, "lib/stored.jar!/" + DLL));
    assertEquals(2, r.removed());
    try (ZipFile z = new ZipFile(out.toFile())) {
      assertEquals(List.of("Main.class", "lib/deflated.jar", "lib/stored.jar"),
          Collections.list(z.entries()).stream().map(ZipEntry::getName).toList());
      assertEquals(ZipEntry.DEFLATED, z.getEntry("lib/deflated.jar").getMethod());
      assertEquals(ZipEntry.STORED, z.getEntry("lib/stored.jar").getMethod());
      for (String nested : List.of("lib/deflated.jar", "lib/stored.jar")) {
        Path inner = dir.resolve(nested.replace('/', '-'));
        try (InputStream s = z.getInputStream(z.getEntry(nested))) {
          Files.write(inner, s.readAllBytes());
        }
        Map<String, byte[]> before = contents(NativeJars.ZSTD);
        before.remove(DLL);
        Map<String, byte[]> after = contents(inner);
        assertEquals(List.copyOf(before.keySet()), List.copyOf(after.keySet()), nested);
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), nested + "!/" + name));
      }
    }
  }

  /** Beam's vendored gRPC jar names META-INF/maven/ twice: java loads it, so hermit copies it. */
  @Test
  void aJarNamingAnEntryTwiceIsCopied() throws Exception {
    Path twice = dir.resolve("twice.jar");
    try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(twice))) {
      RawZip.Writer w = new RawZip.Writer(o);
      for (String name : List.of("META-INF/maven/", "META-INF/maven/", "a/A.class", "linux/arm64/libx.so")) {
        w.add(name.getBytes(), 0, ZipEntry.STORED, 0, 0, ByteBuffer.allocate(0));
      }
      w.finish();
    }
    Path out = dir.resolve("out.jar");
    assertEquals(1, JarRewriter.without(twice, out, Set.of("linux/arm64/libx.so")).removed());
    try (ZipFile z = new ZipFile(out.toFile())) {
      assertEquals(List.of("META-INF/maven/", "META-INF/maven/", "a/A.class"),
          Collections.list(z.entries()).stream().map(ZipEntry::getName).toList());
    }
  }

  /** A nested jar whose directory entry claims far more than its data can inflate to: refused, not allocated. */
  @Test
  void aNestedJarClaimingAnImpossibleSizeIsADamagedJar() throws Exception {
    Path fat = dir.resolve("claims.jar");
    try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(fat))) {
      RawZip.Writer w = new RawZip.Writer(o);
      w.add("lib/inner.jar".getBytes(), 0, ZipEntry.DEFLATED, 0, 2_000_000_000L, ByteBuffer.wrap(new byte[] {3, 0}));
      w.finish();
    }
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
        () -> JarRewriter.without(fat, dir.resolve("out.jar"), Set.of("lib/inner.jar!/linux/arm64/libx.so")));
    assertEquals("lib/inner.jar: its directory entry claims 2000000000 bytes from 2 compressed: the jar is damaged",
        e.getMessage());
  }

  @Test
  void whatIsNotAZipIsRefusedByRawZip() {
    assertNull(RawZip.read(ByteBuffer.wrap(new byte[100])));
    byte[] truncated = new byte[0];
    try {
      byte[] all = Files.readAllBytes(NativeJars.ZSTD);
      truncated = java.util.Arrays.copyOf(all, all.length - 30);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertNull(RawZip.read(ByteBuffer.wrap(truncated)), "a zip whose end is cut off");
    assertFalse(truncated.length == 0);
  }

  private static Map<String, byte[]> contents(Path jar) throws IOException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    try (ZipFile z = new ZipFile(jar.toFile())) {
      for (ZipEntry e : Collections.list(z.entries())) {
        try (InputStream s = z.getInputStream(e)) {
          ByteArrayOutputStream b = new ByteArrayOutputStream();
          s.transferTo(b);
          m.put(e.getName(), b.toByteArray());
        }
      }
    }
    assertTrue(m.size() > 0);
    return m;
  }
}
