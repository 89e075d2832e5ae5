package dev.hermit.app;

import dev.hermit.Setting;
import dev.hermit.InputException;
import dev.hermit.HermitException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles .java sources in-process (like {@code go build main.go}) into an executable jar. */
final class JavaSources {
  private JavaSources() {}

  /**
   * Compiles {@code sources} against {@code libs} for Java {@code release} and writes {@code jar} with the main class
   * found among them (or {@code main} when given) and a Class-Path naming {@code libClassPath}.
   *
   * @return the main class
   */
  /**
   * The annotation processors the jars register (META-INF/services) and hold, which javac runs when it compiles
   * against them. One whose class no jar holds is left out (compileToJar names it).
   */
  static List<String> processorsIn(List<Path> jars) {
    return held(registeredProcessors(jars), true);
  }

  /**
   * The jars of {@code libs} that serve javac only, as a build tool's processor path holds them (Maven's
   * annotationProcessorPaths, Gradle's annotationProcessor): each registers annotation processors and no service
   * another jar could look up, and no class of the app's jar or of the other libraries names one of its classes but
   * through an annotation the JVM never loads (Lombok 1.18.30's {@code @SneakyThrows} calls {@code lombok.Lombok},
   * which keeps that Lombok). Packed, Lombok's classes brought jdk.compiler and more into the runtime (21.6 MB
   * against 13.3 for the same app). None when the app compiles code at run time itself: its javac may run them.
   */
  static List<Path> compileOnly(Path appJar, List<Path> libs) {
    Map<Path, java.util.Set<String>> classes = new java.util.LinkedHashMap<>();
    classes.put(appJar, ClassPathEntries.classNames(List.of(appJar)));
    for (Path p : libs) {
      classes.put(p, ClassPathEntries.classNames(List.of(p)));
    }
    List<Path> candidates = new ArrayList<>();
    for (Path jar : libs) {
      // a service interface of another jar's, or the app's: that code may look it up
      java.util.function.Predicate<String> elsewhere = name -> classes.entrySet().stream()
          .anyMatch(e -> !e.getKey().equals(jar) && e.getValue().contains(name));
      if (servesJavacOnly(jar, elsewhere)) {
        candidates.add(jar);
      }
    }
    while (!candidates.isEmpty()) {
      List<Path> kept = new ArrayList<>(List.of(appJar));
      libs.stream().filter(l -> !candidates.contains(l)).forEach(kept::add);
      ClassPathScan scan = ClassPathScan.of(kept);
      if (scan.refersTo("javax/tools/") || scan.memberRefs().containsKey("java/util/spi/ToolProvider.findFirst")) {
        return List.of();
      }
      // (an annotation the JVM never loads names no need: Lombok marks what it writes @lombok.Generated, CLASS-retained)
      List<Path> used = candidates.stream().filter(c -> classes.get(c).stream()
          .filter(n -> scan.references().containsKey(n.replace('.', '/')) || scan.strings().containsKey(n))
          .anyMatch(n -> !invisibleAnnotation(c, n))).toList();
      if (used.isEmpty()) {
        return List.copyOf(candidates);
      }
      candidates.removeAll(used); // and what those name may be another candidate's: again
    }
    return List.of();
  }

  private static boolean invisibleAnnotation(Path jar, String className) {
    ClassFile cf = ClassFile.parse(ClassPathEntries.findClass(List.of(jar), className));
    return cf != null && cf.invisibleAnnotation();
  }

  /**
   * A jar that registers annotation processors and no service anything else could look up: its other services'
   * interfaces are its own (Lombok registers lombok.core.LombokApp and a dozen more for its own loader), not the
   * JDK's nor {@code elsewhere} (a class of the app's or of another library).
   */
  private static boolean servesJavacOnly(Path jar, java.util.function.Predicate<String> elsewhere) {
    if (!Files.isRegularFile(jar)) {
      return false;
    }
    String processor = "javax.annotation.processing.Processor";
    try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile(), false)) {
      List<String> services = j.stream().map(java.util.zip.ZipEntry::getName)
          .filter(n -> n.startsWith("META-INF/services/") && n.length() > "META-INF/services/".length())
          .map(n -> n.substring("META-INF/services/".length())).toList();
      return services.contains(processor) && services.stream().allMatch(s -> s.equals(processor)
          || !jdkClass(s) && !elsewhere.test(s));
    } catch (IOException e) {
      return false;
    }
  }

  /** The registered processors one of the jars holds ({@code held}), or none holds. */
  private static List<String> held(Map<String, Boolean> registered, boolean held) {
    return registered.entrySet().stream().filter(e -> e.getValue() == held).map(Map.Entry::getKey).toList();
  }

  /** Every registered processor, in the jars' order, and whether one of the jars holds its class. */
  private static Map<String, Boolean> registeredProcessors(List<Path> jars) {
    Map<String, Boolean> names = new java.util.LinkedHashMap<>();
    java.util.Set<String> classes = new java.util.HashSet<>();
    for (Path jar : jars) {
      if (!Files.isRegularFile(jar)) {
        continue;
      }
      try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile(), false)) {
        java.util.zip.ZipEntry e = j.getEntry("META-INF/services/javax.annotation.processing.Processor");
        if (e != null) {
          try (java.io.InputStream in = j.getInputStream(e)) {
            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                .map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty())
                .forEach(n -> names.put(n, false));
          }
        }
        j.stream().map(java.util.zip.ZipEntry::getName).filter(n -> n.endsWith(".class")).forEach(classes::add);
      } catch (IOException e) {
        // a jar javac could not read fails the compile itself, with javac's message
      }
    }
    names.replaceAll((n, held) -> classes.contains(n.replace('.', '/') + ".class"));
    return names;
  }

  /**
   * The root of the source tree a single file belongs to: its directory, less the directories its package declaration
   * names (src/com/acme/Main.java in package com.acme: src), where `java Main.java` looks for the other classes it
   * uses (JEP 458). A file whose directories do not match its package is its own root.
   */
  static Path sourceRoot(Path source) throws IOException {
    Path dir = source.toAbsolutePath().normalize().getParent();
    String text = Files.readString(source, java.nio.charset.StandardCharsets.UTF_8)
        .replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", ""); // a package line in a comment is none
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("(?m)^\\s*package\\s+([\\p{javaJavaIdentifierPart}.]+)\\s*;").matcher(text);
    if (!m.find()) {
      return dir;
    }
    Path root = dir;
    String[] parts = m.group(1).split("\\.");
    for (int i = parts.length - 1; i >= 0; i--) {
      if (root == null || root.getFileName() == null || !root.getFileName().toString().equals(parts[i])) {
        return dir;
      }
      root = root.getParent();
    }
    return root == null ? dir : root;
  }

  static String compileToJar(List<Path> sources, List<Path> libs, String main, int release, Path work, Path jar,
      String preferredMain, List<String> libClassPath, Supplier<List<String>> newerJavac, Map<String, Path> resources,
      java.util.function.Consumer<String> warn, Path base, boolean preview) {
    Path classes = work.resolve("classes");
    try {
      Files.createDirectories(classes);
      Path generated = Files.createDirectories(work.resolve("generated-sources"));
      // -parameters: the names of methods' parameters in the classes, as Spring Boot's and Quarkus's builds compile
      // (Spring Shell's @ShellOption, Spring MVC's @RequestParam, Jackson's creators read them by reflection)
      List<String> options = new ArrayList<>(List.of("--release", Integer.toString(release), "-encoding", "UTF-8",
          "-parameters", "-d", classes.toString(), "-s", generated.toString(), "-implicit:class"));
      if (preview) { // the app runs with --enable-preview (-J): its sources may use the release's preview features
        options.add("--enable-preview");
      }
      if (sources.size() == 1) { // as `java Main.java` since 22 (JEP 458): the classes it uses from its source tree
        options.addAll(List.of("-sourcepath", sourceRoot(sources.get(0)).toString()));
      }
      if (libs.isEmpty()) {
        // An empty class path of its own: javac's default is the running JVM's (hermit's jar: picocli, xz, zstd
        // compiled against, then NoClassDefFoundError in the output) or CLASSPATH, else the working directory
        options.addAll(List.of("-cp", Files.createDirectories(work.resolve("no-class-path")).toString(),
            "-proc:none"));
      } else {
        // The libraries' annotation processors run, as `javac -cp 'lib/*'` runs them up to JDK 22 (JMH's benchmark
        // list, Lombok, Dagger, Micronaut's injection): named as the processor path, so that JDK 23's javac, which
        // no longer looks on the class path by default, runs them too. Their generated classes and resources go
        // into the jar; the generated sources stay out of it.
        String path = String.join(java.io.File.pathSeparator, libs.stream().map(p -> p.toAbsolutePath().toString()).toList());
        options.addAll(List.of("-cp", path, "--processor-path", path));
        // A processor a jar registers but none holds stops javac at its start ("Bad service configuration file
        // ... Provider org.eclipse.sisu.space.SisuIndexAPT6 not found", kotlin-main-kts's dependencies): the
        // others are named to javac explicitly, so that it goes on without it
        Map<String, Boolean> registered = registeredProcessors(libs);
        List<String> absent = held(registered, false);
        if (!absent.isEmpty()) {
          List<String> held = held(registered, true);
          warn.accept("the libraries register annotation processors whose classes none of them holds, which javac "
              + "stops at (\"Bad service configuration file\"): " + String.join(", ", absent) + "; compiled with "
              + (held.isEmpty() ? "no annotation processor" : "the others only: " + String.join(", ", held)));
          if (held.isEmpty()) {
            options.add("-proc:none");
          } else {
            options.addAll(List.of("-processor", String.join(",", held)));
          }
        }
      }
      List<String> warnings = release > Runtime.version().feature()
          ? compileWith(newerJavac.get(), options, sources, work, release, base)
          : compileInProcess(options, sources, release, base);
      // as javac prints them, so that a build from sources is no quieter than javac (a [removal] warning matters)
      warnings.stream().limit(MAX_LISTED).forEach(w -> warn.accept("javac: " + w));
      if (warnings.size() > MAX_LISTED) {
        warn.accept("javac: and " + (warnings.size() - MAX_LISTED) + " more warnings");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> mains = new ArrayList<>();
    try (Stream<Path> all = Files.walk(classes)) {
      for (Path p : all.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        ClassFile cf = ClassFile.parse(Files.readAllBytes(p));
        // JEP 512's void main() in 25; a preview in 21 to 24 (JEP 445 and its successors), as java --enable-preview
        // launches it there
        if (cf != null && (cf.hasMain() || (release >= 25 || preview && release >= 21) && cf.hasLaunchableMain())) {
          mains.add(cf.name().replace('/', '.'));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String chosen = chooseMain(main, mains, preferredMain, sources);
    try {
      for (Map.Entry<String, Path> r : resources.entrySet()) {
        Path to = classes.resolve(r.getKey());
        if (!Files.exists(to)) { // what javac and the annotation processors wrote wins
          Files.createDirectories(to.getParent());
          Files.copy(r.getValue(), to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writeJar(classes, jar, chosen, libClassPath);
    return chosen;
  }

  private static String chooseMain(String main, List<String> mains, String preferred, List<Path> sources) {
    if (main != null) {
      return main;
    }
    if (mains.size() == 1) {
      return mains.get(0);
    }
    if (mains.isEmpty()) {
      throw new InputException("no class in " + describe(sources) + " declares public static void main(String[])", Setting.INPUT, null);
    }
    for (String m : mains) {
      if (m.equals(preferred) || m.endsWith("." + preferred)) {
        return m;
      }
    }
    throw new InputException("several classes declare main (" + String.join(", ", mains) + "); name one as the main class", Setting.MAIN_CLASS, null);
  }

  private static void writeJar(Path classes, Path jar, String main, List<String> libClassPath) {
    java.util.jar.Manifest m = new java.util.jar.Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main);
    if (!libClassPath.isEmpty()) {
      m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", libClassPath));
    }
    // Every entry gets the same DOS time, independent of the time zone, so the same sources give the same jar
    // (and the same executable): builds are reproducible. Directories get entries of their own, as the jar tool and
    // Maven write them: ClassLoader.getResource("pkg/") finds a directory only so, and frameworks look up
    // directories (Micronaut's bean references under META-INF/micronaut/..., Spring's classpath*:pkg/**).
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out);
        Stream<Path> all = Files.walk(classes)) {
      j.putNextEntry(entry("META-INF/"));
      j.closeEntry();
      j.putNextEntry(entry(JarFile.MANIFEST_NAME));
      m.write(j);
      j.closeEntry();
      for (Path p : all.filter(p -> !p.equals(classes)).sorted().toList()) {
        String name = classes.relativize(p).toString().replace('\\', '/');
        if (Files.isDirectory(p)) {
          if (!name.equals("META-INF")) {
            j.putNextEntry(entry(name + "/"));
            j.closeEntry();
          }
        } else if (Files.isRegularFile(p) && !name.equals(JarFile.MANIFEST_NAME)) {
          j.putNextEntry(entry(name));
          Files.copy(p, j);
          j.closeEntry();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JarEntry entry(String name) {
    JarEntry e = new JarEntry(name);
    // DOS time is local time: convert through the default zone so the stored fields are the same in every zone
    // (setTimeLocal would also add an extended timestamp, in UTC, which differs between zones).
    e.setTime(java.time.LocalDateTime.of(1980, 2, 1, 0, 0).atZone(java.time.ZoneId.systemDefault()).toInstant()
        .toEpochMilli());
    return e;
  }

  /** Sources that do not compile; {@code newerApi}: the newer Java's API they use, when that is what javac missed. */
  static final class CompileFailure extends InputException {
    private static final long serialVersionUID = 1L;
    final transient NewerApis.Need newerApi;

    CompileFailure(String message, NewerApis.Need newerApi) {
      super(message, null, null);
      this.newerApi = newerApi;
    }
  }

  /** How many of javac's errors a failed build's message names, and how many warnings it prints. */
  private static final int MAX_LISTED = 10;

  /**
   * "pkg/Main.java:3: cannot find symbol (symbol: variable nam; location: class pkg.Main)": one diagnostic on one
   * line, its file given from {@code base} (the directory built, or a single file's own).
   */
  static String oneLine(Path base, Path file, long line, String message) {
    String where = file == null ? "" : (base != null && file.toAbsolutePath().startsWith(base)
        ? base.relativize(file.toAbsolutePath()).toString() : file.getFileName().toString()) + ":" + line + ": ";
    // a detail line javac writes in parentheses itself ("(use --enable-preview to enable preview APIs)") is not
    // put in a second pair
    List<String> lines = message.lines().map(l -> l.strip().replaceAll("\\s+", " "))
        .map(l -> l.matches("\\([^()]*\\)") ? l.substring(1, l.length() - 1) : l).filter(l -> !l.isEmpty()).toList();
    return where + (lines.isEmpty() ? "" : lines.get(0)) + (lines.size() > 1
        ? " (" + String.join("; ", lines.subList(1, lines.size())) + ")" : "");
  }

  /** A failed compile's message: every error (up to MAX_LISTED), each on one line, separated by " | ". */
  private static String errors(List<String> errors) {
    return errors.size() == 1 ? errors.get(0) : errors.size() + " errors: " + String.join(" | ",
        errors.subList(0, Math.min(MAX_LISTED, errors.size())))
        + (errors.size() > MAX_LISTED ? " | and " + (errors.size() - MAX_LISTED) + " more" : "");
  }

  /** Compiles with the running JDK's javac; returns its warnings, one line each. */
  private static List<String> compileInProcess(List<String> options, List<Path> sources, int release, Path base)
      throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new HermitException("compiling .java files needs a JDK with jdk.compiler; hermit runs on a JRE");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    // javac's other output (a crash's "An exception has occurred in the compiler" and its stack) is kept for the
    // message, not printed over the build's lines
    java.io.StringWriter other = new java.io.StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      boolean ok;
      try {
        ok = javac.getTask(other, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources))
            .call();
      } catch (RuntimeException e) { // javax.tools: user code (an annotation processor) threw, e's cause
        if (e.getCause() == null) {
          throw e;
        }
        throw new CompileFailure("compilation failed: " + processorFailed(e.getCause()), null);
      }
      List<String> errors = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        Path file = d.getSource() == null ? null : Path.of(d.getSource().toUri());
        String text = oneLine(base, file, d.getLineNumber(), d.getMessage(Locale.ROOT));
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          errors.add(text);
        } else if (d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
          warnings.add(text);
        }
      }
      if (!ok) {
        String first = errors.isEmpty() ? other.toString().lines()
            .filter(l -> l.matches("^[a-z][\\w.$]*(Error|Exception)\\b.*")).findFirst()
            .map(l -> "javac crashed: " + l).orElse("javac reported no error message") : errors(errors);
        // no option to name: the sources are what to change
        NewerApis.Need api = NewerApis.needed(errors, release).orElse(null);
        throw new CompileFailure("compilation failed: " + first
            + (api != null ? " (" + api.hint() + ")" : newerJavaHint(diagnostics, release)), api);
      }
      return warnings;
    }
  }

  /**
   * Sources for a Java newer than the one hermit runs on: the javac of a JDK of that version ({@code command}, the
   * program and any arguments before javac's own), as a process, its arguments in a file.
   */
  private static List<String> compileWith(List<String> command, List<String> options, List<Path> sources, Path work,
      int release, Path base) throws IOException {
    Path argFile = work.resolve("javac.args");
    List<String> args = new ArrayList<>(options);
    sources.forEach(p -> args.add(p.toAbsolutePath().toString()));
    Files.write(argFile, args.stream().map(JavaSources::quoted).toList());
    List<String> cmd = new ArrayList<>(command);
    cmd.add("-J-Duser.language=en");
    cmd.add("@" + argFile);
    Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
    dev.hermit.StopCleanup.started(p); // it writes classes into the build's scratch tree
    String out;
    int code;
    try {
      p.getOutputStream().close();
      out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      code = p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HermitException("interrupted while compiling with the javac of Java " + release);
    } finally {
      dev.hermit.StopCleanup.ended(p);
    }
    // javac's layout: "FILE:LINE: error: MESSAGE", the source line, a caret, then indented detail ("symbol: ...")
    java.util.regex.Pattern header = java.util.regex.Pattern.compile("^(.*?):([0-9]+): (error|warning): (.*)$");
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    java.util.regex.Matcher at = null; // the current diagnostic's header
    StringBuilder text = new StringBuilder();
    for (String line : out.lines().toList()) {
      java.util.regex.Matcher m = header.matcher(line);
      if (m.matches()) {
        add(at, text, base, errors, warnings);
        at = m;
        text.setLength(0);
        text.append(m.group(4));
      } else if (at != null && line.matches("^\\s+(symbol|location|required|found|reason)\\b.*")) {
        text.append('\n').append(line);
      }
    }
    add(at, text, base, errors, warnings);
    if (code != 0) {
      String first = !errors.isEmpty() ? errors(errors)
          : out.isBlank() ? "javac failed with no message" : fileless(out.lines().toList());
      NewerApis.Need api = NewerApis.needed(errors, release).orElse(null);
      boolean preview = errors.stream().anyMatch(e -> PREVIEW_DISABLED.matcher(e).find());
      throw new CompileFailure("compilation failed (the javac of Java " + release + "): " + first
          + (api != null ? " (" + api.hint() + ")" : preview ? " (" + PREVIEW_HINT.formatted(release) + ")" : ""), api);
    }
    return warnings;
  }

  /** Classes of the JDK, not of a processor: a stack trace's frames in them do not say whose code failed. */
  private static boolean jdkClass(String c) {
    return c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.")
        || c.startsWith("com.sun.");
  }

  /**
   * What an annotation processor threw, in one line: the exception, where in the processor's classes (the first
   * frame outside the JDK), and its root cause, as javac's stack trace shows them. An older Lombok under a newer
   * javac fails in its initializer ("NoSuchFieldException: com.sun.tools.javac.code.TypeTag :: UNKNOWN").
   */
  static String processorFailed(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String in = java.util.Arrays.stream(t.getStackTrace()).map(StackTraceElement::getClassName)
        .filter(c -> !jdkClass(c)).findFirst().map(c -> " in " + c).orElse("");
    return "an annotation processor of the libraries threw an exception" + in + ": " + t
        + (root != t ? "; caused by " + root : "");
  }

  /**
   * The message of a javac run that failed without a FILE:LINE error: javac's own "error: ..." line (an invalid
   * flag, a processor's crash, whose exception and root cause follow in its stack trace), else the first line that
   * is not the JVM's (a newer JDK warns about sun.misc.Unsafe for an old Lombok before javac says anything).
   */
  static String fileless(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("An annotation processor threw an uncaught exception")) {
        String thrown = lines.stream().skip(i + 1)
            .filter(l -> l.matches("^[a-z][\\w.$]*(Error|Exception|Throwable)\\b.*")).findFirst().orElse("an exception");
        String in = lines.stream().skip(i + 1).map(String::strip).filter(l -> l.startsWith("at ") && l.contains("("))
            .map(l -> l.substring(3, l.indexOf('('))) // "at p.Boom.process(Boom.java:10)": p.Boom.process
            .map(m -> m.substring(0, Math.max(0, m.lastIndexOf('.'))))
            .filter(c -> !c.isEmpty() && !jdkClass(c)).findFirst().map(c -> " in " + c).orElse("");
        String root = lines.stream().filter(l -> l.startsWith("Caused by: ")).reduce((a, b) -> b)
            .map(l -> "; caused by " + l.substring("Caused by: ".length())).orElse("");
        return "an annotation processor of the libraries threw an exception" + in + ": " + thrown + root;
      }
    }
    return lines.stream().filter(l -> l.startsWith("error: ")).findFirst().map(l -> l.substring("error: ".length()))
        .or(() -> lines.stream().filter(l -> !l.isBlank() && !l.startsWith("WARNING:") && !l.startsWith("Picked up ")
            && !l.startsWith("Note: ")).findFirst())
        .orElse("javac failed with no message");
  }

  /** A diagnostic of javac's output (its header matched, its detail lines in {@code text}) to its list. */
  private static void add(java.util.regex.Matcher header, StringBuilder text, Path base, List<String> errors,
      List<String> warnings) {
    if (header != null) {
      (header.group(3).equals("error") ? errors : warnings).add(oneLine(base, Path.of(header.group(1)),
          Long.parseLong(header.group(2)), text.toString()));
    }
  }

  /** One argument of a javac @file: quoted, its backslashes and quotes escaped. */
  private static String quoted(String arg) {
    return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * javac said a feature needs a newer source level, or could not parse what may be newer syntax (JDK 17's javac on a
   * record pattern: "')' expected"): which --java compiles it (javac's own hint names -source, which hermit users do
   * not pass).
   */
  private static String newerJavaHint(DiagnosticCollector<JavaFileObject> diagnostics, int release) {
    String code = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> String.valueOf(d.getCode())).findFirst().orElse("");
    boolean newer = code.contains("not.supported") || code.contains("preview") || code.contains("expected")
        || code.contains("illegal.start"); // the parser's: "')' expected", "'.class' expected", "illegal start of"
    // "class, interface, enum, or record expected" at a method outside a class: a compact source file (Java 25)
    boolean compact = code.equals("compiler.err.expected4") || code.contains("implicit.class")
        || code.contains("unnamed.class");
    List<String> hints = new ArrayList<>();
    if (newer && release < 25) {
      hints.add("if these sources are for a newer Java than " + release + ", build with --java "
          + (release < 21 && !compact ? "21 or --java 25" : "25"));
    }
    if (code.contains("preview")) { // javac's own hint names --enable-preview, which goes to hermit as -J
      hints.add(PREVIEW_HINT.formatted(release));
    }
    return hints.isEmpty() ? "" : " (" + String.join("; ", hints) + ")";
  }

  private static final String PREVIEW_HINT =
      "to use Java %d's preview features, build with -J--enable-preview, which the output then runs with";
  /** javac's English for a preview feature or API used without --enable-preview. */
  private static final java.util.regex.Pattern PREVIEW_DISABLED =
      java.util.regex.Pattern.compile("(is|are) a preview (feature|API) and (is|are) disabled by default");

  private static String describe(List<Path> sources) {
    return sources.size() == 1 ? sources.get(0).getFileName().toString() : sources.size() + " source files";
  }
}
