package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default build runs in an empty root file system (unshare -m + chroot, holding only the executable): with and
 * without /proc, /dev and /tmp, with no environment at all. A test program checks subprocesses, temp files, UTF-8
 * names and output, time zones, loopback sockets and a TLS handshake against a local openssl s_server whose CA is
 * shipped with --cacerts (LocalTlsServer). The tests that make a root need root; the others (on the host, inspect) run without.
 */
class HermeticIT {
  @TempDir static Path dir;
  static Path hermetic;
  static Path system;
  static LocalTlsServer tls;
  static String url;

  @BeforeAll
  static void setUp() throws Exception {
    Path src = dir.resolve("Hermetic.java");
    Files.copy(Path.of("src/test/resources/apps/Hermetic.java"), src);
    tls = new LocalTlsServer(dir.resolve("tls"));
    url = tls.url;
    hermetic = Hermit.build(dir.resolve("hermetic"), src.toString(), "--cacerts", tls.trustStore.toString());
    system = Hermit.build(dir.resolve("hermetic-system"), src.toString(), "--libc=system");
  }

  @AfterAll
  static void stop() {
    if (tls != null) {
      tls.close();
    }
    Proc.awaitSealers(dir); // the --libc=system run fails at once, before its entry's sealer is done
  }

  /** For the tests that make an empty root. */
  static void needsRoot() {
    assumeTrue(Proc.isRoot(), "SKIPPED LOUDLY: chroot and unshare need root");
  }

  static void sh(Path cwd, String script) {
    Proc p = Proc.run(List.of("sh", "-c", script), Proc.HOST, null, cwd);
    assertEquals(0, p.code(), p.toString());
  }

  /** Runs {@code exe} in a new empty root holding only it, with the given mounts, and no environment. */
  static Proc inEmptyRoot(Path exe, String name, boolean proc, boolean dev, boolean tmp, String... args)
      throws IOException {
    return inRoot(Files.createDirectories(dir.resolve("root-" + name)), exe, proc, dev, tmp, args);
  }

  static Proc inRoot(Path root, Path exe, boolean proc, boolean dev, boolean tmp, String... args) throws IOException {
    return inRootWithEnv(root, exe, proc, dev, tmp, "", args);
  }

  /** @param env variables for the run, as {@code env} takes them ({@code "LC_ALL=en_US.UTF-8"}) */
  static Proc inRootWithEnv(Path root, Path exe, boolean proc, boolean dev, boolean tmp, String env, String... args)
      throws IOException {
    needsRoot();
    Files.copy(exe, root.resolve("app"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    StringBuilder script = new StringBuilder("set -e; r='" + root + "'; ");
    if (proc) {
      script.append("mkdir -p $r/proc; mount -t proc proc $r/proc; ");
    }
    if (dev) {
      script.append("mkdir -p $r/dev; mount --rbind /dev $r/dev; ");
    }
    if (tmp) {
      script.append("mkdir -p $r/tmp; chmod 1777 $r/tmp; ");
    }
    script.append("exec env -i HERMIT_CDS=off " + env + " /usr/sbin/chroot $r /app \"$@\"");
    List<String> command = new ArrayList<>(List.of("unshare", "-m", "sh", "-c", script.toString(), "sh"));
    command.addAll(List.of(args));
    return Proc.run(command, Proc.HOST, null, null);
  }

  static Map<String, String> results(Proc p) {
    Map<String, String> r = new LinkedHashMap<>();
    for (String line : p.out().split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        r.put(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    return r;
  }

  static void assertAllOk(Proc p, boolean withTls) {
    assertAllOk(p, withTls, false);
  }

  static void assertAllOk(Proc p, boolean withTls, boolean withDns) {
    assertEquals(0, p.code(), p.toString());
    Map<String, String> r = results(p);
    List<String> expected = new ArrayList<>(List.of("subprocess-java", "subprocess-sh", "tempfile", "utf8-name",
        "utf8-out", "locale", "library-path", "timezone", "loopback", "localhost"));
    if (withTls) {
      expected.add("tls");
    }
    if (withDns) {
      expected.add("dns");
    }
    assertEquals(expected, new ArrayList<>(r.keySet()), p.toString());
    r.forEach((k, v) -> assertTrue(v.startsWith("ok"), k + ": " + v + "\n" + p));
    assertEquals("ok ünï✓", r.get("utf8-out"));
    assertEquals("ok UTF-8", r.get("utf8-name"));
  }

  @Test
  void runsInAnEmptyRootWithNothingMounted() throws IOException {
    assertAllOk(inEmptyRoot(hermetic, "bare", false, false, false, url), true);
  }

  /**
   * Many images set a locale the bundled C library does not carry (Temurin's: LANG, LANGUAGE and LC_ALL
   * en_US.UTF-8): the runtime still runs in C.UTF-8, not ASCII, where a file name outside ASCII would fail; and
   * Java's default locale is the one asked for, as a JDK on a host with that locale gives, not English.
   */
  @Test
  void aLocaleTheRuntimeLacksStillGivesUtf8AndItsLanguage() throws IOException {
    Proc p = inRootWithEnv(Files.createDirectories(dir.resolve("root-locale")), hermetic, true, true, true,
        "LANG=de_DE.UTF-8 LANGUAGE=de_DE:de LC_ALL=de_DE.UTF-8", url);
    assertAllOk(p, true);
    assertEquals("ok de_DE", results(p).get("locale"), p.toString());
    // no locale at all (FROM scratch): en_US, as a JDK takes C and POSIX (NumberFormat's currency is then $, not ¤)
    Proc none = inEmptyRoot(hermetic, "no-locale", true, true, true, url);
    assertEquals("ok en_US", results(none).get("locale"), none.toString());
  }

  @Test
  void runsInAnEmptyRootWithProcDevAndTmp() throws IOException {
    Proc p = inEmptyRoot(hermetic, "full", true, true, true, url);
    assertAllOk(p, true);
    assertEquals("ok /tmp", results(p).get("tempfile"));
  }

  @Test
  void runsWithOnlyProc() throws IOException {
    assertAllOk(inEmptyRoot(hermetic, "proc", true, false, false), false);
  }

  @Test
  void runsSubprocessesThroughTheContainersShellWhereThereIsOne() throws IOException {
    // A root holding the executable and a static /bin/sh (busybox-static from Debian), nothing else.
    needsRoot();
    Path root = Files.createDirectories(dir.resolve("root-sh"));
    sh(dir, "mkdir -p bb && cd bb && " + Proc.APT_GET + " download busybox-static && dpkg-deb -x busybox-static_*.deb x"
        + " && mkdir -p '" + root + "/bin' && cp x/bin/busybox '" + root + "/bin/sh'");
    Proc p = inRoot(root, hermetic, false, false, false);
    assertAllOk(p, false);
    assertEquals("ok", results(p).get("subprocess-sh"), "a real shell ran: " + p);
  }

  @Test
  void resolvesNamesThroughTheResolvConfOfTheRoot() throws Exception {
    // The container provides /etc/resolv.conf; glibc's built-in DNS client in the payload reads it.
    needsRoot();
    Path root = Files.createDirectories(dir.resolve("root-dns/etc"));
    try (LoopbackDns dns = new LoopbackDns("hermit-test.internal", new byte[] {127, 0, 0, 42})) {
      Files.writeString(root.resolve("resolv.conf"), "nameserver " + dns.host() + "\n");
      Proc p = inRoot(root.getParent(), hermetic, false, true, false, "-", "hermit-test.internal");
      assertAllOk(p, false, true);
      assertEquals("ok 127.0.0.42", results(p).get("dns"), p.toString());
    }
  }

  /**
   * Java 17 takes user.home from the user database alone ("?" with no entry, a relative path); the launcher gives it
   * HOME there (the manifest's HOME record), as Java 21 does by itself. A baked -J-Duser.home and one in
   * JAVA_TOOL_OPTIONS win; where /etc/passwd names the user, the JVM's own answer stands.
   */
  @Test
  void userHomeIsHomeWhereNoUserDatabaseNamesOne() throws IOException {
    Path src = Files.createDirectories(dir.resolve("home-src"));
    Files.writeString(src.resolve("Home.java"), """
        public class Home {
          public static void main(String[] args) {
            System.out.println(System.getProperty("user.home"));
          }
        }
        """);
    Path home = Hermit.build(dir.resolve("home"), src.toString(), "-q");
    Path baked = Hermit.build(dir.resolve("home-baked"), src.toString(), "-q", "-J-Duser.home=/baked");
    Path root = Files.createDirectories(dir.resolve("root-home"));
    assertEquals("/data\n", inRootWithEnv(root, home, false, false, false, "HOME=/data").out());
    assertEquals("?\n", inRootWithEnv(root, home, false, false, false, "").out(), "no HOME: as a JDK says");
    assertEquals("/tool\n", inRootWithEnv(root, home, false, false, false,
        "HOME=/data JAVA_TOOL_OPTIONS=-Duser.home=/tool").out());
    assertEquals("/baked\n", inRootWithEnv(root, baked, false, false, false, "HOME=/data").out());
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    assertEquals("/root\n", inRootWithEnv(root, home, false, false, false, "HOME=/data").out(),
        "the user database's home, as the JVM finds it");
  }

  @Test
  void runsOnTheHostToo() {
    Proc p = Proc.run(List.of(hermetic.toString(), url), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()),
        null, dir);
    assertAllOk(p, true);
  }

  /**
   * An https URL given on the command line and opened with URL.openStream: nothing in the app names TLS, and the
   * server offers only elliptic-curve key exchange, as most do. Its runtime had java.base alone and the handshake
   * failed ("Received fatal alert: handshake_failure"); it now gets jdk.crypto.ec.
   */
  @Test
  void anHttpsUrlFromTheCommandLineIsFetched() throws IOException {
    Path src = dir.resolve("UrlFetch.java");
    Files.copy(Path.of("src/test/resources/apps/UrlFetch.java"), src);
    Path exe = Hermit.build(dir.resolve("urlfetch"), src.toString(), "--cacerts", tls.trustStore.toString());
    Proc p = Proc.run(List.of(exe.toString(), url), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString()),
        null, dir);
    assertEquals(0, p.code(), p.toString());
    assertTrue(p.out().contains("<HTML><BODY BGCOLOR=\"#ffffff\">"), p.toString());
  }

  @Test
  void inspectSaysHermeticOnlyForTheBundledBuild() {
    // What the system build needs from the target, from the host's own tools: the loader the JDK's java names
    // (readelf), and a glibc no newer than the host's (getconf)
    Proc readelf = Proc.run(List.of("readelf", "-lW", Hermit.javaBin()), Proc.HOST, null, null);
    java.util.regex.Matcher interp = java.util.regex.Pattern.compile("Requesting program interpreter: ([^\\]]+)\\]")
        .matcher(readelf.out());
    assertTrue(interp.find(), readelf.toString());
    String loader = interp.group(1);
    String hostGlibc = Proc.run(List.of("getconf", "GNU_LIBC_VERSION"), Proc.HOST, null, null).out().strip()
        .replace("glibc ", "");

    Proc bundled = Hermit.run("inspect", hermetic.toString());
    assertEquals(0, bundled.code(), bundled.toString());
    assertTrue(bundled.out().matches("(?s).*\thermetic +yes .*"), bundled.out());
    assertTrue(bundled.out().contains("trust.jks"), "where the trust store came from: " + bundled.out());
    Proc sys = Hermit.run("inspect", system.toString());
    assertEquals(0, sys.code(), sys.toString());
    assertTrue(sys.out().matches("(?s).*\thermetic +no: needs from the target " + java.util.regex.Pattern.quote(loader)
        + " .*"), loader + "\n" + sys.out());
    java.util.regex.Matcher needs = java.util.regex.Pattern.compile("the target needs glibc >= (\\d+)\\.(\\d+)")
        .matcher(sys.out());
    assertTrue(sys.out().contains("libc.so.6") && needs.find(), sys.out());
    int major = Integer.parseInt(needs.group(1));
    int minor = Integer.parseInt(needs.group(2));
    assertTrue(compare(major + "." + minor, hostGlibc) <= 0 && compare(major + "." + minor, "2.3") > 0,
        "a glibc newer than 2.3 and no newer than the host's " + hostGlibc + ": " + sys.out());

    assertEquals(0, Hermit.run("inspect", "--require", "hermetic", hermetic.toString()).code());
    Proc gate = Hermit.run("inspect", "--require", "hermetic", system.toString());
    assertEquals(3, gate.code(), gate.toString());
    assertTrue(gate.err().contains("not hermetic: needs from the target " + loader), gate.err());
    String needed = major + "." + minor;
    String older = minor > 0 ? major + "." + (minor - 1) : (major - 1) + ".99";
    assertEquals(0, Hermit.run("inspect", "--require", "glibc<=" + needed, system.toString()).code(),
        "the payload's runtime needs glibc " + needed);
    Proc glibc = Hermit.run("inspect", "--require", "glibc<=" + older, system.toString());
    assertEquals(3, glibc.code(), "the payload's runtime needs glibc " + needed + ": " + glibc);
    assertEquals(0, Hermit.run("inspect", "--require", "glibc<=2.0", hermetic.toString()).code(),
        "a bundled build needs no glibc from the target");
  }

  /**
   * With the C library bundled, the JDK's libraries use hermit's C++ runtime (docs/HERMETIC.md, "The C++ runtime"):
   * no libstdc++ among the bundled libraries, and the output above runs (TLS, DNS, subprocesses, in empty roots).
   * The system build keeps the JDK's libraries as they are: the target's libstdc++.
   */
  @Test
  void theBundledBuildCarriesHermitsCxxRuntimeInsteadOfLibstdcxx() {
    Proc bundled = Hermit.run("inspect", hermetic.toString());
    java.util.regex.Matcher libs = java.util.regex.Pattern.compile("\\tlibc\\.libraries +(.*)").matcher(bundled.out());
    assertTrue(libs.find(), bundled.out());
    assertTrue(libs.group(1).contains("libc.so.6") && !libs.group(1).contains("libstdc++"), libs.group(1));
    // what the first run extracted: the runtime beside libjimage.so, which with libjvm.so needs it, and no libstdc++
    Path cache = dir.resolve("cxx-cache");
    Proc run = Proc.run(List.of(hermetic.toString(), url), Map.of("HERMIT_CACHE_DIR", cache.toString()), null, dir);
    assertAllOk(run, true);
    List<Path> rt;
    try (java.util.stream.Stream<Path> s = Files.walk(cache)) {
      rt = s.filter(p -> p.endsWith("rt") && Files.isDirectory(p)).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertEquals(1, rt.size(), "one extracted runtime in " + cache);
    assertTrue(Files.isRegularFile(rt.get(0).resolve("lib/libhermit++.so")), rt.toString());
    assertFalse(Files.exists(rt.get(0).resolve("lib/sys/libstdc++.so.6")), rt.toString());
    Proc readelf = Proc.run(List.of("readelf", "-d", rt.get(0).resolve("lib/server/libjvm.so").toString()), Proc.HOST,
        null, null);
    assertTrue(readelf.out().contains("[libhermit++.so]") && !readelf.out().contains("libstdc++"), readelf.out());
    Proc.awaitSealers(dir);
  }

  /**
   * Text in an empty root is drawn with the faces `java` on a Debian host uses: Serif in DejaVu Serif, Monospaced
   * and DialogInput in DejaVu Sans Mono, bold in the bold faces (fontconfig's generic families are aliased in the
   * bundled fonts.conf; without the aliases all were DejaVu Sans, and bold serif and mono were made up). The widths
   * of one string in each logical font, plain and bold, against the JDK's own `java` (a fresh user.home, so that
   * no cached font configuration of another run is read).
   */
  @Test
  void textInAnEmptyRootHasTheFacesJavaGivesIt() throws IOException {
    needsRoot();
    Path src = dir.resolve("FontMetrics.java");
    Files.copy(Path.of("src/test/resources/apps/FontMetrics.java"), src, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path home = Files.createDirectories(dir.resolve("fonts-home"));
    Proc java = Proc.run(List.of(Hermit.javaBin(), "-Duser.home=" + home, src.toString()), Proc.HOST, null, dir);
    assertEquals(0, java.code(), java.toString());
    assumeTrue(java.out().contains("Serif 1 "), "SKIPPED LOUDLY: this host's java draws no text: " + java);
    Path exe = Hermit.build(dir.resolve("fonts"), src.toString());
    Proc out = inEmptyRoot(exe, "fonts", false, false, true);
    assertEquals(0, out.code(), out.toString());
    assertEquals(java.out(), out.out());
  }

  /** Compares dotted version numbers. */
  static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @Test
  void onTheHostNoLibraryComesFromTheHost() throws IOException {
    Path cache = dir.resolve("cache-strace");
    Path log = dir.resolve("strace.log");
    Proc p = Proc.run(List.of("strace", "-f", "-qq", "-e", "trace=open,openat,execve", "-o", log.toString(),
        hermetic.toString(), url), Map.of("HERMIT_CACHE_DIR", cache.toString()), null, dir);
    assertAllOk(p, true);
    List<String> outside = new ArrayList<>();
    java.util.Set<String> hostPrograms = new java.util.HashSet<>(); // pids running the host's own /bin/sh
    java.util.regex.Pattern call = java.util.regex.Pattern.compile(
        "^(\\d+) +(open|openat|execve)\\((?:AT_FDCWD, )?\"([^\"]*)\"");
    for (String line : Files.readAllLines(log)) {
      java.util.regex.Matcher m = call.matcher(line);
      if (!m.find()) {
        continue;
      }
      String pid = m.group(1);
      String path = m.group(3);
      if (m.group(2).equals("execve") && !path.startsWith(cache.toString()) && !path.equals(hermetic.toString())) {
        hostPrograms.add(pid);
      }
      boolean library = path.contains(".so") || path.equals("/etc/ld.so.cache") || path.startsWith("/lib")
          || path.startsWith("/usr/lib/") && !path.endsWith("/gconv/gconv-modules.cache");
      if (library && !path.startsWith(cache.toString()) && !hostPrograms.contains(pid)) {
        outside.add(line);
      }
    }
    assertTrue(!hostPrograms.isEmpty(), "the test program runs the host's /bin/sh; strace must have seen it");
    // glibc itself still opens two data files by compiled-in path when they exist (docs/HERMETIC.md).
    assertEquals(List.of(), outside, "the runtime loaded code or looked for libraries outside its payload");
  }

  @Test
  void theSystemLibcBuildRunsOnTheHost() {
    Proc p = Proc.run(List.of(system.toString()), Map.of("HERMIT_CACHE_DIR", dir.resolve("cache").toString(),
        "LANG", "C.UTF-8", "PATH", "/usr/bin:/bin"), null, dir);
    assertEquals(0, p.code(), p.toString());
    assertTrue(p.out().contains("loopback: ok"), p.toString());
  }

  @Test
  void theSystemLibcBuildFailsInAnEmptyRootWithAMessageAUserUnderstands() throws IOException {
    Proc p = inEmptyRoot(system, "system", false, false, false);
    assertTrue(p.code() != 0, p.toString());
    assertEquals("", p.out());
    assertTrue(p.err().startsWith("hermit: ") && p.err().strip().lines().count() == 1, p.toString());
    assertTrue(p.err().contains("--libc=system") && p.err().contains("C library"), p.toString());
    assertFalse(p.err().contains("No such file or directory"), p.toString());
  }
}
