package dev.hermit.pipeline;

import dev.hermit.app.NativeMode;
import dev.hermit.libc.LibcMode;
import dev.hermit.payload.Codec;
import dev.hermit.payload.Packing;
import dev.hermit.platform.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything a build needs to know: the build reads no environment variable (relative paths resolve against the
 * JVM's working directory: a long-lived daemon gives absolute ones). Immutable; made and checked by
 * {@link #builder()}...{@code build()}.
 * The caches hermit keeps (linked runtimes, fetched Debian packages) are the exception: docs/API.md.
 */
public final class BuildRequest {
  private final Path input;
  private final String mainClass;
  private final List<String> classPath;
  private final Path output;
  private final Target target;
  private final Path jdk;
  private final List<String> jvmOptions;
  private final Set<String> addModules;
  private final List<Path> modulesFor;
  private final Set<String> bundleLibraries;
  private final List<String> locales;
  private final Set<String> modules;
  private final Codec codec;
  private final Packing packing;
  private final LibcMode libc;
  private final Path sysroot;
  private final Path cacerts;
  private final CdsMode cds;
  private final NativeMode natives;
  private final Set<String> allowMissing;
  private final boolean strictLinks;
  private final boolean keepSymbols;
  private final boolean jdkLineNumbers;
  private final String mirror;
  private final boolean offline;
  private final Path sdkLock;
  private final String jdkSha256;
  private final Integer java;
  private final Path tempDirectory;
  private final Path outputDirectory;
  private final Path hostJdk;
  private final Caches caches;

  private BuildRequest(Builder b) {
    this.input = b.input;
    this.mainClass = b.mainClass;
    this.classPath = List.copyOf(b.classPath);
    this.output = b.output;
    this.target = b.target;
    this.jdk = b.jdk;
    this.jvmOptions = List.copyOf(b.jvmOptions);
    this.addModules = Set.copyOf(b.addModules);
    this.modulesFor = List.copyOf(b.modulesFor);
    this.bundleLibraries = Set.copyOf(b.bundleLibraries);
    this.locales = List.copyOf(b.locales);
    this.modules = b.modules == null ? null : Set.copyOf(b.modules);
    this.codec = b.codec;
    this.packing = b.packing;
    this.libc = b.libc;
    this.sysroot = b.sysroot;
    this.cacerts = b.cacerts;
    this.cds = b.cds;
    this.natives = b.natives;
    this.allowMissing = Set.copyOf(b.allowMissing);
    this.strictLinks = b.strictLinks;
    this.keepSymbols = b.keepSymbols;
    this.jdkLineNumbers = b.jdkLineNumbers;
    this.mirror = b.mirror;
    this.offline = b.offline;
    this.sdkLock = b.sdkLock;
    this.jdkSha256 = b.jdkSha256;
    this.java = b.java;
    this.tempDirectory = b.tempDirectory;
    this.outputDirectory = b.outputDirectory;
    this.hostJdk = b.hostJdk;
    this.caches = b.caches != null ? b.caches : Caches.inHome(Path.of(System.getProperty("user.home")));
  }

  /**
   * The runtime's Java feature version (17, 21 or 25: SdkSpec.javaVersions()); null: the JDK given decides, else
   * the lowest that loads the app's classes.
   */
  public Integer java() {
    return java;
  }

  /**
   * Where the executable goes when no output file is named: {@code DIR/NAME-OS-ARCH[-VARIANT]} (NAME the app's),
   * as for several targets built at once; null: {@code NAME} in the working directory.
   */
  public Path outputDirectory() {
    return outputDirectory;
  }

  /**
   * A JDK of this host that builds for this host may link from when it is of the runtime's Java version, as the
   * running one may (the CLI passes JAVA_HOME's); null: only the running JDK. Unlike {@link #jdk()}, it is not a
   * demand: a build that needs another version, or another platform, goes on without it.
   */
  public Path hostJdk() {
    return hostJdk;
  }

  /** Where fetched SDKs and linked runtimes are kept between builds; default: under {@code ~/.cache/hermit}. */
  public Caches caches() {
    return caches;
  }

  /** Where the build's scratch directory goes (deleted when the build ends); null: the JVM's java.io.tmpdir. */
  public Path tempDirectory() {
    return tempDirectory;
  }

  /** The Debian mirror to fetch a target's JDK and C library from; null: the host's apt sources. */
  public String mirror() {
    return mirror;
  }

  /** Whether the build may only take SDKs from the cache, never download (Maven's -o); default false. */
  public boolean offline() {
    return offline;
  }

  /** The SDK lock file pinning the fetched Debian packages (docs/PROVISIONING.md); null: none. */
  public Path sdkLock() {
    return sdkLock;
  }

  /** The expected SHA-256 of a JDK given as an archive; null: not checked. */
  public String jdkSha256() {
    return jdkSha256;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A jar, a .java file or a directory; null when the app is given by main class and class path alone. */
  public Path input() {
    return input;
  }

  public String mainClass() {
    return mainClass;
  }

  public List<String> classPath() {
    return classPath;
  }

  /** Null: the app's name in the current directory. */
  public Path output() {
    return output;
  }

  public Target target() {
    return target;
  }

  /** The JDK to link from, a demand; null: one here of the chosen version ({@link #hostJdk()}), else fetched. */
  public Path jdk() {
    return jdk;
  }

  public List<String> jvmOptions() {
    return jvmOptions;
  }

  public Set<String> addModules() {
    return addModules;
  }

  /** Jars whose JDK modules the runtime gets, without the jars ({@code --modules-for}): run-time agents. */
  public List<Path> modulesFor() {
    return modulesFor;
  }

  /** System libraries (sonames) the app loads by name at run time, bundled with their needs. */
  public Set<String> bundleLibraries() {
    return bundleLibraries;
  }

  /** The locales whose formats the runtime carries beyond English ({@code --locales}); empty: as analysis decides. */
  public List<String> locales() {
    return locales;
  }

  /** Null unless the user fixed the module set. */
  public Set<String> modules() {
    return modules;
  }

  public Codec codec() {
    return codec;
  }

  /** How hard the runtime's frames are compressed: {@link Packing#SMALL} by default. */
  public Packing packing() {
    return packing;
  }

  public LibcMode libc() {
    return libc;
  }

  /** Where bundled libraries come from; null: the host's for a host build. */
  public Path sysroot() {
    return sysroot;
  }

  /** A trust store to ship instead of the JDK's; null keeps the JDK's. */
  public Path cacerts() {
    return cacerts;
  }

  /** Whether the runtime carries a class-data-sharing archive (host-platform builds only). */
  public CdsMode cds() {
    return cds;
  }

  /** What the build does with the app's native libraries and native code. */
  /** Libraries (file names or sonames) the app's natives need that may be missing from the output. */
  public Set<String> allowMissing() {
    return allowMissing;
  }

  public NativeMode natives() {
    return natives;
  }

  /** Whether references into the JDK that the runtime cannot resolve fail the build (docs/LINKS.md). */
  public boolean strictLinks() {
    return strictLinks;
  }

  /** Keep the static symbol tables of the runtime's natives (libjvm.so's names in crash logs), 1 MB larger. */
  public boolean keepSymbols() {
    return keepSymbols;
  }

  /** Whether the JDK's classes keep their line numbers and source file names (jlink strips them by default). */
  public boolean jdkLineNumbers() {
    return jdkLineNumbers;
  }

  public static final class Builder {
    private Path input;
    private String mainClass;
    private final List<String> classPath = new ArrayList<>();
    private Path output;
    private Target target = Target.host().orElse(null);
    private Path jdk;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Set<String> addModules = new LinkedHashSet<>();
    private final List<Path> modulesFor = new ArrayList<>();
    private final Set<String> bundleLibraries = new java.util.TreeSet<>();
    private final List<String> locales = new ArrayList<>();
    private Set<String> modules;
    private Codec codec = Codec.ZSTD; // smaller, faster to build, no slower to start (docs/CODEC.md)
    private Packing packing = Packing.SMALL; // the runtime's frames are compressed once per machine (docs/SIZE.md)
    private LibcMode libc = LibcMode.BUNDLED;
    private Path sysroot;
    private Path cacerts;
    private CdsMode cds = CdsMode.AUTO;
    private NativeMode natives = NativeMode.AUTO;
    private final Set<String> allowMissing = new LinkedHashSet<>();
    private String mirror;
    private boolean offline;
    private Path sdkLock;
    private String jdkSha256;
    private Integer java;
    private Path tempDirectory;
    private Path outputDirectory;
    private Path hostJdk;
    private Caches caches;

    public Builder hostJdk(Path v) {
      hostJdk = v;
      return this;
    }

    public Builder caches(Caches v) {
      caches = v;
      return this;
    }

    public Builder outputDirectory(Path v) {
      outputDirectory = v;
      return this;
    }

    public Builder tempDirectory(Path v) {
      tempDirectory = v;
      return this;
    }

    public Builder java(Integer v) {
      java = v;
      return this;
    }

    public Builder jdkSha256(String v) {
      jdkSha256 = v;
      return this;
    }

    public Builder sdkLock(Path v) {
      sdkLock = v;
      return this;
    }

    public Builder mirror(String v) {
      mirror = v;
      return this;
    }

    public Builder offline(boolean v) {
      offline = v;
      return this;
    }

    public Builder allowMissing(Set<String> v) {
      allowMissing.addAll(v);
      return this;
    }

    public Builder natives(NativeMode v) {
      natives = v;
      return this;
    }
    private boolean strictLinks;
    private boolean keepSymbols;
    private boolean jdkLineNumbers;

    public Builder cds(CdsMode v) {
      cds = v;
      return this;
    }

    public Builder keepSymbols(boolean v) {
      keepSymbols = v;
      return this;
    }

    /** Keep the JDK classes' line numbers: stack traces read {@code Integer.java:668}, about 2 MB more. */
    public Builder jdkLineNumbers(boolean v) {
      jdkLineNumbers = v;
      return this;
    }

    public Builder strictLinks(boolean v) {
      strictLinks = v;
      return this;
    }

    public Builder libc(LibcMode v) {
      libc = v;
      return this;
    }

    public Builder sysroot(Path v) {
      sysroot = v;
      return this;
    }

    public Builder cacerts(Path v) {
      cacerts = v;
      return this;
    }

    public Builder input(Path v) {
      input = v;
      return this;
    }

    public Builder mainClass(String v) {
      mainClass = v;
      return this;
    }

    public Builder classPath(List<String> v) {
      classPath.addAll(v);
      return this;
    }

    public Builder output(Path v) {
      output = v;
      return this;
    }

    public Builder target(Target v) {
      target = v;
      return this;
    }

    public Builder jdk(Path v) {
      jdk = v;
      return this;
    }

    public Builder jvmOptions(List<String> v) {
      jvmOptions.addAll(v);
      return this;
    }

    public Builder addModules(Set<String> v) {
      addModules.addAll(v);
      return this;
    }

    public Builder modulesFor(java.util.Collection<Path> v) {
      modulesFor.addAll(v);
      return this;
    }

    /** Sonames, e.g. libpcap.so.0.8. */
    public Builder bundleLibraries(java.util.Collection<String> v) {
      bundleLibraries.addAll(v);
      return this;
    }

    /** Language tags or jlink patterns ({@code de}, {@code fr-CA}, {@code *-IN}), or {@code all}. */
    public Builder locales(java.util.Collection<String> v) {
      locales.addAll(v);
      return this;
    }

    public Builder modules(Set<String> v) {
      modules = v == null ? null : new LinkedHashSet<>(v);
      return this;
    }

    public Builder codec(Codec v) {
      codec = v;
      return this;
    }

    /** {@link Packing#FAST} for builds that start from empty caches every time and whose size does not matter. */
    public Builder packing(Packing v) {
      packing = v;
      return this;
    }

    /**
     * Checks what can be checked without touching a file: something to build, a main class for a class path, a
     * target. Everything else (files, the JDK) is checked when the build runs.
     *
     * @throws dev.hermit.InputException or {@link dev.hermit.TargetException}, naming the setting
     */
    public BuildRequest build() {
      if (input == null && classPath.isEmpty()) {
        throw new dev.hermit.InputException("nothing to build: name a jar, a .java file or a directory, or a main "
            + "class and a class path", dev.hermit.Setting.INPUT, null);
      }
      if (input == null && (mainClass == null || mainClass.isBlank())) {
        throw new dev.hermit.InputException("a class path needs a main class to say which class to run",
            dev.hermit.Setting.MAIN_CLASS, null);
      }
      if (mainClass != null && !isClassName(mainClass)) {
        throw new dev.hermit.InputException("main class '" + mainClass + "' is not a class name: give one such as "
            + "com.example.Main (or MODULE/CLASS for a module's)", dev.hermit.Setting.MAIN_CLASS, mainClass);
      }
      if (java != null && !dev.hermit.provision.SdkSpec.javaVersions().contains(java)) {
        throw new dev.hermit.InputException("Java " + java + " is not one of hermit's runtimes: Java " + String.join(
            ", ", dev.hermit.provision.SdkSpec.javaVersions().stream().map(String::valueOf).toList()),
            dev.hermit.Setting.JAVA, java);
      }
      if (jdkSha256 != null && !jdkSha256.matches("[0-9a-fA-F]{64}")) {
        throw new dev.hermit.InputException("the JDK archive's SHA-256 '" + jdkSha256 + "' is not 64 hex digits",
            dev.hermit.Setting.JDK_SHA256, jdkSha256);
      }
      if (target == null) {
        throw new dev.hermit.TargetException("this host is not a platform hermit knows; name the target platform",
            dev.hermit.Setting.TARGET, null);
      }
      for (String o : jvmOptions) {
        if (o == null || o.isBlank()) {
          throw new dev.hermit.InputException("a JVM option is empty", dev.hermit.Setting.JVM_OPTIONS, o);
        }
        twoInOne(o);
        needsBaseArchive(o, cds);
      }
      Objects.requireNonNull(codec, "codec");
      Objects.requireNonNull(packing, "packing");
      Objects.requireNonNull(libc, "libc");
      Objects.requireNonNull(natives, "natives");
      return new BuildRequest(this);
    }

    /** A binary class name as java takes it, optionally after its module's name and a '/': dotted identifiers. */
    private static boolean isClassName(String name) {
      int slash = name.indexOf('/');
      return (slash < 0 || dottedIdentifiers(name.substring(0, slash)))
          && dottedIdentifiers(name.substring(slash + 1));
    }

    private static boolean dottedIdentifiers(String s) {
      for (String part : s.split("\\.", -1)) {
        if (part.isEmpty() || !Character.isJavaIdentifierStart(part.codePointAt(0))
            || !part.codePoints().allMatch(Character::isJavaIdentifierPart)) {
          return false;
        }
      }
      return true;
    }

    /**
     * Refuses an option that needs the runtime's own class-data-sharing archive (the JDK's default one, which a
     * jlink runtime has only with --cds=build): the JVM would refuse to start on every run ("Unable to use shared
     * archive", "DynamicDumpSharedSpaces is unsupported when base CDS archive is not loaded").
     */
    private static void needsBaseArchive(String o, CdsMode cds) {
      String s = o.strip();
      boolean needs = s.equals("-Xshare:on") || s.startsWith("-XX:ArchiveClassesAtExit")
          || s.equals("-XX:+AutoCreateSharedArchive");
      if (needs && cds != CdsMode.BUILD) {
        throw new dev.hermit.InputException("the JVM option '" + o + "' needs the runtime's own class-data-sharing "
            + "archive, which a linked runtime has only with --cds=build (host builds): without it the output would "
            + "refuse to start. Leave it out: the output makes an archive of the app's classes on its first run "
            + "(--cds=auto, the default) and uses it with -Xshare:auto", dev.hermit.Setting.JVM_OPTIONS, o);
      }
    }

    /** Options whose value the JVM takes as the next argument (or after '='), never after a space in one argument. */
    private static final Pattern SEPARATE_VALUE = Pattern.compile(
        "(--add-opens|--add-exports|--add-reads|--add-modules|--patch-module|--limit-modules|--module-path"
            + "|--upgrade-module-path|--enable-native-access|--illegal-access) +(\\S.*)");
    /** Two -X options in one argument ("-Xmx256m -Xms64m"); -XX:OnError= and OnOutOfMemoryError= hold commands. */
    private static final Pattern TWO_X = Pattern.compile(
        "(?!-XX:On)(-X\\S+) +(-\\S.*)");

    /**
     * Refuses a JVM option that is two arguments joined by a space, as docs print {@code --add-opens java.base/...}:
     * the JVM takes it as one argument and does not start ("Unrecognized option"), on every run of the output.
     */
    private static void twoInOne(String o) {
      Matcher m = SEPARATE_VALUE.matcher(o.strip());
      if (m.matches()) {
        throw new dev.hermit.InputException("the JVM option '" + o + "' is two arguments in one, which the JVM would "
            + "refuse at every start (Unrecognized option): give -J" + m.group(1) + "=" + m.group(2).strip(),
            dev.hermit.Setting.JVM_OPTIONS, o);
      }
      m = TWO_X.matcher(o.strip());
      if (m.matches()) {
        throw new dev.hermit.InputException("the JVM option '" + o + "' is several options in one argument, which the "
            + "JVM would refuse at every start: give each its own -J (-J" + m.group(1) + " -J"
            + m.group(2).split(" +")[0] + " ...)", dev.hermit.Setting.JVM_OPTIONS, o);
      }
    }
  }
}
