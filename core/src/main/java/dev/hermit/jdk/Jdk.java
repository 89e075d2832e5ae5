package dev.hermit.jdk;

import dev.hermit.JdkException;
import dev.hermit.HermitException;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** A JDK on disk that hermit links runtimes from, described by its {@code release} file. */
public final class Jdk {
  private final Path home;
  private final Properties release;

  private Jdk(Path home, Properties release) {
    this.home = home;
    this.release = release;
  }

  /** Reads {@code home/release}; a directory without one is not a JDK hermit can use. */
  public static Jdk at(Path home) {
    Path dir = home.toAbsolutePath().normalize();
    Path file = dir.resolve("release");
    if (!Files.exists(dir)) {
      throw new JdkException("JDK directory " + dir + " does not exist", dir);
    }
    if (!Files.isDirectory(dir)) { // --jdk /dev/null, a FIFO: "does not exist" said before
      throw new JdkException(dir + " is neither a JDK's directory nor a JDK archive (.tar.gz, .tgz, .zip)", dir);
    }
    if (!Files.isRegularFile(file)) {
      throw new JdkException(dir + " is not a JDK: it has no 'release' file", dir);
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new HermitException("cannot read " + file + ": " + e.getMessage());
    }
    p.replaceAll((k, v) -> unquote((String) v));
    return new Jdk(dir, p);
  }

  /** The JDK hermit itself runs on. */
  public static Jdk running() {
    return at(Path.of(System.getProperty("java.home")));
  }

  public Path home() {
    return home;
  }

  public String version() {
    return release.getProperty("JAVA_VERSION", "unknown");
  }

  public int featureVersion() {
    String v = version();
    int end = 0;
    while (end < v.length() && Character.isDigit(v.charAt(end))) {
      end++;
    }
    return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
  }

  public String vendor() {
    return release.getProperty("IMPLEMENTOR", "unknown");
  }

  public String runtimeVersion() {
    return release.getProperty("JAVA_RUNTIME_VERSION", version());
  }

  /** The target this JDK's natives are built for, from OS_NAME and OS_ARCH. */
  public Optional<Target> target() {
    if (release.containsKey("OS_ARCH")) {
      return "Linux".equalsIgnoreCase(release.getProperty("OS_NAME", "")) ? Target.ofOsArch(release.getProperty("OS_ARCH"))
          : Optional.empty();
    }
    // jlink's images write no OS_ARCH: the JVM library tells.
    int machine = JLink.elfMachine(JLink.libjvm(home));
    return Target.ALL.stream().filter(t -> t.elfMachine() == machine).findFirst();
  }

  public String describeTarget() {
    if (!release.containsKey("OS_ARCH")) {
      return target().map(Target::id).orElse("an unknown platform");
    }
    return release.getProperty("OS_NAME", "?") + "/" + release.getProperty("OS_ARCH");
  }

  public Path jmods() {
    return home.resolve("jmods");
  }

  public boolean hasJmods() {
    return Files.isRegularFile(jmods().resolve("java.base.jmod"));
  }

  public boolean isRunning() {
    try {
      return Files.isSameFile(home, Path.of(System.getProperty("java.home")));
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return vendor() + " " + runtimeVersion() + " (" + describeTarget() + ") at " + home;
  }

  private static String unquote(String v) {
    String s = v.trim();
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }
}
