package dev.hermit.provision;

import dev.hermit.Setting;
import dev.hermit.TargetException;
import dev.hermit.HermitException;
import dev.hermit.platform.Target;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to fetch for a target and Java version: the Debian suite that has that JDK, and the packages.
 *
 * <p>The package set is fixed rather than computed from {@code Depends}: the JDK packages depend on far more than a
 * jlinked runtime loads (java-common, ca-certificates-java, fonts, NSS, CUPS, ALSA...), and
 * ca-certificates-java depends back on a JRE. The runtime's real needs are its ELF NEEDED closure, which the build
 * computes from this sysroot and refuses with a list when something is missing (a java.desktop app needs X11 and
 * font libraries: see FIELD-NOTES). libc-bin carries glibc's C.UTF-8 locale.
 */
public record SdkSpec(Target target, int java, String suite, List<String> packages) {
  private static final Map<Integer, String> SUITES = new TreeMap<>(Map.of(17, "bookworm", 21, "trixie", 25, "trixie"));

  /** The Java feature versions hermit fetches runtimes for, lowest first. */
  public static List<Integer> javaVersions() {
    return List.copyOf(SUITES.keySet());
  }

  /** The Debian suite that has Java {@code java}'s JDK, or null when none has. */
  public static String suiteOf(int java) {
    return SUITES.get(java);
  }

  public static SdkSpec of(Target target, int java) {
    String suite = SUITES.get(java);
    if (suite == null) {
      throw new TargetException("no Debian runtime for Java " + java + "; hermit fetches Java "
          + String.join(", ", SUITES.keySet().stream().map(String::valueOf).toList()), Setting.JDK, target.id());
    }
    List<String> packages = new ArrayList<>(List.of("openjdk-" + java + "-jdk-headless", "libc6", "libc-bin",
        "zlib1g", "libstdc++6", "libgcc-s1"));
    if (target.isHost()) {
      // The JRE's package holds what runs a JDK (lib/modules, the JVM): only a JDK for this host runs here, as
      // jlink or javac of a version hermit does not run on. A target's runtime is linked from the jmods alone, so
      // other platforms skip its 40 MB (190 MB unpacked); the provisioner writes the release file it would bring.
      packages.add(1, "openjdk-" + java + "-jre-headless");
    }
    return new SdkSpec(target, java, suite, List.copyOf(packages));
  }

  /**
   * What java.desktop's natives load beyond the base set, per suite: X11 and its extensions for libawt_xawt, ALSA
   * for libjsound, the image and colour libraries, FreeType, HarfBuzz and fontconfig for the font manager, and the
   * DejaVu faces (docs/PROVISIONING.md). Fixed like the base set; the build's closure check names anything missing.
   */
  private static final Map<String, List<String>> DESKTOP = Map.of(
      "bookworm", List.of("libx11-6", "libxcb1", "libxau6", "libxdmcp6", "libbsd0", "libmd0", "libxext6", "libxi6",
          "libxrender1", "libxtst6", "libasound2", "libfreetype6", "libpng16-16", "libbrotli1", "libharfbuzz0b",
          "libglib2.0-0", "libgraphite2-3", "libpcre2-8-0", "libjpeg62-turbo", "libgif7", "liblcms2-2",
          "libfontconfig1", "libexpat1", "fonts-dejavu-core"),
      "trixie", List.of("libx11-6", "libxcb1", "libxau6", "libxdmcp6", "libbsd0", "libmd0", "libxext6", "libxi6",
          "libxrender1", "libxtst6", "libasound2t64", "libfreetype6", "libpng16-16t64", "libbrotli1",
          "libharfbuzz0b", "libglib2.0-0t64", "libgraphite2-3", "libpcre2-8-0", "libjpeg62-turbo", "libgif7",
          "liblcms2-2", "libfontconfig1", "libexpat1", "fonts-dejavu-core", "fonts-dejavu-mono",
          "libbz2-1.0", "libatomic1")); // trixie's FreeType reads bzip2 fonts; GLib needs libatomic on riscv64

  /** This set plus what a runtime with java.desktop loads: another SDK directory (the package set is its key). */
  public SdkSpec withDesktop() {
    if (isDesktop()) {
      return this;
    }
    List<String> all = new ArrayList<>(packages);
    all.addAll(DESKTOP.getOrDefault(suite, List.of()));
    return new SdkSpec(target, java, suite, List.copyOf(all));
  }

  /** Whether the set has what java.desktop loads. */
  public boolean isDesktop() {
    return packages.containsAll(DESKTOP.getOrDefault(suite, List.of()));
  }

  /**
   * This set plus the packages that may ship the libraries named (sonames, as a native's DT_NEEDED names them):
   * another SDK directory. A library's package is found by Debian's naming rule (libgomp.so.1 in libgomp1,
   * libbz2.so.1.0 in libbz2-1.0, trixie's 64-bit-time renames with t64), or by the table for those the rule misses;
   * a name the suite has not is an error of the fetch, one that lacks the library is named by the build's check.
   */
  public SdkSpec withLibraries(Collection<String> sonames) {
    List<String> all = new ArrayList<>(packages);
    List<String> names = new ArrayList<>(packageNames());
    for (String soname : new TreeSet<>(sonames)) {
      // the rule's guess first; the package Debian's Contents index says ships the file, where the suite has none
      // by the guessed name (libbrotlidec.so.1 is in libbrotli1, liblber-2.5.so.0 in libldap-2.5-0)
      String guess = packageFor(soname);
      String p = guess == null ? null : guess + "|" + SHIPPING + soname;
      // a package already in the set under any of its names (a resolved "a|b" is "b") is not added again
      if (p != null && Arrays.stream(p.split("\\|")).noneMatch(names::contains)) {
        all.add(p);
        names.addAll(Arrays.asList(p.split("\\|")));
      }
    }
    return new SdkSpec(target, java, suite, List.copyOf(all));
  }

  /** Every package name the set may take: each alternative of an "a|b" entry (not a {@link #SHIPPING} one). */
  public List<String> packageNames() {
    return packages.stream().flatMap(n -> Arrays.stream(n.split("\\|"))).filter(n -> !n.startsWith(SHIPPING))
        .toList();
  }

  /**
   * An alternative that is no package name but {@code "=" + soname}: the package that ships that library, looked up
   * in the suite's Contents index when no other alternative is in its Packages index.
   */
  public static final String SHIPPING = "=";

  /** The soname of an entry's {@link #SHIPPING} alternative, or null. */
  public static String shipping(String alternatives) {
    return Arrays.stream(alternatives.split("\\|")).filter(a -> a.startsWith(SHIPPING))
        .map(a -> a.substring(SHIPPING.length())).findFirst().orElse(null);
  }

  /** The package names of an entry, for messages: "a or b". */
  public static String describe(String alternatives) {
    return String.join(" or ", Arrays.stream(alternatives.split("\\|")).filter(a -> !a.startsWith(SHIPPING))
        .toList());
  }

  /** The sonames whose package the rule gets wrong: package names, "|" between alternatives. */
  private static final Map<String, String> PACKAGE_OF = Map.of(
      "libcrypto.so.3", "libssl3t64|libssl3",
      "libssl.so.3", "libssl3t64|libssl3",
      "libsnappy.so.1", "libsnappy1v5",
      "libglib-2.0.so.0", "libglib2.0-0t64|libglib2.0-0",
      "libgthread-2.0.so.0", "libglib2.0-0t64|libglib2.0-0",
      "libgobject-2.0.so.0", "libglib2.0-0t64|libglib2.0-0",
      "libgio-2.0.so.0", "libglib2.0-0t64|libglib2.0-0",
      "libgdk-3.so.0", "libgtk-3-0t64|libgtk-3-0", // JavaFX's libglassgtk3 needs both, from one package
      "libgtk-3.so.0", "libgtk-3-0t64|libgtk-3-0");

  /** The package (alternatives joined by "|") that ships a library by Debian's naming rule; null for no soname. */
  public static String packageFor(String soname) {
    String known = PACKAGE_OF.get(soname);
    if (known != null) {
      return known;
    }
    Matcher m = Pattern.compile("(lib[A-Za-z0-9_+.-]*?)\\.so\\.([0-9][0-9.]*)")
        .matcher(soname);
    if (!m.matches()) {
      return null;
    }
    String base = m.group(1).toLowerCase(Locale.ROOT).replace('_', '-');
    String version = m.group(2);
    // libfoo.so.1 is in libfoo1; when the name ends in a digit, a hyphen and the whole version: libbz2-1.0
    String name = Character.isDigit(base.charAt(base.length() - 1)) ? base + "-" + version
        : base + version.split("\\.")[0];
    return name + "t64|" + name;
  }

  /** Debian architectures a suite does not have (the mirror says so too, but only once asked). */
  private static final Map<String, List<String>> MISSING = Map.of("bookworm", List.of("riscv64"));

  /** Why this suite cannot provide the target, known without asking a mirror; empty when it may. */
  public Optional<String> knownMissing() {
    if (!MISSING.getOrDefault(suite, List.of()).contains(target.debianArch())) {
      return Optional.empty();
    }
    List<String> others = SUITES.values().stream().distinct()
        .filter(x -> !MISSING.getOrDefault(x, List.of()).contains(target.debianArch())).toList();
    return Optional.of("Debian " + suite + " (Java " + java + ") has no " + target.debianArch()
        + " packages" + (others.isEmpty() ? "" : "; Debian " + String.join(", ", others) + " has"));
  }

  /** The JDK's directory inside the sysroot, as Debian installs it. */
  public String jdkPath() {
    return "usr/lib/jvm/java-" + java + "-openjdk-" + target.debianArch();
  }

  /** The cache directory's name: one per suite, architecture and package set. */
  String key() {
    MessageDigest md = Fetcher.sha256();
    md.update(String.join(" ", packages).getBytes(StandardCharsets.UTF_8));
    return suite + "-" + target.debianArch() + "-" + HexFormat.of().formatHex(md.digest()).substring(0, 10);
  }
}
