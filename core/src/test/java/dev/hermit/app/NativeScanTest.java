package dev.hermit.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.binary.NativeBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native scan over real multi-platform JNI jars, checked against readelf and against the JDK's own java. */
class NativeScanTest {
  static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  @TempDir Path dir;

  @BeforeAll
  static void fetch() throws Exception {
    NativeJars.fetch();
  }

  static NativeBinary host() throws IOException {
    return NativeBinary.identify(Files.readAllBytes(JAVA)).orElseThrow();
  }

  static Map<String, String> platforms(NativeScan s) {
    Map<String, String> m = new TreeMap<>();
    s.libraries().forEach(l -> m.put(l.path(), l.binary().platform()));
    return m;
  }

  @Test
  void identifiesEveryPlatformOfZstdJniByContent() throws IOException {
    NativeScan s = NativeScan.jar("zstd", NativeJars.ZSTD, false);
    Map<String, String> p = platforms(s);
    assertEquals(17, p.size(), p.toString());
    assertEquals("linux/amd64 glibc", p.get("linux/amd64/libzstd-jni-1.5.5-11.so"));
    assertEquals("linux/arm64 glibc", p.get("linux/aarch64/libzstd-jni-1.5.5-11.so"));
    assertEquals("linux/arm hard-float glibc", p.get("linux/arm/libzstd-jni-1.5.5-11.so"));
    assertEquals("linux/s390x glibc", p.get("linux/s390x/libzstd-jni-1.5.5-11.so"));
    assertEquals("freebsd/amd64", p.get("freebsd/amd64/libzstd-jni-1.5.5-11.so"));
    assertEquals("windows/amd64", p.get("win/amd64/libzstd-jni-1.5.5-11.dll"));
    assertEquals("windows/386", p.get("win/x86/libzstd-jni-1.5.5-11.dll"));
    assertEquals("darwin/arm64", p.get("darwin/aarch64/libzstd-jni-1.5.5-11.dylib"));
    assertTrue(s.classes().isEmpty(), "classes only when asked for");
  }

  /**
   * A library whose bytes say nothing of its OS (no needs, no loader, no symbol versions, no OS note: junixsocket's
   * DragonFly build) goes by a word of its path that names another OS; with none, it stays Linux's.
   */
  @Test
  void aLibraryWithoutSignsOfItsOsGoesByItsPath() throws Exception {
    Path c = Files.writeString(dir.resolve("x.c"), "int getpeereid(int, void *, void *);\n"
        + "int peer(void) { return getpeereid(0, 0, 0); }\n");
    Path so = dir.resolve("libx.so");
    Process cc = new ProcessBuilder("clang", "-shared", "-fPIC", "-nostdlib", "-o", so.toString(), c.toString())
        .redirectErrorStream(true).start();
    String out = new String(cc.getInputStream().readAllBytes());
    org.junit.jupiter.api.Assumptions.assumeTrue(cc.waitFor() != 127, "SKIPPED LOUDLY: clang is not installed");
    assertEquals(0, cc.waitFor(), out);
    Path jar = dir.resolve("natives.jar");
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
      for (String path : List.of("lib/amd64-DragonFlyBSD-clang/jni/libx.so", "lib/amd64-Linux-clang/jni/libx.so",
          "lib/x86_64-MacOSX-clang/jni/libx.so")) {
        z.putNextEntry(new ZipEntry(path));
        z.write(Files.readAllBytes(so));
      }
    }
    Map<String, String> p = platforms(NativeScan.jar("natives", jar, false));
    assertEquals("dragonfly/amd64", p.get("lib/amd64-DragonFlyBSD-clang/jni/libx.so"));
    assertEquals("linux/amd64", p.get("lib/amd64-Linux-clang/jni/libx.so"));
    assertEquals("linux/amd64", p.get("lib/x86_64-MacOSX-clang/jni/libx.so"), "a word, not a part of one");
    // a library that needs glibc is Linux's whatever its path says
    NativeScan java = NativeScan.jar("j", zipOf("freebsd/java", JAVA), false);
    assertEquals("linux/amd64 glibc", platforms(java).get("freebsd/java"));
  }

  private Path zipOf(String path, Path file) throws IOException {
    Path jar = dir.resolve(path.replace('/', '-') + ".jar");
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
      z.putNextEntry(new ZipEntry(path));
      z.write(Files.readAllBytes(file));
    }
    return jar;
  }

  @Test
  void tellsGlibcMuslAndBionicApartInSqliteJdbc() throws IOException {
    Map<String, String> p = platforms(NativeScan.jar("sqlite", NativeJars.SQLITE, false));
    String n = "org/sqlite/native/";
    assertEquals("linux/amd64 glibc", p.get(n + "Linux/x86_64/libsqlitejdbc.so"));
    assertEquals("linux/amd64 musl", p.get(n + "Linux-Musl/x86_64/libsqlitejdbc.so"));
    assertEquals("linux/arm64 musl", p.get(n + "Linux-Musl/aarch64/libsqlitejdbc.so"), "musl's plain libc.so");
    assertEquals("android/arm64 bionic", p.get(n + "Linux-Android/aarch64/libsqlitejdbc.so"));
    assertEquals("linux/arm soft-float glibc", p.get(n + "Linux/arm/libsqlitejdbc.so"));
    assertEquals("linux/arm hard-float glibc", p.get(n + "Linux/armv7/libsqlitejdbc.so"));
    assertEquals("freebsd/amd64", p.get(n + "FreeBSD/x86_64/libsqlitejdbc.so"));
    assertEquals("windows/arm", p.get(n + "Windows/armv7/sqlitejdbc.dll"));
  }

  @Test
  void onlyTheGlibcBuildForThisHostLoadsIntoItsJava() throws IOException {
    assumeTrue(host().platform().equals("linux/amd64 glibc"), "SKIPPED LOUDLY: needs a linux/amd64 glibc host, "
        + "this JDK is " + host().platform());
    NativeBinary java = host();
    List<String> loads = new ArrayList<>();
    for (Path jar : List.of(NativeJars.ZSTD, NativeJars.SQLITE)) {
      for (NativeScan.Library l : NativeScan.jar("x", jar, false).libraries()) {
        if (l.binary().loadsInto(java)) {
          loads.add(l.path());
        }
      }
    }
    assertEquals(List.of("linux/amd64/libzstd-jni-1.5.5-11.so", "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so"),
        loads);
  }

  @Test
  void neededLibrariesAgreeWithReadelf() throws Exception {
    for (Path jar : List.of(NativeJars.ZSTD, NativeJars.SQLITE)) {
      Path x = Files.createDirectories(dir.resolve(jar.getFileName().toString()));
      NativeJars.run(x, "unzip", "-q", jar.toString());
      for (NativeScan.Library l : NativeScan.jar("x", jar, false).libraries()) {
        if (!l.path().endsWith(".so")) {
          continue;
        }
        String out = NativeJars.run(x, "readelf", "-d", l.path());
        List<String> expected = new ArrayList<>();
        for (String line : out.split("\n")) {
          if (line.contains("(NEEDED)")) {
            expected.add(line.substring(line.indexOf('[') + 1, line.lastIndexOf(']')));
          }
        }
        assertEquals(expected, l.binary().needed(), l.path());
        assertEquals(Files.size(x.resolve(l.path())), l.size(), l.path());
      }
    }
    NativeScan.Library z = NativeScan.jar("x", NativeJars.ZSTD, false).libraries().stream()
        .filter(l -> l.path().equals("linux/amd64/libzstd-jni-1.5.5-11.so")).findFirst().orElseThrow();
    assertEquals(List.of("libpthread.so.0", "libc.so.6"), z.binary().needed(), "linked against glibc < 2.34");
  }

  @Test
  void findsTheClassesThatBringNativeCode() throws IOException {
    NativeScan s = NativeScan.jar("sqlite", NativeJars.SQLITE, true);
    Map<String, List<String>> how = s.classes().stream()
        .collect(Collectors.toMap(NativeScan.NativeClass::className, NativeScan.NativeClass::how));
    assertTrue(how.get("org.sqlite.core.NativeDB").get(0).matches("[0-9]+ native methods"), how.toString());
    assertTrue(how.get("org.sqlite.SQLiteJDBCLoader").contains("calls System.load"), how.toString());
    assertFalse(how.containsKey("org.sqlite.SQLiteConfig"), "a pure-Java class: " + how);
  }

  @Test
  void aPureJavaJarBringsNothing() throws IOException {
    Path jar = dir.resolve("pure.jar");
    // hermit's own classes: pure Java
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
      for (Class<?> c : List.of(NativeScan.class, JarRewriter.class, ClassFile.class)) {
        String name = c.getName().replace('.', '/') + ".class";
        z.putNextEntry(new ZipEntry(name));
        try (var in = c.getClassLoader().getResourceAsStream(name)) {
          in.transferTo(z);
        }
      }
    }
    assertTrue(NativeScan.jar("pure", jar, true).isEmpty());
  }

  @Test
  void aDsymCompanionCountsAsANativeOfItsPlatform() throws IOException {
    Path jar = dir.resolve("dsym.jar");
    java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(32).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    h.putInt(0xfeedfacf).putInt(0x0100000c).putInt(0).putInt(10).putInt(0).putInt(0).putInt(0).putInt(0); // MH_DSYM
    String name = "ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib.dSYM/Contents/Resources/DWARF/"
        + "libonnxruntime.dylib";
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
      z.putNextEntry(new ZipEntry(name));
      z.write(h.array());
    }
    List<NativeScan.Library> libs = NativeScan.jar("dsym", jar, false).libraries();
    assertEquals(1, libs.size(), libs.toString());
    assertEquals(name, libs.get(0).path());
    assertEquals("darwin/arm64", libs.get(0).binary().platform());
  }

  /** A Spring Boot-like fat jar: a class, and zstd-jni stored (uncompressed) under BOOT-INF/lib, as Boot needs. */
  Path fatJar() throws IOException {
    Path fat = dir.resolve("fat.jar");
    byte[] inner = Files.readAllBytes(NativeJars.ZSTD);
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(fat))) {
      z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      z.write("Manifest-Version: 1.0\r\n\r\n".getBytes());
      ZipEntry e = new ZipEntry("BOOT-INF/lib/zstd-jni-1.5.5-11.jar");
      e.setMethod(ZipEntry.STORED);
      CRC32 crc = new CRC32();
      crc.update(inner);
      e.setSize(inner.length);
      e.setCrc(crc.getValue());
      z.putNextEntry(e);
      z.write(inner);
      z.putNextEntry(new ZipEntry("BOOT-INF/classes/app/Main.class"));
      z.write(new byte[] {1, 2, 3});
    }
    return fat;
  }

  @Test
  void nestedJarsAreScannedAndRewrittenDeterministically() throws IOException {
    Path fat = fatJar();
    NativeScan s = NativeScan.jar("fat", fat, false);
    assertEquals(17, s.libraries().size());
    String keep = "BOOT-INF/lib/zstd-jni-1.5.5-11.jar!/linux/amd64/libzstd-jni-1.5.5-11.so";
    assertTrue(s.libraries().stream().anyMatch(l -> l.path().equals(keep)), platforms(s).toString());

    Set<String> drop = new TreeSet<>();
    s.libraries().stream().map(NativeScan.Library::path).filter(p -> !p.equals(keep)).forEach(drop::add);
    Path out1 = dir.resolve("out1.jar");
    Path out2 = dir.resolve("out2.jar");
    JarRewriter.Result r = JarRewriter.without(fat, out1, drop);
    JarRewriter.without(fat, out2, drop);
    assertEquals(16, r.removed());
    assertTrue(r.unsigned().isEmpty());
    assertArrayEquals(Files.readAllBytes(out1), Files.readAllBytes(out2), "the same input gives the same bytes");
    assertTrue(Files.size(out1) < Files.size(fat) / 5, Files.size(out1) + " of " + Files.size(fat));

    assertEquals(List.of(keep), NativeScan.jar("fat", out1, false).libraries().stream()
        .map(NativeScan.Library::path).toList());
    try (ZipFile before = new ZipFile(fat.toFile()); ZipFile after = new ZipFile(out1.toFile())) {
      assertEquals(Collections.list(before.entries()).stream().map(ZipEntry::getName).toList(),
          Collections.list(after.entries()).stream().map(ZipEntry::getName).toList(), "same entries, same order");
      assertEquals(ZipEntry.STORED, after.getEntry("BOOT-INF/lib/zstd-jni-1.5.5-11.jar").getMethod(),
          "Spring Boot reads nested jars only when stored");
    }
  }

  @Test
  void aSignedJarLosesItsSignatureOnlyWhenItChanges() throws Exception {
    Path signed = dir.resolve("signed.jar");
    Files.copy(NativeJars.ZSTD, signed);
    String bin = Path.of(System.getProperty("java.home"), "bin").toString();
    NativeJars.run(dir, bin + "/keytool", "-genkeypair", "-keystore", "ks.p12", "-storepass", "changeit",
        "-alias", "k", "-keyalg", "RSA", "-dname", "CN=hermit-test", "-validity", "2");
    NativeJars.run(dir, bin + "/jarsigner", "-keystore", "ks.p12", "-storepass", "changeit", signed.toString(), "k");
    assertTrue(NativeJars.run(dir, bin + "/jarsigner", "-verify", signed.toString()).contains("jar verified"));

    Path out = dir.resolve("out.jar");
    JarRewriter.Result r = JarRewriter.without(signed, out, Set.of("win/amd64/libzstd-jni-1.5.5-11.dll"));
    assertEquals(List.of("signed.jar"), r.unsigned());
    try (ZipFile z = new ZipFile(out.toFile())) {
      assertTrue(Collections.list(z.entries()).stream().noneMatch(e -> e.getName().endsWith(".SF")
          || e.getName().endsWith(".RSA")), "signature files left out");
      assertTrue(z.getEntry("win/amd64/libzstd-jni-1.5.5-11.dll") == null);
    }
    assertTrue(NativeJars.run(dir, bin + "/jarsigner", "-verify", out.toString()).contains("jar is unsigned"),
        "a jar the JVM loads as unsigned, not one that fails verification");
  }

}
