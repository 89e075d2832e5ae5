package dev.hermit.maven;

import dev.hermit.HermitException;
import dev.hermit.Setting;
import dev.hermit.app.NativeMode;
import dev.hermit.libc.LibcMode;
import dev.hermit.oci.ImageConfig;
import dev.hermit.oci.ImageLabels;
import dev.hermit.oci.ImagePlatform;
import dev.hermit.oci.ImageRequest;
import dev.hermit.oci.ImageResult;
import dev.hermit.oci.OciImage;
import dev.hermit.payload.Packing;
import dev.hermit.pipeline.BuildEvent;
import dev.hermit.pipeline.BuildListener;
import dev.hermit.pipeline.BuildRequest;
import dev.hermit.pipeline.Caches;
import dev.hermit.pipeline.BuildResult;
import dev.hermit.pipeline.CdsMode;
import dev.hermit.pipeline.Pipeline;
import dev.hermit.pipeline.TargetBuilds;
import dev.hermit.platform.Target;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Builds the project's jar and its runtime dependencies into one self-contained executable,
 * {@code target/hermit/ARTIFACTID-OS-ARCH}, attached to the project with the classifier {@code OS-ARCH}. An adapter:
 * it translates the project and this configuration into a {@link BuildRequest} (and an {@link ImageRequest}) and
 * core's errors into Maven's, naming the XML element at fault.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, requiresDependencyResolution = ResolutionScope.RUNTIME,
    threadSafe = true)
public final class BuildMojo extends AbstractMojo {
  /** The type of the attached executable; its repository file name ends in {@code .bin}. */
  static final String TYPE = "bin";

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** Maven's -o: the build takes other platforms' SDKs from hermit's cache only, and fails naming one it lacks. */
  @Parameter(defaultValue = "${session.offline}", readonly = true)
  private boolean offline;

  @Component
  private MavenProjectHelper projectHelper;

  /** The class to run; default: the Main-Class of the project jar's manifest. */
  @Parameter(property = "hermit.mainClass")
  private String mainClass;

  /** The platform to build for, e.g. linux/arm64 (default: this machine's). */
  @Parameter(property = "hermit.target")
  private String target;

  /** The runtime's Java version: 17, 21 or 25 (default: the lowest that runs the app's classes; see the CLI's --java). */
  @Parameter(property = "hermit.java")
  private Integer java;

  /** Several platforms, one executable each (comma-separated on the command line: -Dhermit.targets=a,b). */
  @Parameter(property = "hermit.targets")
  private List<String> targets = new ArrayList<>();

  /** With several targets, how many are built at once (default: one per core, at most four). */
  @Parameter(property = "hermit.jobs")
  private Integer jobs;

  /** What to do with native libraries in the app's jars: auto (default), none (refuse any) or all. */
  @Parameter(property = "hermit.native", alias = "native", defaultValue = "auto") // native: a Java keyword
  private String natives;

  /** Fail when the app refers to JDK classes, fields or methods the runtime lacks (default: a warning). */
  @Parameter(property = "hermit.strictLinks", defaultValue = "false")
  private boolean strictLinks;

  /** Keep the JDK classes' line numbers: stack traces read Integer.java:668 as under java (about 2 MB larger). */
  @Parameter(property = "hermit.jdkLineNumbers", defaultValue = "false")
  private boolean jdkLineNumbers;

  /**
   * small (default, unless the environment's HERMIT_PACK says otherwise): the runtime compressed at zstd's slowest
   * level, once per JDK, module set and target on this machine; fast: quicker first builds, about 15 % larger (for
   * CI whose caches start empty).
   */
  @Parameter(property = "hermit.pack")
  private String pack;

  /** The JDK to link the runtime from (default: the JDK running Maven); for another target, a JDK for it. */
  @Parameter(property = "hermit.jdk")
  private File jdk;

  /** Where a cross build's loader and C library come from (see the CLI's --sysroot). */
  @Parameter(property = "hermit.sysroot")
  private File sysroot;

  /** JVM options baked into the executable, e.g. -Xmx256m. */
  @Parameter
  private List<String> jvmOptions = new ArrayList<>();

  /** Also write a FROM scratch OCI image: a directory for an image layout, or a file ending in .tar. */
  @Parameter(property = "hermit.image")
  private File image;

  /**
   * How the executable goes into the image: {@code unpacked} (its payload unpacked, run in place: every container
   * starts warm; a runtime layer and an app layer) or {@code file} (the executable byte for byte, one layer).
   */
  @Parameter(property = "hermit.imageLayout", defaultValue = "unpacked")
  private String imageLayout;

  /** Labels of the image, beside org.opencontainers.image.version and .source, which come from the project. */
  @Parameter
  private Map<String, String> labels = new LinkedHashMap<>();

  /**
   * The user the image's containers run as: a uid or uid:gid (e.g. 10001, which Kubernetes' runAsNonRoot can verify),
   * or root or nobody. Default: the container runtime's, root.
   */
  @Parameter(property = "hermit.imageUser")
  private String imageUser;

  /**
   * The image's environment variables, e.g. {@code <TZ>Europe/Paris</TZ>}, in the pom's order (declared as a
   * LinkedHashMap: for a Map, Maven makes a TreeMap, which sorts them).
   */
  @Parameter
  private LinkedHashMap<String, String> imageEnv = new LinkedHashMap<>();

  /** Ports the image's service listens on, e.g. {@code <imagePort>8080</imagePort>} or {@code 53/udp}. */
  @Parameter
  private List<String> imagePorts = new ArrayList<>();

  /** The image's creation time, as Maven's reproducible builds set it; no time is written without it. */
  @Parameter(defaultValue = "${project.build.outputTimestamp}")
  private String outputTimestamp;

  /** Class-data sharing: auto (the target's JVM archives the classes after the first run), off, or build. */
  @Parameter(property = "hermit.cds", defaultValue = "auto")
  private String cds;

  /** Where the runtime's C library comes from: bundled (runs in an empty root) or system (the target's glibc). */
  @Parameter(property = "hermit.libc", defaultValue = "bundled")
  private String libc;

  /** The Debian mirror to fetch other platforms' JDKs and C libraries from (default: the host's apt sources). */
  @Parameter(property = "hermit.mirror")
  private String mirror;

  /** A trust store (PKCS12 or JKS) to ship instead of the JDK's lib/security/cacerts, as the CLI's --cacerts. */
  @Parameter(property = "hermit.cacerts")
  private File cacerts;

  /** A file pinning the Debian packages fetched (hermit sdk fetch --sdk-lock writes one). */
  @Parameter(property = "hermit.sdkLock")
  private File sdkLock;

  /** JDK modules to add to those the analysis finds (modules loaded only by name, such as a JDBC driver's). */
  @Parameter(property = "hermit.addModules")
  private List<String> addModules = new ArrayList<>();

  /**
   * Jars whose classes' JDK modules the runtime gets, without carrying the jars: a Java agent attached at run time
   * (JAVA_TOOL_OPTIONS=-javaagent:..., as Kubernetes' OpenTelemetry operator does).
   */
  @Parameter(property = "hermit.modulesFor")
  private List<File> modulesFor = new ArrayList<>();

  /**
   * System libraries the app loads by name at run time (JNA's Native.load("pcap"), dlopen), by soname
   * (libpcap.so.0.8), or by path for one kept elsewhere (a PKCS#11 module): bundled with what they need, so the
   * output finds them in an empty root.
   */
  @Parameter(property = "hermit.bundleLibraries")
  private List<String> bundleLibraries = new ArrayList<>();

  /**
   * The locales whose number and date formats the runtime carries beyond English (de, fr-CA, ...; all: every one):
   * the rest of jdk.localedata is left out.
   */
  @Parameter(property = "hermit.locales")
  private List<String> locales = new ArrayList<>();

  /**
   * Libraries the app's natives need that the build may leave out (the app provides them at run time, or never
   * loads what needs them): a warning instead of a failed build.
   */
  @Parameter(property = "hermit.allowMissing")
  private List<String> allowMissing = new ArrayList<>();

  @Parameter(property = "hermit.skip", defaultValue = "false")
  private boolean skip;

  /** Build even when the outputs are up to date (the same settings and input files as when they were written). */
  @Parameter(property = "hermit.force", defaultValue = "false")
  private boolean force;

  /** Where the executables are written, one per target: ARTIFACT-os-arch. */
  @Parameter(property = "hermit.outputDirectory", defaultValue = "${project.build.directory}/hermit")
  private File outputDirectory;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("hermit: skipped (<skip>)");
      return;
    }
    if ("pom".equals(project.getPackaging())) {
      getLog().info("hermit: nothing to build in a pom project");
      return;
    }
    List<Target> platforms = targets();
    NativeMode nativeMode = nativeMode();
    CdsMode cdsMode = failOn("<cds>", () -> CdsMode.parse(cds == null ? "auto" : cds.strip()));
    LibcMode libcMode = libcMode();
    Packing packing;
    try {
      packing = Packing.choose(pack == null ? null : pack.strip(), "<pack>", System.getenv("HERMIT_PACK"));
    } catch (HermitException e) {
      throw new MojoFailureException("hermit: " + e.getMessage(), e);
    }
    Set<String> moduleSet = new LinkedHashSet<>(commaList(addModules));
    Path jar = projectJar();
    List<Path> dependencies = new ArrayList<>();
    for (Artifact a : project.getArtifacts()) {
      if (a.getArtifactHandler().isAddedToClasspath() && a.getFile() != null) {
        dependencies.add(a.getFile().toPath().toAbsolutePath());
      }
    }
    ProjectJar inputs;
    try {
      inputs = ProjectJar.of(jar, dependencies, quarkusApp());
    } catch (IOException e) {
      throw new MojoFailureException("hermit: cannot read " + jar + " or its dependencies: " + e.getMessage(), e);
    }
    if (inputs.kind() == ProjectJar.Kind.SPRING_BOOT) {
      getLog().info("hermit: " + jar.getFileName() + " is a Spring Boot jar: built as it is, with the jars it nests");
    } else if (inputs.kind() == ProjectJar.Kind.QUARKUS) {
      getLog().info("hermit: a Quarkus project: building " + inputs.input() + " (its fast-jar layout, whole)");
    }
    inputs.shadedIn().forEach(d -> getLog().info("hermit: " + jar.getFileName() + " already holds the classes of "
        + d.getFileName() + " (shaded): left off the class path"));
    String main = inputs.input() != null ? configuredMainClass() : mainClass(jar);
    Optional<Instant> created = created();
    if (image != null) {
      failOn("<image>", () -> OciImage.checkDestination(image.toPath()));
      failOn("<imageLayout>", () -> ImageRequest.Layout.parse(imageLayout));
      failOn("<imageUser>", () -> imageConfig(imageUser, Map.of(), List.of()));
      failOn("<imageEnv>", () -> imageConfig(null, imageEnv, List.of()));
      failOn("<imagePorts>", () -> imageConfig(null, Map.of(), imagePorts));
    }
    List<String> classPath = inputs.classPath().stream().map(Path::toString).toList();
    // a request of its own per target: the targets are built on threads of their own, and a builder is not shared
    java.util.function.BiFunction<Target, Path, BuildRequest> requestFor = (platform, output) -> BuildRequest.builder()
        .input(inputs.input()).mainClass(main).classPath(classPath).output(output)
        .target(platform)
        .java(java).jdk(jdk == null ? null : jdk.toPath()).sysroot(sysroot == null ? null : sysroot.toPath())
        .jvmOptions(jvmOptions).natives(nativeMode).strictLinks(strictLinks).jdkLineNumbers(jdkLineNumbers)
        .packing(packing).cds(cdsMode).libc(libcMode).cacerts(cacerts == null ? null : cacerts.toPath().toAbsolutePath()).mirror(mirror == null || mirror.isBlank() ? null : mirror.strip()).offline(offline)
        .sdkLock(sdkLock == null ? null : sdkLock.toPath()).addModules(moduleSet)
        .modulesFor(modulesFor.stream().map(f -> f.toPath().toAbsolutePath()).toList())
        .bundleLibraries(commaList(bundleLibraries))
        .locales(commaList(locales)).allowMissing(new LinkedHashSet<>(commaList(allowMissing)))
        // the CLI's caches, so a build from Maven reuses what `hermit build` fetched and linked
        .caches(Caches.fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home"))))
        .build();
    Path outputs = outputDirectory.toPath();
    UpToDate upToDate;
    try {
      upToDate = new UpToDate(outputs, buildInputs(jar, inputs, main, classPath));
    } catch (IOException e) {
      throw new MojoExecutionException("hermit: cannot read the build's inputs: " + e.getMessage(), e);
    }
    Optional<List<Path>> done = force ? Optional.empty() : upToDate.outputs();
    if (done.isPresent()) {
      for (Target platform : platforms) {
        projectHelper.attachArtifact(project, TYPE, platform.fileName(), output(platform).toFile());
      }
      getLog().info("hermit: up to date: " + String.join(", ", done.get().stream().map(Path::toString).toList())
          + " (the same settings and input files; -Dhermit.force=true builds anyway)");
      return;
    }
    boolean made = !Files.isDirectory(outputs);
    List<BuildResult> results;
    try {
      Files.createDirectories(outputs);
      upToDate.forget();
      // several targets are built at once, their log lines in target order (TargetBuilds), as the CLI does
      results = TargetBuilds.run(platforms, platforms.size() == 1 ? 1 : jobs(), (platform, lane) -> {
        BuildRequest request = requestFor.apply(platform, output(platform));
        BuildResult result = Pipeline.run(request, listener(lane));
        lane.emit(() -> {
          getLog().info(String.format("hermit: wrote %s (%s, %.1f MB)", result.output(), result.target().id(),
              result.size() / 1e6));
          result.localeHint(commaList(locales), "<locales>de,fr</locales>").ifPresent(h -> getLog().info("hermit: " + h));
        });
        return result;
      });
    } catch (HermitException e) {
      if (made) { // a failed build leaves no empty output directory behind either
        try {
          Files.deleteIfExists(outputs);
        } catch (IOException notEmpty) {
          // not ours to empty
        }
      }
      throw new MojoFailureException("hermit: " + e.setting().flatMap(this::element).map(x -> x + ": ")
          .orElse("") + MavenSpelling.of(e.getMessage()), e);
    } catch (IOException e) {
      throw new MojoExecutionException("hermit: " + e.getMessage(), e);
    }
    for (BuildResult result : results) {
      projectHelper.attachArtifact(project, TYPE, result.target().fileName(), result.output().toFile());
    }
    List<Path> written = new ArrayList<>(results.stream().map(BuildResult::output).toList());
    if (image != null) {
      ImageResult imageResult = failOn("<image>", () -> writeImage(results, created));
      imageResult.warnings().forEach(w -> getLog().warn("hermit: " + w));
      getLog().info(String.format("hermit: wrote image %s (%s, latest is %s)", imageResult.destination(),
          imageResult.archive() ? "oci-archive" : "OCI layout", imageResult.reference()));
      written.add(imageResult.destination());
    }
    try {
      upToDate.record(written);
    } catch (IOException e) {
      getLog().warn("hermit: cannot record the build's inputs in " + outputs + " (" + e.getMessage()
          + "): the next build runs again");
    }
  }

  /** Where a target's executable goes: ARTIFACT-os-arch in the output directory. */
  private Path output(Target platform) {
    return outputDirectory.toPath().resolve(project.getArtifactId() + "-" + platform.fileName());
  }

  /** Fields of this mojo that are no setting of the build: Maven's objects, and whether to build at all. */
  private static final Set<String> NOT_SETTINGS = Set.of("project", "projectHelper", "skip", "force");

  /**
   * What the outputs follow from, as one text for {@link UpToDate}: every setting (this mojo's fields, so that a
   * setting added later counts without a word here), the input files, hermit's own jars, the JDK Maven runs on
   * (a host build links it) and the environment variables hermit reads.
   */
  private String buildInputs(Path jar, ProjectJar inputs, String main, List<String> classPath) throws IOException {
    StringBuilder t = new StringBuilder();
    for (Field f : BuildMojo.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) || NOT_SETTINGS.contains(f.getName())) {
        continue;
      }
      try {
        t.append(f.getName()).append('=').append(f.get(this)).append('\n');
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e); // its own fields
      }
    }
    t.append("artifactId=").append(project.getArtifactId()).append("\nversion=").append(project.getVersion())
        .append("\nmain=").append(main).append('\n');
    t.append(UpToDate.describe(jar)).append('\n');
    if (inputs.input() != null) {
      t.append(UpToDate.describe(inputs.input())).append('\n');
    }
    for (String entry : classPath) {
      t.append(UpToDate.describe(Path.of(entry))).append('\n');
    }
    for (File f : new File[] {cacerts, sdkLock}) {
      if (f != null) {
        t.append(UpToDate.describe(f.toPath())).append('\n');
      }
    }
    for (File f : modulesFor) {
      t.append(UpToDate.describe(f.toPath())).append('\n');
    }
    for (Class<?> c : List.of(BuildMojo.class, Pipeline.class)) { // the plugin's jar and core's
      t.append(UpToDate.describe(Path.of(c.getProtectionDomain().getCodeSource().getLocation().getPath())))
          .append('\n');
    }
    Path javaHome = Path.of(System.getProperty("java.home"));
    t.append("java.home=").append(javaHome).append(' ').append(UpToDate.describe(javaHome.resolve("release")))
        .append('\n');
    new TreeMap<>(System.getenv()).forEach((k, v) -> {
      if (k.startsWith("HERMIT_") || k.equals("SOURCE_DATE_EPOCH") || k.equals("JAVA_HOME")
          || k.equals("XDG_CACHE_HOME")) {
        t.append("env ").append(k).append('=').append(v).append('\n');
      }
    });
    return t.toString();
  }

  /** One image; several targets make a multi-platform image (one index, one manifest per platform). */
  private ImageResult writeImage(List<BuildResult> results, Optional<Instant> created) {
    try {
      Map<String, String> all = new LinkedHashMap<>(ImageLabels.fromBuildInfo(results.get(0).output()));
      all.put(ImageLabels.VERSION, project.getVersion());
      if (project.getScm() != null && project.getScm().getUrl() != null) {
        all.put(ImageLabels.SOURCE, project.getScm().getUrl());
      }
      all.putAll(labels);
      return OciImage.write(new ImageRequest(image.toPath(), results.stream()
          .map(r -> new ImagePlatform(r.target(), r.output())).toList(), ImageRequest.DEFAULT_ENTRYPOINT, all, created,
          ImageRequest.Layout.parse(imageLayout), imageConfig(imageUser, imageEnv, imagePorts)));
    } catch (IOException e) {
      throw new HermitException("cannot write " + image + ": " + e.getMessage(), e);
    }
  }

  /** A list element's values: one per child element, or several in one as `a,b` (how -Dhermit.x=a,b arrives). */
  private static List<String> commaList(List<String> given) {
    return given.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::strip).filter(v -> !v.isEmpty())
        .toList();
  }

  /** {@code <targets>}, else {@code <target>}, else this machine; each target once, in the order given. */
  private List<Target> targets() throws MojoFailureException {
    List<String> given = commaList(targets);
    if (!given.isEmpty() && target != null && !target.isBlank()) {
      throw new MojoFailureException("hermit: <target> and <targets>: set one of them");
    }
    if (given.isEmpty()) {
      if (target == null || target.isBlank()) {
        return List.of(Target.host().orElseThrow(() -> new MojoFailureException(
            "hermit: this machine is not a platform hermit knows; set <target> or <targets>")));
      }
      return List.of(failOn("<target>", () -> Target.parse(target)));
    }
    LinkedHashSet<Target> all = new LinkedHashSet<>();
    for (String t : given) {
      all.add(failOn("<targets>", () -> Target.parse(t)));
    }
    return List.copyOf(all);
  }

  private LibcMode libcMode() throws MojoFailureException {
    return switch (libc == null ? "bundled" : libc.strip()) {
      case "bundled" -> LibcMode.BUNDLED;
      case "system" -> LibcMode.SYSTEM;
      default -> throw new MojoFailureException("hermit: <libc>: unknown mode '" + libc + "' (bundled, system)");
    };
  }

  private NativeMode nativeMode() throws MojoFailureException {
    return switch (natives == null ? "auto" : natives.strip()) {
      case "auto" -> NativeMode.AUTO;
      case "none" -> NativeMode.NONE;
      case "all" -> NativeMode.ALL;
      default -> throw new MojoFailureException("hermit: <native>: unknown mode '" + natives
          + "' (auto, none, all)");
    };
  }

  /** The jar (or a Spring Boot war) the package phase made; hermit:build runs after it. */
  private Path projectJar() throws MojoFailureException {
    File file = project.getArtifact().getFile();
    if (file == null || !file.isFile() || !(file.getName().endsWith(".jar") || file.getName().endsWith(".war"))) {
      throw new MojoFailureException("hermit: the project's jar is not built (" + (file == null ? "no file" : file)
          + "): run hermit:build in the package phase, after the jar or war (mvn package)");
    }
    return file.toPath();
  }

  /** {@code target/quarkus-app} when the project builds with quarkus-maven-plugin (either group), else null. */
  private Path quarkusApp() {
    boolean quarkus = project.getBuildPlugins().stream()
        .anyMatch(p -> "quarkus-maven-plugin".equals(p.getArtifactId()) && p.getGroupId().startsWith("io.quarkus"));
    return quarkus ? Path.of(project.getBuild().getDirectory(), "quarkus-app") : null;
  }

  /** {@code <mainClass>}, or null when it is not set. */
  private String configuredMainClass() {
    return mainClass != null && !mainClass.isBlank() ? mainClass.strip() : null;
  }

  private String mainClass(Path jar) throws MojoFailureException {
    if (configuredMainClass() != null) {
      return configuredMainClass();
    }
    try (JarFile j = new JarFile(jar.toFile())) {
      String fromManifest = j.getManifest() == null ? null : j.getManifest().getMainAttributes().getValue("Main-Class");
      if (fromManifest != null && !fromManifest.isBlank()) {
        return fromManifest.strip();
      }
    } catch (IOException e) {
      throw new MojoFailureException("hermit: cannot read " + jar + ": " + e.getMessage(), e);
    }
    throw new MojoFailureException("hermit: set <mainClass>: " + jar.getFileName()
        + " has no Main-Class in its manifest");
  }

  /** {@code project.build.outputTimestamp}: ISO-8601 or seconds since 1970; unset, or "0"/"1", means none. */
  private Optional<Instant> created() throws MojoFailureException {
    String t = outputTimestamp == null ? "" : outputTimestamp.strip();
    if (t.isEmpty() || t.length() < 2) { // Maven's convention: a single character disables the timestamp
      return Optional.empty();
    }
    try {
      return Optional.of(t.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(t))
          : OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new MojoFailureException("hermit: <project.build.outputTimestamp> '" + t
          + "' is neither an ISO-8601 time (2024-01-01T00:00:00Z) nor seconds since 1970");
    }
  }

  /** Steps and warnings at Maven's info and warning levels, details at debug (mvn -X), in the target's order. */
  private BuildListener listener(TargetBuilds.Lane lane) {
    return event -> lane.emit(() -> {
      if (event instanceof BuildEvent.StepStarted s) {
        getLog().info("hermit: " + s.description());
      } else if (event instanceof BuildEvent.StepFinished f) {
        getLog().debug(String.format("hermit: %s took %.1fs", f.step(), f.took().toMillis() / 1e3));
      } else if (event instanceof BuildEvent.Detail d) {
        getLog().debug("hermit: " + d.message());
      } else if (event instanceof BuildEvent.Warning w) {
        getLog().warn("hermit: " + MavenSpelling.of(w.message()));
      }
    });
  }

  private int jobs() throws MojoFailureException {
    if (jobs == null) {
      return TargetBuilds.defaultJobs();
    }
    if (jobs < 1) {
      throw new MojoFailureException("hermit: <jobs>: " + jobs + " is not 1 or more");
    }
    return jobs;
  }

  /** The XML element that configures a request setting, where this plugin has one. */
  private Optional<String> element(Setting s) {
    return Optional.ofNullable(switch (s) {
      case MAIN_CLASS -> "<mainClass>";
      case TARGET -> targets.isEmpty() ? "<target>" : "<targets>";
      case NATIVES -> "<native>";
      case STRICT_LINKS -> "<strictLinks>";
      case JDK -> "<jdk>";
      case SYSROOT -> "<sysroot>";
      case JVM_OPTIONS -> "<jvmOptions>";
      case JAVA -> "<java>";
      case CDS -> "<cds>";
      case LIBC -> "<libc>";
      case MIRROR -> "<mirror>";
      case SDK_LOCK -> "<sdkLock>";
      case ADD_MODULES -> "<addModules>";
      case MODULES_FOR -> "<modulesFor>";
      case LOCALES -> "<locales>";
      case ALLOW_MISSING -> "<allowMissing>";
      case BUNDLE_LIBRARIES -> "<bundleLibraries>";
      case CACERTS -> "<cacerts>";
      default -> null;
    });
  }

  private interface Step<T> {
    T run();
  }

  private static ImageConfig imageConfig(String user, Map<String, String> env, List<String> ports) {
    return new ImageConfig(Optional.ofNullable(user), env == null ? Map.of() : env, ports == null ? List.of() : ports);
  }

  /** Runs a step whose failures come from one configuration element, and names it. */
  private static <T> T failOn(String element, Step<T> step) throws MojoFailureException {
    try {
      return step.run();
    } catch (HermitException e) {
      throw new MojoFailureException("hermit: " + element + ": " + e.getMessage(), e);
    }
  }

  private static void failOn(String element, Runnable step) throws MojoFailureException {
    failOn(element, () -> {
      step.run();
      return null;
    });
  }
}
