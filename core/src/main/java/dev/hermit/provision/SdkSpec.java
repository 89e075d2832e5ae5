package dev.hermit.provision;

import dev.hermit.Setting;
import dev.hermit.TargetException;
import dev.hermit.HermitException;
import dev.hermit.platform.Target;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

  public static SdkSpec of(Target target, int java) {
    String suite = SUITES.get(java);
    if (suite == null) {
      throw new TargetException("no Debian runtime for Java " + java + "; hermit fetches Java "
          + String.join(", ", SUITES.keySet().stream().map(String::valueOf).toList()), Setting.JDK, target.id());
    }
    return new SdkSpec(target, java, suite, List.of("openjdk-" + java + "-jdk-headless",
        "openjdk-" + java + "-jre-headless", "libc6", "libc-bin", "zlib1g", "libstdc++6", "libgcc-s1"));
  }

  /** The JDK's directory inside the sysroot, as Debian installs it. */
  String jdkPath() {
    return "usr/lib/jvm/java-" + java + "-openjdk-" + target.debianArch();
  }

  /** The cache directory's name: one per suite, architecture and package set. */
  String key() {
    MessageDigest md = Fetcher.sha256();
    md.update(String.join(" ", packages).getBytes(StandardCharsets.UTF_8));
    return suite + "-" + target.debianArch() + "-" + HexFormat.of().formatHex(md.digest()).substring(0, 10);
  }
}
