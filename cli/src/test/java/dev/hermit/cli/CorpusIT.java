package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.hermit.pipeline.BusyText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.jar.Manifest;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * "Built means runs", measured: real applications and libraries from Maven Central (testdata/apps/corpus, one
 * pinned Maven module each), each built once with hermit and run twice with its smoke command: on the host, and in a
 * root holding only what a {@code FROM scratch} container gives (the executable, /dev, /proc, a tmpfs /tmp,
 * /etc/hosts, /etc/resolv.conf and the working directory). Apps that are libraries run through a small driver of
 * ours (src/test/resources/corpus/NAME/*.java); the other files there are the app's working directory.
 *
 * <p>Every app and place is its own test, so a failure names them; the end prints "N passed, N failed" per place
 * and the first lines each failing app printed. A failing host run is also tried under plain {@code java}, so the
 * message tells a broken smoke command from a broken hermit build.
 */
class CorpusIT {
  static final Path RESOURCES = Path.of("src/test/resources/corpus").toAbsolutePath();
  static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
  static final Duration SERVER_START = Duration.ofSeconds(60);
  /** What a JVM prints when the runtime lacks a class, a module or a library: a failure even behind exit 0. */
  static final List<String> LINKAGE_ERRORS = List.of("NoClassDefFoundError", "UnsatisfiedLinkError",
      "UnsupportedClassVersionError", "ClassNotFoundException: java.", "ClassNotFoundException: javax.",
      "ClassNotFoundException: jdk.", "ClassNotFoundException: sun.");
  /** The environment Docker gives a container that sets none. */
  static final String CONTAINER_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  /**
   * The apps run with C1 only ({@link Hermit#SHORT_JVM}, through the variable every JVM reads, which the JVM then
   * names on stderr): a smoke command lasts seconds, and C2's compiles cost CI more CPU than the runs themselves
   * save. What is checked (the runtime has the app's modules, classes and libraries) does not depend on the JIT.
   */
  static final String SHORT_JVM = String.join(" ", Hermit.SHORT_JVM);

  enum Kind { JAR, MAIN, DRIVER, AGENT_JAR }

  /**
   * One app of the corpus and its smoke command.
   *
   * @param entry the jar file (JAR) or main class (MAIN) in the app's lib folder
   * @param args the arguments; {@code {port}} is a free loopback port, {@code {url}} the local TLS server
   * @param expect what stdout must contain (or, for a server, the body of its answer to GET {@code path})
   */
  record App(String name, Kind kind, String entry, List<String> args, String stdin, List<String> expect,
      List<String> absent, String path, boolean needsTls) {
    static App jar(String name, String jar, String... args) {
      return new App(name, Kind.JAR, jar, List.of(args), null, List.of(), List.of(), null, false);
    }

    static App main(String name, String mainClass, String... args) {
      return new App(name, Kind.MAIN, mainClass, List.of(args), null, List.of(), List.of(), null, false);
    }

    static App driver(String name, String... args) {
      return new App(name, Kind.DRIVER, null, List.of(args), null, List.of(), List.of(), null, false);
    }

    App kind(Kind k) {
      return new App(name, k, entry, args, stdin, expect, absent, path, needsTls);
    }

    App stdin(String s) {
      return new App(name, kind, entry, args, s, expect, absent, path, needsTls);
    }

    App expect(String... e) {
      return new App(name, kind, entry, args, stdin, List.of(e), absent, path, needsTls);
    }

    App absent(String... a) {
      return new App(name, kind, entry, args, stdin, expect, List.of(a), path, needsTls);
    }

    /** A server: started with {port} in its arguments, asked GET path, then stopped. */
    App serves(String requestPath, String... body) {
      return new App(name, kind, entry, args, stdin, List.of(body), absent, requestPath, needsTls);
    }

    App tls() {
      return new App(name, kind, entry, args, stdin, expect, absent, path, true);
    }

    boolean server() {
      return path != null;
    }
  }

  static final List<App> APPS = List.of(
      // Command-line tools
      App.main("ant", "org.apache.tools.ant.Main", "-buildfile", "build.xml")
          .expect("[echo] hello from ant 42", "BUILD SUCCESSFUL"),
      App.jar("google-java-format", "google-java-format-1.24.0-all-deps.jar", "-")
          .stdin("class  A{int   x;}\n").expect("class A {\n  int x;\n}"),
      App.jar("pdfbox-app", "pdfbox-app-3.0.3.jar", "export:text", "-i", "hello.pdf", "-console")
          .expect("hello from pdfbox"),
      // Script engines
      App.jar("groovy", "groovy-4.0.24.jar", "-e", "println \"hello from groovy ${6 * 7}\"")
          .expect("hello from groovy 42"),
      App.jar("jruby", "jruby-complete-9.4.9.0.jar", "-e", "puts \"hello from jruby #{6 * 7}\"")
          .expect("hello from jruby 42"),
      App.main("rhino", "org.mozilla.javascript.tools.shell.Main", "-e", "print('hello from rhino ' + 6 * 7)")
          .expect("hello from rhino 42"),
      App.main("clojure", "clojure.main", "-e", "(println \"hello from clojure\" (* 6 7))")
          .expect("hello from clojure 42"),
      App.driver("nashorn").expect("hello from nashorn 42"),
      // SQL shells over embedded databases
      App.main("h2", "org.h2.tools.Shell", "-url", "jdbc:h2:mem:corpus", "-sql", "select 'hello from h2', 6 * 7")
          .expect("hello from h2   | 42"),
      App.main("hsqldb", "org.hsqldb.cmdline.SqlTool", "--inlineRc=url=jdbc:hsqldb:mem:corpus,user=SA,password=",
          "--sql=select 'hello from hsqldb', 6 * 7 from (values(0));").expect("hello from hsqldb  42"),
      App.main("derby", "org.apache.derby.tools.ij")
          .stdin("connect 'jdbc:derby:memory:corpus;create=true';\nvalues ('hello from derby', 6 * 7);\nexit;\n")
          .expect("hello from derby|42", "1 row selected"),
      // HTTP servers on 127.0.0.1, asked by the test
      App.driver("jetty", "{port}").serves("/corpus", "hello from jetty /corpus"),
      App.driver("undertow", "{port}").serves("/corpus", "hello from undertow /corpus"),
      App.driver("javalin", "{port}").serves("/hello", "hello from javalin /hello"),
      // Images, headless
      App.driver("thumbnailator").expect("thumbnail 16x8"),
      // An uber jar (maven-assembly-plugin) whose root module-info.class is a bundled dependency's
      App.jar("thumbs-server", "thumbs-server.jar", "{port}").serves("/thumb", "{\"thumbnail\":\"16x8\"}"),
      App.jar("plantuml", "plantuml-mit-1.2024.7.jar", "-tsvg", "-pipe")
          .stdin("@startuml\nAlice -> Bob: hello from plantuml\n@enduml\n").expect("<svg", "hello from plantuml"),
      // An agent jar (Launcher-Agent-Class) and an HTTPS client
      App.driver("bytebuddy-agent").kind(Kind.AGENT_JAR).expect("hello from byte buddy"),
      App.driver("httpclient5", "{url}").tls().expect("status 200", "served by openssl s_server"),
      // XML, JSON, logging
      App.main("saxon", "net.sf.saxon.Transform", "-s:in.xml", "-xsl:sum.xsl").expect("hello from saxon 42"),
      App.driver("jackson").stdin("{\"name\": \"corpus\", \"numbers\": [6, 7, 29]}")
          .expect("{\"name\":\"corpus\",\"sum\":42}"),
      App.driver("logback").expect("INFO corpus - hello from logback 42").absent("|-WARN", "|-ERROR"),
      App.driver("log4j2").expect("INFO corpus - hello from log4j2 42").absent("ERROR StatusLogger"),
      // JNI libraries: natives inside jars, extracted and loaded at run time
      App.driver("sqlite").expect("answers 42"),
      App.driver("snappy").expect("-> hello from snappy"),
      App.driver("zstd").expect("-> hello from zstd"),
      App.driver("lz4").expect("LZ4JNICompressor", "-> hello from lz4"),
      // javac at run time (javax.tools), compiling against a jar of the class path: needs jdk.zipfs
      App.driver("joor").expect("compiled at run time: Reflect 42"),
      App.driver("jna").expect("jna getpid matches", "jna dispatch from the runtime", "jna zlib by name loads",
          "jna openpty from util ok"),
      App.driver("netty-epoll", "{port}").serves("/corpus", "hello from netty epoll /corpus"),
      App.driver("conscrypt", "{url}").tls()
          .expect("status 200", "tls provider Conscrypt", "served by openssl s_server"),
      App.driver("leveldb").expect("hello from leveldb 42"),
      App.driver("jnr-posix").expect("jnr-posix native true, getpid matches", "jnr openpty from util ok"),
      // a JNI library that reads libjvm.so's static symbols, which the build otherwise strips
      App.driver("async-profiler").expect("sampled Main.main: true").absent("Install JVM debug symbols"),
      // an OSGi framework: its bundle (bundle-src, built into the working directory's bundle/) loads at run time and
      // imports packages of modules no class on the class path uses
      App.jar("felix", "org.apache.felix.main-7.0.5.jar").expect("hello from an OSGi bundle: xml 42, sql 4"));

  enum Place { BUILD, HOST, SCRATCH }

  @TempDir static Path dir;
  static Path lib;
  static LocalTlsServer tls;
  // filled by the workers, read by the summary
  static final Map<String, Path> built = new ConcurrentHashMap<>();
  static final Map<String, String> modules = Collections.synchronizedMap(new TreeMap<>());
  static final Map<Place, Map<String, String>> outcomes = new ConcurrentHashMap<>(); // app -> PASSED or why it failed
  static final Map<Place, Integer> skipped = new ConcurrentHashMap<>();
  static long started;
  /**
   * Apps are independent (their own directories, ports and caches), so WORKERS of them go through build, host
   * and scratch at once: on two cores one app's jlink or JVM start-up overlaps another's I/O and waits. The class
   * alone: 160 s and 302 CPU-s with three, 181 s and 334 with two (bench/RESULTS.md, session 19). The tests report
   * each step's outcome in order; {@code -Dhermit.corpus.workers=1} runs them one by one.
   */
  static final int WORKERS = Integer.getInteger("hermit.corpus.workers", 3);
  static ExecutorService workers;

  @BeforeAll
  static void fetchTheCorpus() throws Exception {
    started = System.nanoTime();
    lib = dir.resolve("lib");
    Proc fetch = Hermit.mvn(dir, "-f", Hermit.REPO.resolve("testdata/apps/corpus/pom.xml").toString(), "package",
        "dependency:copy-dependencies", "-Dcorpus.lib=" + lib);
    assertEquals(0, fetch.code(), "fetching the corpus from Maven Central: " + fetch);
    tls = new LocalTlsServer(dir.resolve("tls"));
  }

  @AfterAll
  static void summarize() {
    if (workers != null) {
      workers.shutdownNow();
    }
    if (tls != null) {
      tls.close();
    }
    int ran = outcomes.getOrDefault(Place.BUILD, Map.of()).size();
    StringBuilder s = new StringBuilder("\ncorpus: " + ran + " of " + APPS.size() + " apps, built once each, run on the host and in"
        + " a scratch root, in " + (System.nanoTime() - started) / 1_000_000_000 + " s\n");
    for (Place place : Place.values()) {
      Map<String, String> o = new TreeMap<>(outcomes.getOrDefault(place, Map.of()));
      long failed = o.values().stream().filter(v -> !v.equals(PASSED)).count();
      s.append(place.name().toLowerCase()).append(": ").append(o.size() - failed).append(" passed, ").append(failed)
          .append(" failed");
      int skip = skipped.getOrDefault(place, 0);
      s.append(skip > 0 ? ", " + skip + " skipped\n" : "\n");
    }
    for (Place place : Place.values()) {
      new TreeMap<>(outcomes.getOrDefault(place, Map.of())).forEach((app, why) -> {
        if (!why.equals(PASSED)) {
          s.append("FAILED ").append(why.replace("\n", "\n    ")).append('\n');
        }
      });
    }
    modules.forEach((app, m) -> s.append("modules of ").append(app).append(": ").append(m).append('\n'));
    System.out.println(s);
  }

  @TestFactory
  Stream<DynamicContainer> corpus() {
    workers = Executors.newFixedThreadPool(WORKERS);
    List<DynamicContainer> tests = new ArrayList<>();
    // -Dhermit.corpus.only=joor,lz4: those apps alone (a developer's run; CI runs them all)
    Set<String> only = Set.of(System.getProperty("hermit.corpus.only", "").split(",")).stream()
        .filter(n -> !n.isBlank()).collect(Collectors.toSet());
    for (App app : APPS.stream().filter(a -> only.isEmpty() || only.contains(a.name())).toList()) {
      // each app's steps in order on one worker; a step after a failed one still runs and says why it cannot
      CompletableFuture<Throwable> build = step(Place.BUILD, app, () -> build(app), CompletableFuture.completedFuture(null));
      CompletableFuture<Throwable> host = step(Place.HOST, app, () -> runOn(Place.HOST, app), build);
      CompletableFuture<Throwable> scratch = step(Place.SCRATCH, app, () -> runOn(Place.SCRATCH, app), host);
      tests.add(dynamicContainer(app.name(), Stream.of(dynamicTest("build", () -> rethrow(build)),
          dynamicTest("host", () -> rethrow(host)), dynamicTest("scratch", () -> rethrow(scratch)))));
    }
    return tests.stream();
  }

  /** Runs a step on a worker after {@code after}, keeping its outcome for the summary; completes with its failure. */
  static CompletableFuture<Throwable> step(Place place, App app, Executable step, CompletableFuture<?> after) {
    return after.handleAsync((ignored, e) -> {
      Map<String, String> o = outcomes.computeIfAbsent(place, p -> new ConcurrentHashMap<>());
      try {
        step.execute();
        o.put(app.name(), PASSED);
        return null;
      } catch (TestAbortedException t) {
        skipped.merge(place, 1, Integer::sum);
        return t;
      } catch (Throwable t) {
        o.put(app.name(), String.valueOf(t.getMessage()).lines().limit(8).collect(Collectors.joining("\n")));
        return t;
      }
    }, workers);
  }

  private static final String PASSED = "";

  static void rethrow(CompletableFuture<Throwable> step) throws Throwable {
    Throwable t = step.join();
    if (t != null) {
      throw t;
    }
  }

  // ---- building

  static void build(App app) throws IOException {
    Path jars = lib.resolve(app.name());
    assertTrue(Files.isDirectory(jars) && list(jars).size() > 0,
        "the corpus download has no jars for " + app.name() + " in " + jars);
    Path home = Files.createDirectories(dir.resolve("apps/" + app.name()));
    List<String> args = new ArrayList<>(List.of("build"));
    switch (app.kind()) {
      case JAR -> args.add(jars.resolve(app.entry()).toString());
      case MAIN -> args.addAll(List.of("--main", app.entry(), "--class-path", jars + "/*"));
      case DRIVER -> args.add(driverSources(app, home).toString());
      case AGENT_JAR -> args.add(agentJar(app, home).toString());
    }
    if (app.needsTls()) {
      args.addAll(List.of("--cacerts", tls.trustStore.toString()));
    }
    Path exe = home.resolve(app.name());
    args.addAll(List.of("-o", exe.toString(), "-v"));
    Proc p = Hermit.run(args.toArray(String[]::new));
    p.err().lines().filter(l -> l.contains("modules: ")).reduce((a, b) -> b)
        .ifPresent(l -> modules.put(app.name(), l.substring(l.indexOf("modules: ") + 9)));
    String why = p.err().lines().filter(l -> l.startsWith("hermit:")).collect(Collectors.joining("\n"));
    assertEquals(0, p.code(), "hermit build " + app.name() + ": " + (why.isEmpty() ? tail(p.err()) : why));
    built.put(app.name(), exe);
  }

  /** A directory of the driver's sources with the app's jars in lib/: hermit compiles it. */
  static Path driverSources(App app, Path home) throws IOException {
    Path src = Files.createDirectories(home.resolve("src/lib"));
    for (Path jar : list(lib.resolve(app.name()))) {
      Files.copy(jar, src.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    for (Path java : sources(app)) {
      Files.copy(java, src.getParent().resolve(java.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    return src.getParent();
  }

  /** The driver compiled into a jar whose manifest installs Byte Buddy's Installer as Launcher-Agent-Class. */
  static Path agentJar(App app, Path home) throws IOException {
    Path dist = Files.createDirectories(home.resolve("agent/lib"));
    List<String> classPath = new ArrayList<>();
    for (Path jar : list(lib.resolve(app.name()))) {
      Files.copy(jar, dist.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      classPath.add("lib/" + jar.getFileName());
    }
    Path classes = home.resolve("agent-classes");
    JarManifestIT.javac(classes, 17, Path.of(String.join(":", classPath.stream()
        .map(c -> dist.getParent().resolve(c).toString()).toList())), sources(app).toArray(Path[]::new));
    Manifest m = new Manifest();
    m.getMainAttributes().putValue("Manifest-Version", "1.0");
    m.getMainAttributes().putValue("Main-Class", "Main");
    m.getMainAttributes().putValue("Launcher-Agent-Class", "net.bytebuddy.agent.Installer");
    m.getMainAttributes().putValue("Can-Redefine-Classes", "true"); // the agent's rights come from this manifest
    m.getMainAttributes().putValue("Can-Retransform-Classes", "true");
    m.getMainAttributes().putValue("Class-Path", String.join(" ", classPath));
    Path jar = dist.getParent().resolve("app.jar");
    JarManifestIT.jar(jar, m, classes, "");
    return jar;
  }

  // ---- running

  static void runOn(Place place, App app) throws Exception {
    Path exe = built.get(app.name());
    assertTrue(exe != null, app.name() + " was not built, so it cannot run");
    if (place == Place.SCRATCH) {
      assumeTrue(Proc.isRoot(), "SKIPPED LOUDLY: the scratch root needs root (unshare -m, mount, chroot)");
    }
    Path home = dir.resolve("apps/" + app.name());
    Outcome o;
    if (place == Place.HOST) {
      Path work = workDir(app, home.resolve("host-work"));
      Map<String, String> env = new LinkedHashMap<>(Proc.HOST);
      env.put("LANG", "C.UTF-8");
      env.put("HOME", Files.createDirectories(home.resolve("home")).toString());
      env.put("HERMIT_CACHE_DIR", home.resolve("cache").toString());
      // class-data sharing's helper would dump after the run, into the cache deleted below (and cost CI a dump per
      // app): CdsIT tests it, as Proc does for every other test
      env.put("HERMIT_CDS", "off");
      env.put("JAVA_TOOL_OPTIONS", SHORT_JVM);
      List<String> command = new ArrayList<>(List.of(exe.toString()));
      o = execute(app, command, env, work);
      // the run's entry is sealed by a detached process after the rename (docs/FORMAT.md, "Cache"): a quick app
      // exits before it is done, and the tree cannot be deleted under it ("DirectoryNotEmptyException")
      Proc.awaitSealers(home.resolve("cache"));
      Hermit.deleteTree(home.resolve("cache"));
      String problem = o.problem(app);
      if (problem != null) {
        throw new AssertionError(app.name() + " on the host: " + problem + "\n" + underJava(app, home) + "\n" + o);
      }
    } else {
      Path root = scratchRoot(app, home.resolve("root"), exe);
      // the root bound onto itself first: a container's root is a mount (Files.getFileStore looks for it)
      String script = "set -e; r=\"$1\"; shift; mount --bind \"$r\" \"$r\"; mount -t proc proc \"$r/proc\";"
          + " mount --rbind /dev \"$r/dev\";"
          + " mount -t tmpfs -o mode=1777 tmpfs \"$r/tmp\";"
          + " exec env -i HERMIT_CDS=off 'JAVA_TOOL_OPTIONS=" + SHORT_JVM + "' " + CONTAINER_PATH + " /usr/bin/unshare --root=\"$r\" --wd=/work /app \"$@\"";
      o = execute(app, new ArrayList<>(List.of("unshare", "-m", "sh", "-c", script, "sh", root.toString())),
          Proc.HOST, null);
      Files.deleteIfExists(root.resolve("app"));
      Files.deleteIfExists(exe);
      String problem = o.problem(app);
      if (problem != null) {
        throw new AssertionError(app.name() + " in the scratch root: " + problem + "\n" + o);
      }
    }
  }

  /** What FROM scratch gives: the executable, empty mount points, the two files Docker writes, the working dir. */
  static Path scratchRoot(App app, Path root, Path exe) throws IOException {
    for (String d : List.of("proc", "dev", "tmp", "etc")) {
      Files.createDirectories(root.resolve(d));
    }
    // a link, not a copy: no descriptor open for writing that a process started meanwhile could inherit (BusyText)
    Files.deleteIfExists(root.resolve("app"));
    Files.createLink(root.resolve("app"), exe);
    Files.writeString(root.resolve("etc/hosts"), "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
    Files.copy(Path.of("/etc/resolv.conf"), root.resolve("etc/resolv.conf"), StandardCopyOption.REPLACE_EXISTING);
    workDir(app, root.resolve("work"));
    return root;
  }

  /** The app's files from the test resources, without the driver's sources. */
  static Path workDir(App app, Path work) throws IOException {
    Files.createDirectories(work);
    Path from = RESOURCES.resolve(app.name());
    if (Files.isDirectory(from)) {
      try (Stream<Path> all = Files.walk(from)) {
        for (Path f : all.filter(f -> !f.equals(from) && !f.toString().endsWith(".java")
            && !from.relativize(f).startsWith(BUNDLE_SOURCES)).sorted().toList()) {
          Path to = work.resolve(from.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(to);
          } else {
            Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      if (Files.isDirectory(from.resolve(BUNDLE_SOURCES))) {
        bundle(app, from.resolve(BUNDLE_SOURCES), Files.createDirectories(work.resolve("bundle")));
      }
    }
    return work;
  }

  /** Where an OSGi app's resources hold the sources and manifest of a bundle that its working directory's bundle/ gets. */
  static final String BUNDLE_SOURCES = "bundle-src";

  /** The bundle: compiled against the app's jars (the framework's API), its MANIFEST.MF as the jar's manifest. */
  static void bundle(App app, Path sources, Path into) throws IOException {
    Path classes = Files.createTempDirectory(dir, app.name() + "-bundle");
    List<Path> java;
    try (Stream<Path> s = Files.walk(sources)) {
      java = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    JarManifestIT.javac(classes, 17, Path.of(String.join(":", list(lib.resolve(app.name())).stream()
        .map(Path::toString).toList())), java.toArray(Path[]::new));
    try (java.io.InputStream m = Files.newInputStream(sources.resolve("MANIFEST.MF"))) {
      JarManifestIT.jar(into.resolve("probe.jar"), new Manifest(m), classes, "");
    }
  }

  /** The same smoke command under the test's own java, so a host failure says whose it is. */
  static String underJava(App app, Path home) {
    try {
      Path jars = lib.resolve(app.name());
      List<String> command = new ArrayList<>(List.of(Hermit.javaBin()));
      if (app.needsTls()) {
        command.addAll(List.of("-Djavax.net.ssl.trustStore=" + tls.trustStore,
            "-Djavax.net.ssl.trustStorePassword=changeit"));
      }
      switch (app.kind()) {
        case JAR -> command.addAll(List.of("-jar", jars.resolve(app.entry()).toString()));
        case MAIN -> command.addAll(List.of("-cp", jars + "/*", app.entry()));
        case DRIVER -> command.addAll(List.of("-cp", jars + "/*", sources(app).get(0).toString()));
        case AGENT_JAR -> command.addAll(List.of("-jar", home.resolve("agent/app.jar").toString()));
      }
      Map<String, String> env = new LinkedHashMap<>(Proc.HOST);
      env.put("LANG", "C.UTF-8");
      env.put("HOME", home.resolve("home").toString());
      Outcome o = execute(app, command, env, workDir(app, home.resolve("java-work")));
      String problem = o.problem(app);
      return problem == null ? "under plain java the same command passes: hermit's output is at fault"
          : "under plain java it fails too (" + problem + "): the smoke command is at fault";
    } catch (IOException e) {
      return "under plain java: " + e;
    }
  }

  /** What one run did. {@code body} is a server's answer (or why there was none). */
  record Outcome(int code, String out, String err, String body, boolean timedOut) {
    String problem(App app) {
      if (timedOut) {
        return "timed out after " + RUN_TIMEOUT.toSeconds() + " s";
      }
      String all = out + err;
      for (String e : LINKAGE_ERRORS) {
        if (all.contains(e)) {
          return "the runtime lacks something: " + e + "\n" + firstLines(err.isBlank() ? out : err);
        }
      }
      for (String a : app.absent()) {
        if (all.contains(a)) {
          return "printed '" + a + "'\n" + firstLines(all);
        }
      }
      String seen = app.server() ? body : out;
      if (!app.server() && code != 0) {
        return "exit code " + code + "\n" + firstLines(err.isBlank() ? out : err);
      }
      for (String e : app.expect()) {
        if (seen == null || !seen.contains(e)) {
          return (app.server() ? "the answer to GET " + app.path() + " lacks '" : "stdout lacks '") + e + "'\n"
              + firstLines(app.server() ? seen + "\n" + err : err.isBlank() ? out : err);
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return "exit " + code + (body != null ? "\n--- answer\n" + body : "") + "\n--- stdout\n" + tail(out)
          + "--- stderr\n" + tail(err);
    }
  }

  static String firstLines(String s) {
    return String.valueOf(s).lines().filter(l -> !l.isBlank()).limit(4).collect(Collectors.joining("\n"));
  }

  static String tail(String s) {
    return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
  }

  /** Runs a command (a server: starts it, asks it, stops it), never longer than the timeouts above. */
  static Outcome execute(App app, List<String> command, Map<String, String> env, Path cwd) throws IOException {
    int port = freePort();
    for (String a : app.args()) {
      command.add(a.replace("{port}", Integer.toString(port)).replace("{url}", tls.url));
    }
    // the workers build in this JVM while others start processes: a fresh output can be refused for a moment
    return BusyText.retry(() -> executeOnce(app, command, env, cwd, port),
        o -> BusyText.refused(o.code(), o.err().lines().toList()));
  }

  private static Outcome executeOnce(App app, List<String> command, Map<String, String> env, Path cwd, int port)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().putAll(env);
    if (cwd != null) {
      pb.directory(cwd.toFile());
    }
    Process p = pb.start();
    CompletableFuture<byte[]> out = Proc.drain(p.getInputStream());
    CompletableFuture<byte[]> err = Proc.drain(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      if (app.stdin() != null) {
        in.write(app.stdin().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException ignored) {
      // the app exited without reading its input: its output says why
    }
    try {
      String body = null;
      boolean timedOut;
      if (app.server()) {
        body = ask(p, port, app.path());
        p.destroy();
        timedOut = !p.waitFor(10, TimeUnit.SECONDS);
      } else {
        timedOut = !p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
      if (timedOut) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
      return new Outcome(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8), body, timedOut && !app.server());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      throw new AssertionError(e);
    }
  }

  /** Waits for the server's port, then GETs the path; the answer's body, or why there is none. */
  static String ask(Process server, int port, String path) throws InterruptedException {
    long deadline = System.nanoTime() + SERVER_START.toNanos();
    while (true) {
      if (!server.isAlive()) {
        return "(no answer: the server exited with " + server.exitValue() + ")";
      }
      try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
        break;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          return "(no answer: nothing listened on port " + port + " within " + SERVER_START.toSeconds() + " s)";
        }
        Thread.sleep(200);
      }
    }
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      return "HTTP " + r.statusCode() + "\n" + r.body();
    } catch (IOException e) {
      return "(no answer: " + e + ")";
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static List<Path> sources(App app) throws IOException {
    return list(RESOURCES.resolve(app.name())).stream().filter(p -> p.toString().endsWith(".java")).toList();
  }

  static List<Path> list(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.sorted().toList();
    }
  }

}
