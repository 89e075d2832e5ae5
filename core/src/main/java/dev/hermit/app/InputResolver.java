package dev.hermit.app;

import dev.hermit.Setting;
import dev.hermit.InputException;
import dev.hermit.HermitException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.jar.Attributes;

/**
 * Turns what the user named into an {@link AppInput}. Accepted inputs (README, "Inputs"):
 * <ul>
 *   <li>an executable jar: run as {@code java -jar} would, its Class-Path jars packed beside it;
 *   <li>{@code --main} with {@code --class-path} (jars, directories, {@code dir/*} globs);
 *   <li>a single {@code .java} file, compiled in-process;
 *   <li>a directory holding {@code .java} files, its subdirectories' too (with the jars in {@code lib/} and beside
 *       them as libraries), or exactly one executable jar, or an application's distribution ({@code lib/*.jar} and
 *       the start scripts in {@code bin/} that name its main class).
 * </ul>
 */
public final class InputResolver {
  /** Where a distribution's jars and the files beside them go in the output: its {@code $APP_HOME}. */
  static final String DISTRIBUTION_HOME = "app/home";
  /** {@code $APP_HOME} in the output's JVM options: the launcher expands {@code ${HERMIT_ROOT}}. */
  private static final String HOME_IN_OUTPUT = "${HERMIT_ROOT}/" + DISTRIBUTION_HOME;
  private final Path work;
  private final int release;
  private final Consumer<String> warn;
  private final java.util.function.IntFunction<List<String>> newerJavac;
  private List<Integer> raiseTo = List.of();
  private Consumer<String> detail = d -> { };
  /** Whether the app runs with --enable-preview, so that its sources are compiled with it. */
  private boolean preview;

  /**
   * @param work a private scratch directory for compiled sources
   * @param release the Java feature version to compile sources for (the target runtime's)
   */
  public InputResolver(Path work, int release, Consumer<String> warn) {
    this(work, release, warn, v -> {
      throw new dev.hermit.HermitException("compiling for Java " + v + " needs the javac of a Java " + v
          + " JDK; hermit runs on Java " + Runtime.version().feature());
    });
  }

  /**
   * @param newerJavac the command of a javac for a Java version, asked for only when sources are compiled for a
   *     Java newer than the one hermit runs on (whose javac cannot)
   */
  public InputResolver(Path work, int release, Consumer<String> warn,
      java.util.function.IntFunction<List<String>> newerJavac) {
    this.work = work;
    this.release = release;
    this.warn = warn;
    this.newerJavac = newerJavac;
  }

  /**
   * Newer Java versions (ascending) that sources may be compiled for instead of {@code release} when the version was
   * not asked for: a compilation that fails while jars of the class path need a newer Java (a javac plugin or an
   * API compiled for Java 21, which JDK 17's javac cannot read) is retried for the lowest of them that loads those
   * jars, as the runtime's version is chosen for the app's jars.
   */
  public InputResolver raisingTo(List<Integer> versions) {
    this.raiseTo = List.copyOf(versions);
    return this;
  }

  /** Where what a build's -v shows goes (the sources compiled, the annotation processors that ran). */
  public InputResolver details(Consumer<String> to) {
    this.detail = to;
    return this;
  }

  public AppInput resolve(Path input, String main, List<String> classPath) {
    return resolve(input, main, classPath, List.of());
  }

  /** @param jvmOptions the JVM options the build was given: a start script's that are among them go unmentioned */
  public AppInput resolve(Path input, String main, List<String> classPath, List<String> jvmOptions) {
    preview = jvmOptions.contains("--enable-preview");
    if (input == null) {
      if (classPath.isEmpty()) {
        throw new InputException("nothing to build: name a jar, a .java file or a directory, or a main class and a class path", Setting.INPUT, null);
      }
      if (main == null) {
        throw new InputException("a class path needs a main class to say which class to run", Setting.MAIN_CLASS, null);
      }
      List<Path> entries = expandAll(classPath);
      if (entries.size() == 1 && Files.isRegularFile(entries.get(0)) && QuarkusApp.isRunner(entries.get(0), main)) {
        // a start script's `java -cp lib/quarkus-run.jar QuarkusEntryPoint` (Keycloak's kc.sh): the runner and
        // the directory it loads from, as for the jar itself; the jar alone failed at its start
        // (NoSuchFileException: quarkus/quarkus-application.dat)
        return checked(QuarkusApp.resolve(entries.get(0), main, ClassPathEntries.mainAttributes(entries.get(0))));
      }
      if (main.indexOf('/') > 0) {
        return asModule(main, entries);
      }
      return checked(fromClassPath(simpleName(main).toLowerCase(Locale.ROOT), main, entries));
    }
    if (!Files.exists(input)) {
      throw new InputException(input + " does not exist", Setting.INPUT, input);
    }
    if (!Files.isRegularFile(input) && !Files.isDirectory(input)) { // reading a FIFO would block for ever
      throw new InputException(input + " is neither a file nor a directory (a FIFO, a device?): build a jar, a .java "
          + "file or a directory", Setting.INPUT, input);
    }
    String file = input.getFileName() == null ? input.toString() : input.getFileName().toString();
    if (Files.isDirectory(input)) {
      return checked(fromDirectory(input.toAbsolutePath().normalize(), main, classPath, jvmOptions));
    }
    if (file.endsWith(".java")) {
      // `java -cp 'lib/*' Hello.java`: the class path's jars are compiled against and packed beside the class
      List<Path> libs = new ArrayList<>();
      addClassPathJars(libs, new java.util.HashSet<>(), classPath, "a .java file");
      return checked(fromSources(stem(file), List.of(input), libs, main, stem(file), Map.of(),
          input.toAbsolutePath().getParent()));
    }
    String lower = file.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".jar") || lower.endsWith(".war")) { // `java -jar app.war`: Spring Boot's wars, Jenkins
      return checked(fromJar(input.toAbsolutePath().normalize(), main, classPath));
    }
    throw new InputException("cannot build " + input + ": expected an executable .jar or .war, a .java file or a "
        + "directory" + archiveHint(lower) + scriptHint(input), Setting.INPUT, input);
  }

  private static final java.util.regex.Pattern SCRIPT_RUNS_JAR = java.util.regex.Pattern.compile("(?m)-jar\\s+[\"']?([^\\s\"';]+\\.jar)");
  /** Debian's java-wrappers: {@code find_jars a b} puts /usr/share/java/a.jar, b.jar on the class path. */
  private static final java.util.regex.Pattern FIND_JARS = java.util.regex.Pattern.compile("(?m)^\\s*find_jars\\s+([^\\n#]+)");
  private static final java.util.regex.Pattern RUN_JAVA = java.util.regex.Pattern.compile("(?m)^\\s*run_java\\s+(?:-\\S+\\s+)*([\\w$]+(?:\\.[\\w$]+)+)");

  /**
   * A start script given as the input (Debian's /usr/bin/checkstyle): what to build in its place, read from the
   * java command it runs, where that is plain.
   */
  private static String scriptHint(Path input) {
    String text;
    try (java.io.InputStream in = Files.newInputStream(input)) {
      byte[] head = in.readNBytes(64 * 1024);
      if (head.length < 2 || head[0] != '#' || head[1] != '!') {
        return "";
      }
      text = new String(head, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
    Path dist = input.toAbsolutePath().getParent();
    if (dist != null && dist.getFileName() != null && dist.getFileName().toString().equals("bin")
        && dist.getParent() != null && Files.isDirectory(dist.getParent().resolve("lib"))) {
      return "; " + input.getFileName() + " is the start script of the distribution " + dist.getParent()
          + ": hermit build " + dist.getParent();
    }
    String hint = "; " + input.getFileName() + " is a start script, which hermit reads only in a distribution's bin/:"
        + " build what it runs";
    java.util.regex.Matcher jar = SCRIPT_RUNS_JAR.matcher(text);
    if (jar.find() && !jar.group(1).contains("$")) {
      return hint + " (it runs -jar " + jar.group(1) + ": hermit build " + jar.group(1) + ")";
    }
    java.util.regex.Matcher jars = FIND_JARS.matcher(text);
    java.util.regex.Matcher main = RUN_JAVA.matcher(text);
    if (jars.find() && main.find()) {
      List<String> cp = new ArrayList<>();
      for (String j : jars.group(1).trim().split("\\s+")) {
        cp.add(j.startsWith("/") ? j : "/usr/share/java/" + (j.endsWith(".jar") ? j : j + ".jar"));
      }
      return hint + ": --main " + main.group(1) + " --class-path " + String.join(":", cp);
    }
    return hint + ": the jar it runs, or --main and --class-path from its java command";
  }

  /**
   * For an archive (Gradle's distZip and distTar, a release download): how to build what it holds. hermit does not
   * unpack archives itself: what a start script in it sets up (its JVM options, which jars) is read from the
   * unpacked directory, and unpacking is the user's to check.
   */
  private static String archiveHint(String lowerName) {
    boolean archive = lowerName.endsWith(".zip") || lowerName.endsWith(".tar") || lowerName.endsWith(".tar.gz")
        || lowerName.endsWith(".tgz") || lowerName.endsWith(".tar.xz") || lowerName.endsWith(".tar.bz2");
    return archive ? "; an archive is not built as it is: unpack it and build the app's directory (an app "
        + "distribution's has bin/ and lib/; Gradle's installDist writes one to build/install/NAME)" : "";
  }

  private AppInput fromDirectory(Path dir, String main, List<String> classPath, List<String> jvmOptions) {
    List<Path> jars = new ArrayList<>();
    List<Path> beside = new ArrayList<>(); // every jar beside the sources: libraries, as `javac -cp '*'` takes them
    List<Path> sources = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String n = p.getFileName().toString();
        if (Files.isRegularFile(p) && n.endsWith(".jar")) {
          beside.add(p);
          if (ClassPathEntries.mainAttributes(p).containsKey(Attributes.Name.MAIN_CLASS.toString())) {
            jars.add(p);
          }
        } else if (Files.isRegularFile(p) && n.endsWith(".java")) {
          sources.add(p);
        }
      }
    } catch (IOException e) {
      throw new HermitException("cannot list " + dir + ": " + e.getMessage());
    }
    if (sources.isEmpty() && jars.isEmpty()) {
      refuseProject(dir);
      AppInput exploded = fromExplodedJar(dir, main, classPath);
      if (exploded != null) {
        return exploded;
      }
    }
    String name = dir.getFileName() == null ? "app" : dir.getFileName().toString();
    // a Quarkus app's distribution (Keycloak's: bin/kc.sh runs -cp lib/quarkus-run.jar QuarkusEntryPoint), whose
    // runner's main class lives in a jar its Class-Path names: its fast-jar layout, as the runner itself builds;
    // it was "no start script names a main class", and with --main a runtime of the boot jars' 9 modules
    Path runner = dir.resolve("lib/quarkus-run.jar");
    if (sources.isEmpty() && jars.isEmpty() && Files.isRegularFile(runner)) {
      Map<String, String> attributes = ClassPathEntries.mainAttributes(runner);
      String entry = main != null ? main : attributes.getOrDefault(Attributes.Name.MAIN_CLASS.toString(), "").trim();
      if (QuarkusApp.isRunner(runner, entry)) {
        detail.accept(dir + " is a Quarkus app's distribution: built from " + dir.relativize(runner) + ", its "
            + "fast-jar layout, as java -jar runs it");
        return QuarkusApp.resolve(runner, entry, attributes);
      }
    }
    // a distribution's start scripts run its jars: .java files deeper down are its examples (Karaf's examples/),
    // not the app, which compiled as sources stopped at "duplicate class"
    StartScripts scripts = sources.isEmpty() && jars.isEmpty() ? StartScripts.read(dir.resolve("bin")) : null;
    AppInput scripted = scripts == null ? null : fromScriptedJar(name, dir, null, scripts, main, classPath,
        jvmOptions);
    if (scripted != null) {
      return scripted;
    }
    if (scripts != null && !scripts.jarDirs().isEmpty()) {
      if (!hasJars(dir.resolve("lib")) && main != null && !classPath.isEmpty()) {
        // what the message below asks for, given (Karaf's --main org.apache.karaf.main.Main --class-path
        // 'lib/boot/*'): the directory is the home, as a distribution's; the same message came back before
        return withLibraryNatives(fromDistribution(name, dir, scripts, main, classPath, jvmOptions), dir.resolve("lib"),
            DISTRIBUTION_HOME + "/lib");
      }
      if (!hasJars(dir.resolve("lib"))) {
        List<Path> runs = jarDirectories(dir, scripts.jarDirs());
        String example = runs.isEmpty() ? "DIR" : runs.get(0).toString();
        throw new InputException(dir + " is an app's distribution whose start scripts (" + dir.resolve("bin")
            + ") run jars that lib/ does not hold" + (runs.isEmpty() ? "" : " (" + String.join(", ",
            runs.stream().map(p -> dir.relativize(p) + "/").toList()) + ")") + ": give the main class and class path "
            + "they start with, e.g. --main CLASS --class-path '" + example + "/*' (with the system properties they "
            + "set, as -J-D...)", Setting.INPUT, dir);
      }
      int examples = sourceTree(dir).size();
      if (examples > 0) {
        detail.accept(dir + " is an app's distribution (bin/ runs the jars of lib/): its " + examples
            + " .java files in subdirectories are not compiled");
      }
    } else if (!sources.isEmpty() || jars.isEmpty()) {
      sources = new ArrayList<>(sourceTree(dir)); // packages in subdirectories too (src/main/java, com/acme/Main.java)
      // on the class path a module declaration is no use, and its `requires` would find no module there
      if (sources.removeIf(p -> p.getFileName().toString().equals("module-info.java"))) {
        warn.accept("module-info.java is left out: the sources are compiled and run on the class path, as java -jar "
            + "runs a jar");
      }
    }
    jars.sort(null);
    beside.sort(null);
    if (jars.size() == 1 && sources.isEmpty()) {
      // the one executable jar at the top may not be what bin/'s scripts run (ActiveMQ's activemq-all, a client's
      // all-in-one jar, where bin/activemq runs -jar bin/activemq.jar): built as the scripts run the app
      AppInput run = fromScriptedJar(name, dir, jars.get(0), StartScripts.read(dir.resolve("bin")), main, classPath,
          jvmOptions);
      if (run != null) {
        return run;
      }
      AppInput a = fromJar(jars.get(0), main, classPath);
      AppInput home = asJarHome(a, dir);
      if (home != null) {
        return new AppInput(name, home.mainClass(), home.launchJar(), home.treeClassPath(), home.files(),
            home.classPath(), home.manifestAttributes());
      }
      // java -jar loads only what the jar's Class-Path names: jars beside it that it does not name stay out, as
      // there, which a directory of modular jars (run with java -p DIR -m app) lost without a word
      List<String> left = beside.stream().filter(p -> !a.classPath().contains(p))
          .map(p -> p.getFileName().toString()).toList();
      if (!left.isEmpty()) {
        warn.accept(dir + " holds one executable jar, " + jars.get(0).getFileName() + ", built as java -jar runs it: "
            + "the jars beside it that its manifest's Class-Path does not name stay out (" + String.join(", ", left)
            + "), as under java -jar; if the app needs them: hermit build --class-path '" + dir + "/*' --main "
            + a.mainClass());
      }
      return new AppInput(name, a.mainClass(), a.launchJar(), a.treeClassPath(), a.files(), a.classPath(),
          a.manifestAttributes());
    }
    if (!sources.isEmpty()) { // libraries: lib/*.jar, then the jars beside the sources (a name in lib/ wins)
      List<Path> libs = new ArrayList<>(hasJars(dir.resolve("lib")) ? ClassPathEntries.expand("lib/*", dir) : List.of());
      java.util.Set<Path> names = new java.util.HashSet<>(libs.stream().map(Path::getFileName).toList());
      beside.stream().filter(j -> !names.contains(j.getFileName())).forEach(libs::add);
      addClassPathJars(libs, names, classPath, "a directory of sources"); // after those of the directory
      return withLibraryNatives(fromSources(name, sources, libs, main, null, resources(dir, sources),
          dir.toAbsolutePath()),
          dir.resolve("lib"), "app/lib");
    }
    if (jars.size() > 1) {
      throw new InputException(dir + " holds several executable jars (" + String.join(", ",
          jars.stream().map(p -> p.getFileName().toString()).toList()) + "); name the one to build"
          + classPathHint(dir, beside, main), Setting.INPUT, dir);
    }
    if (hasJars(dir.resolve("lib"))) {
      // scripts were read above: no sources and no executable jar lead here
      return withLibraryNatives(fromDistribution(name, dir, scripts, main, classPath, jvmOptions), dir.resolve("lib"),
          DISTRIBUTION_HOME + "/lib");
    }
    List<String> layers = SPRING_BOOT_LAYERS.stream().filter(l -> Files.isDirectory(dir.resolve(l))).toList();
    if (layers.contains("application") && layers.size() > 1) {
      throw new InputException(dir + " holds Spring Boot's layers (" + String.join("/, ", layers) + "/), which are "
          + "one app only together: build the jar they were extracted from, or copy the layers into one directory, as"
          + " a Dockerfile's COPY steps do, and build that", Setting.INPUT, dir);
    }
    throw new InputException(dir + " holds neither an executable jar, .java files, an app's distribution (lib/*.jar)"
        + " nor an unpacked jar (META-INF/MANIFEST.MF with a Main-Class)" + classPathHint(dir, beside, main),
        Setting.INPUT, dir);
  }

  /** For a directory whose jars are not one app as it stands: the build that runs them all, as java -cp 'DIR/*'. */
  private static String classPathHint(Path dir, List<Path> jars, String main) {
    return jars.isEmpty() ? "" : "; or, to run its jars on one class path as java -cp '" + dir + "/*' does: hermit "
        + "build --class-path '" + dir + "/*' --main " + (main == null ? "CLASS" : main);
  }

  /** The directories of Spring Boot's {@code extract --layers}, in its order: each holds a part of the app. */
  private static final List<String> SPRING_BOOT_LAYERS = List.of("dependencies", "spring-boot-loader",
      "snapshot-dependencies", "application");

  /**
   * An unpacked executable jar (Spring Boot's {@code extract --launcher} layout, an unzipped fat jar): its
   * META-INF/MANIFEST.MF names the main class, and the directory is the class path, as {@code java -cp DIR MAIN}
   * runs it (a directory's manifest gives no Class-Path or Add-Opens there). Null when the directory has no manifest
   * naming a main class that is there.
   */
  private AppInput fromExplodedJar(Path dir, String main, List<String> classPath) {
    Path manifest = dir.resolve(java.util.jar.JarFile.MANIFEST_NAME);
    if (!Files.isRegularFile(manifest)) {
      return null;
    }
    String named;
    try (java.io.InputStream in = Files.newInputStream(manifest)) {
      named = new java.util.jar.Manifest(in).getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
    } catch (IOException e) {
      throw new InputException("cannot read " + manifest + ": " + e.getMessage(), Setting.INPUT, dir);
    }
    // a source tree may carry its manifest as a resource: unpacked means the main class is there, compiled
    if (named == null || named.isBlank()
        || !Files.isRegularFile(dir.resolve(named.strip().replace('.', '/') + ".class"))) {
      return null;
    }
    List<Path> cp = new ArrayList<>(List.of(dir));
    cp.addAll(expandAll(classPath));
    String name = dir.getFileName() == null ? "app" : dir.getFileName().toString();
    String run = main != null ? main : named.strip();
    detail.accept(dir + " is an unpacked jar: run as java -cp " + dir + " " + run);
    return fromClassPath(name, run, cp);
  }

  /**
   * A Maven or Gradle project's directory is not a source tree: its tests, its generated sources and its
   * dependencies are the build tool's to put together. Says what to build instead. A build file beside sources
   * laid out as packages, with no src/main or src/test, is no such project: they compile as with a .java file
   * beside it (a pom.xml that fetched lib/ with dependency:copy-dependencies).
   */
  private static void refuseProject(Path dir) {
    String tool = Files.isRegularFile(dir.resolve("pom.xml")) ? "Maven"
        : Files.isRegularFile(dir.resolve("build.gradle")) || Files.isRegularFile(dir.resolve("build.gradle.kts"))
            ? "Gradle" : null;
    // (the tree walked only for a build file: every distribution without one comes through here)
    if (tool == null || !Files.isDirectory(dir.resolve("src/main")) && !Files.isDirectory(dir.resolve("src/test"))
        && !sourceTree(dir).isEmpty()) {
      return;
    }
    if ("Gradle".equals(tool)) {
      throw new InputException(dir + " is a Gradle project: build its distribution (gradle installDist, with the "
          + "application plugin) and give hermit the directory it makes (build/install/NAME)", Setting.INPUT, dir);
    }
    throw new InputException(dir + " is a Maven project: build its jar (mvn package) and give hermit the jar (with "
        + "--class-path for its dependencies), or add hermit's Maven plugin to the project (docs/MAVEN.md)",
        Setting.INPUT, dir);
  }

  /** The directories under {@code dir}, three levels deep at most, named as one of {@code names} and holding jars. */
  private static List<Path> jarDirectories(Path dir, java.util.Set<String> names) {
    try (java.util.stream.Stream<Path> all = Files.walk(dir, 3)) {
      return all.filter(p -> Files.isDirectory(p) && p.getFileName() != null
          && names.contains(p.getFileName().toString()) && hasJars(p)).sorted().toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new HermitException("cannot list " + dir + ": " + e.getMessage());
    }
  }

  private static boolean hasJars(Path dir) {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
      return s.iterator().hasNext();
    } catch (IOException e) {
      return false; // no lib/ (or not a directory): no libraries there
    }
  }

  /**
   * The .java files under {@code dir}, sorted, but none under its {@code lib/} (the libraries) or a hidden directory
   * ({@code .git}): a source tree compiles as one, its packages in their directories.
   */
  private static List<Path> sourceTree(Path dir) {
    try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
      return all.filter(p -> p.getFileName().toString().endsWith(".java") && Files.isRegularFile(p))
          .filter(p -> {
            Path rel = dir.relativize(p);
            for (int i = 0; i < rel.getNameCount() - 1; i++) {
              if (rel.getName(i).toString().startsWith(".") || i == 0 && rel.getName(0).toString().equals("lib")) {
                return false;
              }
            }
            return true;
          }).sorted().toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new HermitException("cannot list " + dir + ": " + e.getMessage());
    }
  }

  /**
   * The native libraries in {@code lib/} beside the jars (sqlite4java's, a distribution's {@code lib/native/}), which
   * {@code java -cp 'lib/*'} leaves to {@code -Djava.library.path=lib} or to a library that looks beside its own jar:
   * packed into {@code treeDir}, where the jars are, and each directory holding one named for {@code java.library.path}
   * (a start script names {@code lib/native} or {@code lib}). The natives step then
   * drops other platforms' and bundles what the target's need, as for natives inside jars.
   */
  private AppInput withLibraryNatives(AppInput app, Path lib, String treeDir) {
    if (!Files.isDirectory(lib)) {
      return app;
    }
    Path copy = work.resolve("lib-natives").resolve("lib");
    java.util.Set<String> directories = new java.util.TreeSet<>(); // each that holds one: lib/, lib/native/...
    try (java.util.stream.Stream<Path> s = Files.walk(lib, 8)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".jar") || n.endsWith(".war") || !isNative(p)) {
          continue;
        }
        String rel = lib.relativize(p).toString().replace('\\', '/');
        Path to = copy.resolve(rel);
        Files.createDirectories(to.getParent());
        Files.copy(p, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        directories.add(rel.contains("/") ? treeDir + "/" + rel.substring(0, rel.lastIndexOf('/')) : treeDir);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new HermitException("cannot read the native libraries in " + lib + ": " + e.getMessage());
    }
    if (!Files.isDirectory(copy)) {
      return app;
    }
    Map<Path, String> files = new LinkedHashMap<>(app.files());
    files.put(copy, treeDir);
    List<String> libraryPath = new ArrayList<>(app.libraryPath());
    libraryPath.addAll(directories);
    return new AppInput(app.name(), app.mainClass(), app.launchJar(), app.treeClassPath(), files, app.classPath(),
        app.manifestAttributes(), libraryPath, app.jvmOptions(), app.module());
  }

  private static boolean isNative(Path p) throws IOException {
    byte[] head;
    try (java.io.InputStream in = Files.newInputStream(p)) {
      head = in.readNBytes(8);
    }
    return dev.hermit.binary.NativeBinary.mayBe(head)
        && dev.hermit.binary.NativeBinary.identify(Files.readAllBytes(p)).isPresent();
  }

  /** Resources beside the sources above this many bytes are named in a warning: a data file packed by mistake. */
  private static final long RESOURCES_WARNED = 10_000_000;

  /**
   * The resources {@code java -cp ROOT} finds beside the sources (Weld's META-INF/beans.xml, a bundle's
   * .properties), by their path in the jar: every file under each source root (the directory a source's package
   * starts from) except sources, classes, jars, native binaries and OCI images (a previous build's outputs), what
   * is under lib/ and what is hidden.
   */
  private Map<String, Path> resources(Path dir, List<Path> sources) {
    java.util.Set<Path> roots = new java.util.TreeSet<>();
    Path top = dir.toAbsolutePath().normalize();
    for (Path source : sources) {
      Path root = sourceRoot(source.toAbsolutePath().normalize());
      roots.add(root.startsWith(top) ? root : top); // a package named like the directory above: never outside it
    }
    dir = top;
    Map<String, Path> found = new java.util.TreeMap<>();
    long bytes = 0;
    try {
      for (Path root : roots) {
        try (java.util.stream.Stream<Path> s = Files.walk(root)) {
          List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
          // an image an earlier `--image DIR` wrote here (its blobs are the last output, gzipped) is no resource
          List<Path> images = files.stream().filter(f -> f.getFileName().toString().equals("oci-layout"))
              .map(Path::getParent).toList();
          for (Path p : files) {
            Path rel = dir.relativize(p);
            boolean skipped = rel.getName(0).toString().equals("lib") && rel.getNameCount() > 1
                || images.stream().anyMatch(p::startsWith);
            for (int i = 0; i < rel.getNameCount(); i++) {
              skipped |= rel.getName(i).toString().startsWith(".");
            }
            String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
            String entry = root.relativize(p).toString().replace('\\', '/');
            if (skipped || n.endsWith(".java") || n.endsWith(".class") || n.endsWith(".jar") || n.endsWith(".war")
                || entry.equalsIgnoreCase("META-INF/MANIFEST.MF") || isNative(p) || found.containsKey(entry)) {
              continue;
            }
            found.put(entry, p);
            bytes += Files.size(p);
          }
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new HermitException("cannot list the resources beside the sources in " + dir + ": " + e.getMessage());
    }
    if (bytes > RESOURCES_WARNED) {
      warn.accept(String.format("%d files (%.1f MB) beside the sources go into the app as resources, as java -cp "
          + "would find them: keep data files out of the source directory, or build from a jar", found.size(),
          bytes / 1e6));
    }
    return found;
  }

  /** The directory a source's package starts from (JavaSources.sourceRoot); an unreadable one's own directory. */
  private static Path sourceRoot(Path source) {
    try {
      return JavaSources.sourceRoot(source);
    } catch (IOException | java.io.UncheckedIOException e) {
      // unreadable or not UTF-8: javac will say so; its directory is as good a root as any
      return source.toAbsolutePath().normalize().getParent();
    }
  }

  /**
   * {@code --class-path}'s jars as libraries of sources, after {@code libs}: compiled against and packed beside the
   * sources' jar, a file name already there kept as it is (a name in lib/ wins). Classes must come in a jar.
   */
  private void addClassPathJars(List<Path> libs, java.util.Set<Path> names, List<String> classPath, String what) {
    for (Path p : expandAll(classPath)) {
      if (!Files.isRegularFile(p)) {
        throw new InputException("--class-path " + p + ": with " + what + " the class path takes jars (compiled "
            + "against and packed beside the sources' jar); put classes in a jar, or their sources with the others",
            Setting.CLASS_PATH, p.toString());
      }
      if (names.add(p.getFileName()) && !libs.contains(p)) {
        libs.add(p);
      }
    }
  }

  private AppInput fromSources(String name, List<Path> sources, List<Path> libs, String main, String preferred,
      Map<String, Path> resources, Path base) {
    Path jar = work.resolve(name + ".jar");
    List<String> libNames = libs.stream().map(p -> "lib/" + p.getFileName()).toList();
    int compiledFor = release;
    String mainClass;
    try {
      mainClass = JavaSources.compileToJar(sources, libs, main, release, work, jar, preferred, libNames,
          () -> newerJavac.apply(release), resources, warn, base, preview);
    } catch (InputException e) {
      // Retried for a newer Java, as the runtime's version is the lowest that loads the app's classes: the lowest
      // that loads the jars compiled against, and that has the JDK API the sources call (javac --release 17 says
      // only "cannot find symbol" for Thread.ofVirtual)
      List<String> why = new ArrayList<>();
      int needed = release;
      List<ClassVersions.Offender> tooNew = ClassVersions.unloadable(libs, release);
      for (int v : tooNew.isEmpty() ? List.<Integer>of() : raiseTo) {
        if (v > release && ClassVersions.unloadable(libs, v).isEmpty()) {
          ClassVersions.Offender first = tooNew.get(0);
          why.add(first.where() + " needs Java " + first.javaVersion() + " (" + first.className() + ")");
          needed = v;
          break;
        }
      }
      NewerApis.Need api = e instanceof JavaSources.CompileFailure f ? f.newerApi : null;
      if (api != null && !api.preview()) { // a preview API needs -J--enable-preview too: the message says so
        for (int v : raiseTo) {
          if (v >= api.java()) {
            why.add(api.api() + " is in Java " + api.java());
            needed = Math.max(needed, v);
            break;
          }
        }
      }
      if (needed == release) {
        throw e;
      }
      // javac's own errors are named where a jar's version is among the reasons ("class file has wrong version")
      detail.accept("compiling for Java " + release + " failed" + (tooNew.isEmpty() ? ": "
          : " (" + e.getMessage() + ") and ") + String.join(", and ", why) + ": compiling for Java " + needed);
      int v = needed;
      Path retry = work.resolve("java-" + v); // its own classes: none of the failed attempt's come along
      mainClass = JavaSources.compileToJar(sources, libs, main, v, retry, jar, preferred, libNames,
          () -> newerJavac.apply(v), resources, warn, base, preview);
      compiledFor = needed;
    }
    List<String> processors = JavaSources.processorsIn(libs);
    detail.accept("compiled " + sources.size() + (sources.size() == 1 ? " source file" : " source files") + " for Java "
        + compiledFor + (libs.isEmpty() ? "" : " against " + libs.size() + (libs.size() == 1 ? " jar" : " jars"))
        + (processors.isEmpty() ? "" : "; annotation processors of those jars ran: " + String.join(", ", processors)));
    List<Path> compileOnly = processors.isEmpty() ? List.of() : JavaSources.compileOnly(jar, libs);
    if (!compileOnly.isEmpty()) {
      detail.accept("not packed, as javac alone uses them (annotation processors that no class of the app names): "
          + String.join(", ", compileOnly.stream().map(p -> p.getFileName().toString()).toList()));
    }
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(jar, "app/" + name + ".jar");
    List<Path> cp = new ArrayList<>(List.of(jar));
    for (Path lib : libs) {
      if (!compileOnly.contains(lib)) {
        files.put(lib, "app/lib/" + lib.getFileName());
        cp.add(lib);
      }
    }
    // Run with every jar named on the class path, as `java -cp 'lib/*:.'` would, not as `java -jar` with the
    // libraries in Class-Path: apps that scan java.class.path for classes (Weka's class discovery, the Reflections
    // library, JUnit's launcher) see only the jars it names.
    return new AppInput(name, mainClass, null, List.copyOf(files.values()), files, cp,
        ClassPathEntries.mainAttributes(jar));
  }

  /**
   * {@code MODULE/CLASS}, as {@code java -m} takes it: the class path is the module path, and one of its entries must
   * be that module as {@code java -p} names them.
   */
  private AppInput asModule(String main, List<Path> entries) {
    int slash = main.indexOf('/');
    String module = main.substring(0, slash);
    String mainClass = main.substring(slash + 1);
    java.util.Set<String> declared = ModuleInfo.declared(entries);
    if (!declared.contains(module)) {
      throw new InputException("the main class " + main + " is in the module " + module + ", which no jar of the class path"
          + " is (by its module-info.class, its Automatic-Module-Name or its file name, as java -p names them)"
          + (declared.isEmpty() ? "" : "; they are " + String.join(", ", declared)), Setting.MAIN_CLASS, main);
    }
    AppInput app = checked(fromClassPath(simpleName(mainClass).toLowerCase(Locale.ROOT), mainClass, entries));
    return new AppInput(app.name(), app.mainClass(), null, app.treeClassPath(), app.files(), app.classPath(),
        app.manifestAttributes(), app.libraryPath(), app.jvmOptions(), main);
  }

  private AppInput fromJar(Path jar, String main, List<String> classPath) {
    Map<String, String> attributes = ClassPathEntries.mainAttributes(jar);
    String name = stem(jar.getFileName().toString());
    if (main != null) {
      List<Path> cp = new ArrayList<>(List.of(jar));
      cp.addAll(expandAll(classPath));
      // the Maven plugin's <mainClass>MODULE/CLASS</mainClass>: its jar and dependencies are the module path
      return main.indexOf('/') > 0 ? asModule(main, cp) : fromClassPath(name, main, cp);
    }
    if (!classPath.isEmpty()) {
      throw new InputException("a class path is ignored by 'java -jar'; to run " + jar.getFileName()
          + " with a class path, also name its main class", Setting.MAIN_CLASS, jar);
    }
    String mainClass = attributes.get(Attributes.Name.MAIN_CLASS.toString());
    if (mainClass == null || mainClass.isBlank()) {
      throw new InputException(jar.getFileName() + " has no Main-Class in its manifest: name the main class", Setting.MAIN_CLASS, jar);
    }
    if (QuarkusApp.isRunner(jar, mainClass.trim())) {
      return QuarkusApp.resolve(jar, mainClass.trim(), attributes);
    }
    // Class-Path entries are relative to the jar: keep that geometry in the tree, one level deeper for each
    // leading ".." so that no entry lands outside app/.
    Map<String, java.util.Set<String>> missing = new LinkedHashMap<>();
    List<Path> deps = ClassPathEntries.classPathClosure(jar, warn, missing);
    ClassPathEntries.reportMissing(missing, warn);
    Path base = jar.getParent();
    int depth = 0;
    for (Path d : deps) {
      Path rel = base.relativize(d);
      int up = 0;
      while (up < rel.getNameCount() && rel.getName(up).toString().equals("..")) {
        up++;
      }
      depth = Math.max(depth, up);
    }
    String jarDir = "app/" + "up/".repeat(depth);
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(jar, jarDir + jar.getFileName());
    for (Path d : deps) {
      files.put(d, collapse(jarDir + base.relativize(d).toString().replace('\\', '/')));
    }
    List<Path> cp = new ArrayList<>(List.of(jar));
    cp.addAll(deps);
    return new AppInput(name, mainClass.trim(), jarDir + jar.getFileName(), List.of(), files, cp, attributes);
  }

  /**
   * An application's distribution, as Gradle's {@code installDist} (and sbt-native-packager, and others) lay it out:
   * its jars in {@code lib/}, none of them executable, and start scripts in {@code bin/} that name the main class
   * and put the jars on the class path in order. The main class is {@code main}, else the one class with a main
   * method that the scripts name; the jars go in the scripts' order, any they do not name after them.
   */
  private AppInput fromDistribution(String name, Path dir, StartScripts scripts, String main, List<String> classPath,
      List<String> given) {
    List<Path> libs = hasJars(dir.resolve("lib")) ? ClassPathEntries.expand("lib/*", dir) : List.of();
    List<Path> extra = expandAll(classPath); // --class-path: after lib/'s jars
    // A script that runs jars of another directory (Maven's bin/mvn runs plexus-classworlds from boot/, which
    // reads bin/m2.conf at run time to load lib/) is a launcher hermit cannot stand in for: an output of lib/
    // alone dies with NoClassDefFoundError, so the build stops and says what to give instead.
    for (String other : new java.util.TreeSet<>(scripts.jarDirs())) {
      Path d = dir.resolve(other).normalize();
      if (!other.equals("lib") && d.startsWith(dir) && d.getNameCount() == dir.getNameCount() + 1 && hasJars(d)
          && extra.stream().noneMatch(p -> p.startsWith(d))) {
        // the main class the scripts name among that directory's jars (Maven's: plexus-classworlds' Launcher)
        List<Path> theirs = ClassPathEntries.expand(other + "/*", dir);
        java.util.Set<String> classes = ClassPathEntries.classNames(theirs);
        List<String> mains = scripts.words().stream().filter(classes::contains).filter(c -> {
          ClassFile cf = ClassFile.parse(ClassPathEntries.findClass(theirs, c));
          return cf != null && cf.hasMain();
        }).toList();
        String mainHint = mains.size() == 1 ? mains.get(0) : "CLASS";
        throw new InputException("the start scripts in " + dir.resolve("bin") + " also run the jars of " + d
            + ", not only those of lib/: a distribution is built from lib/ alone. Give the class path and main "
            + "class the scripts start with, e.g. --main " + mainHint + " --class-path '" + d + "/*:"
            + dir.resolve("lib") + "/*' (with the system properties they set, as -J-D...; " + HOME_IN_OUTPUT
            + " is the distribution's home), or add " + d + "/* to --class-path", Setting.INPUT, dir);
      }
    }
    List<Path> cp = new ArrayList<>();
    for (String jar : scripts.jarsInOrder()) {
      Path p = dir.resolve("lib").resolve(jar);
      if (libs.contains(p) && !cp.contains(p)) {
        cp.add(p);
      }
    }
    libs.stream().filter(p -> !cp.contains(p)).forEach(cp::add);
    extra.stream().filter(p -> !cp.contains(p)).forEach(cp::add);
    for (Path p : cp) {
      if (!Files.isDirectory(p)) { // a directory (conf/) from --class-path is read as java would, as files
        ClassPathEntries.mainAttributes(p); // fails early and clearly on a broken jar, before any is searched
      }
    }
    String mainClass = main;
    if (mainClass == null) {
      java.util.Set<String> classes = ClassPathEntries.classNames(cp);
      List<String> named = scripts.words().stream().filter(classes::contains).filter(c -> {
        byte[] bytes = ClassPathEntries.findClass(cp, c);
        ClassFile cf = bytes == null ? null : ClassFile.parse(bytes);
        return cf != null && cf.hasMain();
      }).toList();
      if (named.size() != 1) {
        throw new InputException(dir + " holds " + cp.size() + (cp.size() == 1 ? " jar" : " jars")
            + " in lib/ and no executable jar, and "
            + (named.isEmpty() ? "no start script in bin/ names a main class of them"
                : "its start scripts name several main classes (" + String.join(", ", named) + ")")
            + ": name the main class", Setting.MAIN_CLASS, dir);
      }
      mainClass = named.get(0);
    }
    String module = null;
    if (scripts.module().isPresent()) {
      String m = scripts.module().get();
      String moduleName = m.substring(0, m.indexOf('/'));
      if (mainClass.equals(m.substring(m.indexOf('/') + 1)) && ModuleInfo.declared(cp).contains(moduleName)) {
        module = m; // run as the scripts run it: provides, opens and exports of module-info apply
        detail.accept(dir.resolve("bin") + "'s scripts run the app as a module: so does the output (--module " + m
            + ", lib/ the module path)");
      } else {
        warn.accept(dir.resolve("bin") + "'s scripts run the app as a module (--module " + m + "), which no jar of "
            + "lib/ is (as java -p names them)" + (main != null ? " with the main class given" : "") + ": it is built to run on the "
            + "class path, as java -cp runs the same jars, where module-info's provides, opens and exports do not "
            + "apply");
      }
    }
    return asHome(fromClassPath(name, mainClass, cp), dir, scriptOptions(dir, scripts, given), module);
  }

  /**
   * The JVM options the start scripts pass (Gradle's {@code DEFAULT_JVM_OPTS}), carried as the scripts pass them,
   * with {@code $APP_HOME} the distribution's home in the output; when the scripts differ or compute them, each is
   * named in a warning with what to give instead.
   */
  private List<String> scriptOptions(Path dir, StartScripts scripts, List<String> given) {
    // Scripts of other shapes (Qpid's qpid-run, Tomcat's catalina.sh) write their options among their own lines:
    // named, not carried (they mix the JVM's options with variables only the script knows), once for all scripts
    java.util.Set<String> literal = new java.util.LinkedHashSet<>();
    List<String> writers = new ArrayList<>();
    java.util.Set<String> givenKeys = new java.util.HashSet<>();
    given.forEach(o -> givenKeys.add(optionKey(o)));
    scripts.literalOptions().forEach((script, options) -> {
      // one the user gave with -J is given, whatever its value (-Dcatalina.home=... for the script's $CATALINA_HOME)
      List<String> missing = options.stream().filter(o -> !givenKeys.contains(optionKey(o))).toList();
      if (!missing.isEmpty() && literal.addAll(missing)) {
        writers.add(dir.relativize(script).toString());
      }
    });
    if (!literal.isEmpty()) {
      warn.accept(String.join(", ", writers) + " pass" + (writers.size() == 1 ? "es" : "") + " JVM options that are not "
          + "carried: " + String.join(" ", literal) + ": give those the app needs with -J, one each ("
          + HOME_IN_OUTPUT + " is the distribution's home in the output)");
    }
    Map<Path, java.util.Optional<List<String>>> parsed = new LinkedHashMap<>();
    scripts.jvmOptions().forEach((script, value) -> parsed.put(script, StartScripts.options(value)
        .map(o -> o.stream().map(x -> x.replace("${APP_HOME}", HOME_IN_OUTPUT).replace("$APP_HOME", HOME_IN_OUTPUT))
            .toList())
        .filter(o -> o.stream().noneMatch(x -> x.replace(HOME_IN_OUTPUT, "").contains("$")))));
    java.util.Set<List<String>> distinct = new java.util.HashSet<>();
    parsed.values().forEach(o -> distinct.add(o.orElse(null)));
    if (distinct.size() == 1 && !distinct.contains(null)) {
      List<String> options = distinct.iterator().next();
      if (given.containsAll(options)) {
        return List.of();
      }
      detail.accept(String.join(", ", parsed.keySet().stream().map(p -> dir.relativize(p).toString()).toList())
          + " starts the app with JVM options, carried: " + String.join(" ", options));
      return options;
    }
    scripts.jvmOptions().forEach((script, value) -> {
      java.util.Optional<List<String>> options = parsed.get(script);
      if (options.isPresent() && given.containsAll(options.get())) {
        return; // given already
      }
      warn.accept(dir.relativize(script) + " starts the app with JVM options that are not carried (" + value
          + (distinct.size() > 1 && options.isPresent() ? "; the scripts differ" : "") + "): give them "
          + options.map(o -> "as " + String.join(" ", o.stream().map(x -> "-J" + x).toList()))
              .orElse("with -J, one each (" + HOME_IN_OUTPUT + " is the distribution's home in the output)"));
    });
    return List.of();
  }

  /**
   * The app as {@code dir}'s start scripts run it when they run an executable jar below it with {@code -jar}
   * (ActiveMQ's bin/activemq: {@code -jar bin/activemq.jar}, a launcher that loads lib/ itself): that jar, the
   * directory its home, the scripts' options named; null when they run no such jar (or several), or name
   * {@code top}, the one executable jar at the top (null for none), which is then the app.
   */
  private AppInput fromScriptedJar(String name, Path dir, Path top, StartScripts scripts, String main,
      List<String> classPath, List<String> jvmOptions) {
    Path scripted = scriptedJar(dir, top, scripts);
    AppInput home = scripted == null ? null : asJarHome(fromJar(scripted, main, classPath), dir);
    if (home == null) {
      return null;
    }
    detail.accept(dir.resolve("bin") + "'s start scripts run " + dir.relativize(scripted)
        + (top == null ? "" : ", not " + top.getFileName()) + ": built as they run it, java -jar "
        + dir.relativize(scripted) + " with the directory as its home");
    List<String> options = scriptOptions(dir, scripts, jvmOptions); // named in a warning when not carried
    return new AppInput(name, home.mainClass(), home.launchJar(), home.treeClassPath(), home.files(),
        home.classPath(), home.manifestAttributes(), home.libraryPath(), options, home.module());
  }

  private static Path scriptedJar(Path dir, Path top, StartScripts scripts) {
    if (top != null && scripts.jarsInOrder().contains(top.getFileName().toString())) {
      return null;
    }
    java.util.Set<Path> found = new java.util.LinkedHashSet<>();
    for (String d : scripts.jarDirs()) {
      for (String jar : scripts.jarsRun()) {
        Path p = dir.resolve(d).resolve(jar).normalize();
        if (p.startsWith(dir) && !p.getParent().equals(dir) && Files.isRegularFile(p)
            && ClassPathEntries.mainAttributes(p).containsKey(Attributes.Name.MAIN_CLASS.toString())) {
          found.add(p);
        }
      }
    }
    return found.size() == 1 ? found.iterator().next() : null;
  }

  /**
   * A directory whose one executable jar finds its jars below itself at run time (Jetty's start.jar and its
   * jetty-home: lib/, modules/, etc/), packed whole as the jar's home ({@value #DISTRIBUTION_HOME}), so that the jar
   * finds them beside itself in the output as it does in the directory; it was packed alone ("Unknown modules"),
   * with a hint that built the same. Only where jars below it are not on its Class-Path (those it names are the
   * app's already); else null.
   */
  private AppInput asJarHome(AppInput app, Path dir) {
    List<Path> below = new ArrayList<>();
    List<String> links = new ArrayList<>(); // told only when the home is packed
    try { // links followed, as the jar follows them (Debian's jetty9 home: lib/'s jars and etc/ are links)
      for (Path p : dev.hermit.FileTrees.walkFollowingLinks(dir, note -> links.add(dir.getFileName() + "/" + note))) {
        boolean hidden = java.util.stream.StreamSupport.stream(dir.relativize(p).spliterator(), false)
            .anyMatch(c -> c.toString().startsWith("."));
        if (!hidden && Files.isRegularFile(p)) {
          below.add(p);
        }
      }
    } catch (IOException e) {
      throw new HermitException("cannot list " + dir + ": " + e.getMessage());
    }
    boolean jarsBelowUnnamed = below.stream().anyMatch(p -> p.getParent() != null && !p.getParent().equals(dir)
        && p.getFileName().toString().endsWith(".jar") && !app.files().containsKey(p));
    if (!jarsBelowUnnamed) {
      return null;
    }
    links.forEach(warn);
    Map<String, String> moved = new java.util.HashMap<>();
    Map<Path, String> files = new LinkedHashMap<>();
    // what its Class-Path takes from outside the directory (Debian's start.jar names /usr/share/java/jetty9-util.jar)
    // stays where it was packed; the jar's copy names it there (ClassPathRelinker)
    app.files().forEach((p, t) -> {
      if (!p.toAbsolutePath().normalize().startsWith(dir)) {
        files.put(p, t);
      }
    });
    long bytes = 0;
    for (Path p : below) {
      try {
        if (Files.isExecutable(p) && dev.hermit.payload.PayloadReader.isHermitExecutable(p)) {
          continue; // an earlier output written into the directory
        }
        bytes += Files.size(p);
      } catch (IOException e) {
        throw new HermitException("cannot read " + p + ": " + e.getMessage());
      }
      String at = DISTRIBUTION_HOME + "/" + dir.relativize(p).toString();
      if (app.files().containsKey(p)) {
        moved.put(app.files().get(p), at);
      }
      files.put(p, at);
    }
    detail.accept(dir + " holds one executable jar and jars below it that its Class-Path does not name (a home it "
        + "loads from at run time, as Jetty's start.jar does): packed whole, " + files.size() + " files, "
        + String.format(Locale.ROOT, "%.1f MB", bytes / 1e6));
    return new AppInput(app.name(), app.mainClass(), app.launchJar() == null ? null : moved.get(app.launchJar()),
        app.treeClassPath().stream().map(t -> moved.getOrDefault(t, t)).toList(), files, app.classPath(),
        app.manifestAttributes(), app.libraryPath(), app.jvmOptions(), app.module());
  }

  /**
   * bin/'s files that are not scripts (Maven's bin/m2.conf, which its launcher reads by path): carried under the
   * home, where the scripts' options name them. The scripts stay out: the output stands in for them.
   */
  private void binFiles(Path bin, Map<Path, String> files) {
    if (!Files.isDirectory(bin)) {
      return;
    }
    List<String> carried = new ArrayList<>();
    try (java.util.stream.Stream<Path> s = Files.list(bin)) {
      // (a link to a file counts: Debian's bin/m2.conf is one to /etc/maven/m2.conf)
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        String n = p.getFileName().toString();
        String lower = n.toLowerCase(Locale.ROOT);
        if (n.startsWith(".") || files.containsKey(p) || lower.matches(".*\\.(bat|cmd|sh|ps1|exe|dll)")
            || isScriptOrBinary(p)) {
          continue;
        }
        files.put(p, DISTRIBUTION_HOME + "/bin/" + n);
        carried.add(n);
      }
    } catch (IOException e) {
      throw new HermitException("cannot list " + bin + ": " + e.getMessage());
    }
    if (!carried.isEmpty()) {
      detail.accept("carried in the distribution's home with bin/'s scripts left out: bin/"
          + String.join(", bin/", carried));
    }
  }

  /** A file that starts with "#!" (a script), or holds a NUL in its first bytes (a program). */
  private static boolean isScriptOrBinary(Path p) throws IOException {
    byte[] head;
    try (java.io.InputStream in = Files.newInputStream(p)) {
      head = in.readNBytes(512);
    }
    if (head.length >= 2 && head[0] == '#' && head[1] == '!') {
      return shellScript(new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    for (byte b : head) {
      if (b == 0) {
        return true;
      }
    }
    return false;
  }

  private static final java.util.Set<String> SHELLS = java.util.Set.of("sh", "bash", "dash", "ksh", "zsh", "ash", "mksh", "busybox");

  /**
   * Whether a {@code #!} file is a start script, which the output stands in for: one a shell runs. Another
   * interpreter's program is the app's own (JRuby's bin/gem, bundle and rake: #!/usr/bin/env jruby, which
   * {@code jruby -S gem} runs from bin/): "No such file or directory -- gem" when it was left out.
   */
  private static boolean shellScript(String head) {
    String line = head.lines().findFirst().orElse("").substring(2).strip();
    String[] words = line.split("\\s+");
    String interpreter = words[0].substring(words[0].lastIndexOf('/') + 1);
    if (interpreter.equals("env")) {
      interpreter = java.util.Arrays.stream(words).skip(1).filter(w -> !w.startsWith("-") && !w.contains("="))
          .findFirst().orElse("sh");
    }
    return interpreter.isEmpty() || SHELLS.contains(interpreter);
  }

  /** What a JVM option sets, without its value: -Dname, -XX:Name, -Xmx, --add-opens module/package. */
  static String optionKey(String o) {
    // java's two spellings of the module options, --add-opens M/P=T and --add-opens=M/P=T, are one option
    o = o.replaceFirst("^(--add-[a-z-]+) +", "$1=");
    if (o.startsWith("-D") || o.startsWith("--add-")) {
      int eq = o.indexOf('=', o.startsWith("--add-") ? o.indexOf('/') + 1 : 0);
      return eq < 0 ? o : o.substring(0, eq);
    }
    if (o.startsWith("-XX:")) {
      String flag = o.substring(4).replaceFirst("^[+-]", "");
      int eq = flag.indexOf('=');
      return "-XX:" + (eq < 0 ? flag : flag.substring(0, eq));
    }
    return o.startsWith("-Xmx") || o.startsWith("-Xms") || o.startsWith("-Xss") ? o.substring(0, 4) : o;
  }

  /**
   * A distribution packed as its home: its jars under {@value #DISTRIBUTION_HOME}/lib, where its files beside them
   * (a conf/ the app reads through {@code -Dapp.home=$APP_HOME}) are too; bin/'s scripts stay out, as hermit's
   * output stands in for them.
   */
  private AppInput asHome(AppInput app, Path dir, List<String> options, String module) {
    Map<String, String> moved = new java.util.HashMap<>();
    Map<Path, String> files = new LinkedHashMap<>();
    app.files().forEach((p, t) -> {
      String at = p.startsWith(dir) ? DISTRIBUTION_HOME + "/" + dir.relativize(p).toString().replace('\\', '/') : t;
      moved.put(t, at);
      files.put(p, at);
    });
    List<String> beside = new ArrayList<>();
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) {
        String n = p.getFileName().toString();
        if (!n.equals("bin") && !n.equals("lib") && !files.containsKey(p)) {
          files.put(p, DISTRIBUTION_HOME + "/" + n);
          beside.add(Files.isDirectory(p) ? n + "/" : n);
        }
      }
    } catch (IOException e) {
      throw new HermitException("cannot list " + dir + ": " + e.getMessage());
    }
    if (!beside.isEmpty()) {
      detail.accept("carried as the distribution's home (" + HOME_IN_OUTPUT + ") beside lib/: "
          + String.join(", ", beside));
    }
    libResources(dir.resolve("lib"), files);
    binFiles(dir.resolve("bin"), files);
    return new AppInput(app.name(), app.mainClass(), app.launchJar(),
        app.treeClassPath().stream().map(t -> moved.getOrDefault(t, t)).toList(), files, app.classPath(),
        app.manifestAttributes(), app.libraryPath(), options, module);
  }

  /**
   * What else a distribution's lib/ holds, below the class path's jars: JRuby's Ruby library (lib/ruby, 1,300 .rb
   * files and the jars a require loads by path), data files a library reads beside its jar. Packed where they were,
   * under the home, in {@code files}. Not lib/'s own jars, which are the class path (one a script leaves off stays
   * off), nor native libraries, which {@link #withLibraryNatives} takes for the target, nor hidden files.
   */
  private void libResources(Path lib, Map<Path, String> files) {
    if (!Files.isDirectory(lib)) {
      return;
    }
    int count = 0;
    long bytes = 0;
    java.util.Set<String> where = new java.util.TreeSet<>();
    try (java.util.stream.Stream<Path> s = Files.walk(lib)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        Path rel = lib.relativize(p);
        boolean hidden = java.util.stream.StreamSupport.stream(rel.spliterator(), false)
            .anyMatch(c -> c.toString().startsWith("."));
        String lower = rel.toString().toLowerCase(Locale.ROOT);
        boolean classPathJar = rel.getNameCount() == 1 && lower.endsWith(".jar");
        // a class-data-sharing archive a run of the distribution left (JRuby's lib/jruby-java17.0.15.jsa, 5 MB) is
        // bound to that machine's paths and JDK, and no part of the distribution
        if (hidden || classPathJar || lower.endsWith(".jsa") || files.containsKey(p) || isNative(p)) {
          continue;
        }
        files.put(p, DISTRIBUTION_HOME + "/lib/" + rel.toString().replace('\\', '/'));
        count++;
        bytes += Files.size(p);
        where.add("lib/" + (rel.getNameCount() > 1 ? rel.getName(0) + "/" : rel.toString()));
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new HermitException("cannot list " + lib + ": " + e.getMessage());
    }
    if (count > 0) {
      detail.accept("carried in the distribution's home with its jars: " + count + " other files of lib/ ("
          + String.format(Locale.ROOT, "%.1f MB", bytes / 1e6) + "): " + String.join(", ", where));
    }
  }

  private AppInput fromClassPath(String name, String main, List<Path> entries) {
    // each jar once, where java first meets it: one on the class path that another's Class-Path also names came
    // in with that one's closure, which walked its own Class-Path already
    java.util.LinkedHashSet<Path> reached = new java.util.LinkedHashSet<>();
    Map<String, java.util.Set<String>> missing = new LinkedHashMap<>();
    for (Path p : entries) {
      if (reached.add(p) && Files.isRegularFile(p)) {
        reached.addAll(ClassPathEntries.classPathClosure(p, warn, missing));
      }
    }
    // A Class-Path entry the given class path supplies under its name is not missing: Maven's <addClasspath> names
    // the dependencies beside the jar, where the Maven plugin gives them from the local repository instead
    java.util.Set<String> given = new java.util.HashSet<>();
    entries.forEach(e -> given.add(e.getFileName().toString()));
    missing.values().forEach(urls -> urls.removeIf(u -> given.contains(u.substring(u.lastIndexOf('/') + 1))));
    missing.values().removeIf(java.util.Set::isEmpty);
    ClassPathEntries.reportMissing(missing, warn);
    List<Path> cp = new ArrayList<>(reached);
    Map<Path, String> files = new LinkedHashMap<>();
    List<String> tree = new ArrayList<>();
    java.util.Set<String> used = new java.util.HashSet<>();
    for (Path p : cp) {
      if (files.containsKey(p)) {
        continue;
      }
      String base = p.getFileName().toString();
      String t = "app/cp/" + base;
      for (int i = 2; !used.add(t); i++) {
        t = "app/cp/" + i + "-" + base;
      }
      files.put(p, t);
      tree.add(t);
    }
    return new AppInput(name, main, null, tree, files, cp, Map.of());
  }

  /** The main class must be on the class path and runnable; say so before anything is linked. */
  private AppInput checked(AppInput app) {
    byte[] bytes = ClassPathEntries.findClass(app.classPath(), app.mainClass());
    if (bytes == null) {
      throw new InputException("main class " + app.mainClass() + " was not found in " + describe(app.classPath()), Setting.MAIN_CLASS, app.mainClass());
    }
    ClassFile cf = ClassFile.parse(bytes);
    // A class compiled for Java 21 or later may have only the main method Java 25 launches (JEP 512: void main(),
    // an instance one), and the runtime is then chosen from its class file: it was refused here, before that, for
    // the default Java 17, where `java -jar` on 25 runs it.
    ClassVersions.Offender version = ClassVersions.header(app.mainClass(), "", bytes);
    boolean launchable = cf != null && cf.hasLaunchableMain() && version != null && version.major() >= 65;
    if (release < 21 && cf != null && !cf.hasMain() && !launchable) {
      throw new InputException("main class " + app.mainClass() + " has no public static void main(String[])", Setting.MAIN_CLASS, app.mainClass());
    }
    return app;
  }

  private List<Path> expandAll(List<String> classPath) {
    List<Path> out = new ArrayList<>();
    Path cwd = Path.of("").toAbsolutePath();
    for (String element : classPath) {
      for (String part : element.split(java.io.File.pathSeparator)) {
        if (!part.isBlank()) {
          for (Path p : ClassPathEntries.expand(part, cwd)) {
            if (Files.isRegularFile(p)) {
              ClassPathEntries.mainAttributes(p); // fails early and clearly on a broken jar
            }
            out.add(p);
          }
        }
      }
    }
    return out;
  }

  private static String describe(List<Path> cp) {
    List<String> names = cp.stream().map(p -> p.getFileName().toString()).toList();
    return names.size() <= 4 ? String.join(", ", names) : String.join(", ", names.subList(0, 4)) + " and "
        + (names.size() - 4) + " more";
  }

  /** Resolves "a/b/../c" lexically; the depth padding guarantees no ".." is left at the front. */
  private static String collapse(String path) {
    return Path.of(path).normalize().toString().replace('\\', '/');
  }

  private static String stem(String file) {
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
