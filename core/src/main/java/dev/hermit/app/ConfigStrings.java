package dev.hermit.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * The words of what configures the JDK outside the app's classes, for the module rules to read as they read the
 * classes' strings: the values of the JVM options' {@code -D} properties, the JDK configuration files those name and
 * the output carries ({@code java.security.properties}, JAAS's and Kerberos'), and the class path's
 * {@code jndi.properties}. A JNDI factory or provider URL named there (com.sun.jndi.dns.DnsContextFactory,
 * dns://...), or a security provider ({@code security.provider.1=SunPKCS11 p11.cfg}), is as much a need of a JDK
 * module as a string in a class: without it, "Cannot instantiate class: com.sun.jndi.dns.DnsContextFactory", and a
 * provider silently missing from the list.
 */
final class ConfigStrings {
  private ConfigStrings() {}

  private static final String ROOT = "${HERMIT_ROOT}/";
  private static final List<String> FILE_PROPERTIES = List.of("java.security.properties",
      "java.security.auth.login.config", "java.security.krb5.conf");
  private static final Pattern WORD = Pattern.compile("[^\\s=,;\"'{}()]+");
  private static final int MAX_BYTES = 1 << 20;

  /** Each word to where it was found. */
  static Map<String, String> of(AppInput app, List<String> jvmOptions) {
    Map<String, String> words = new LinkedHashMap<>();
    for (String o : jvmOptions) {
      int eq = o.indexOf('=');
      if (!o.startsWith("-D") || eq < 0) {
        continue;
      }
      String property = o.substring(2, eq);
      String value = o.substring(eq + 1).replaceFirst("^=", ""); // java.security.properties==FILE replaces
      words(value, "the JVM option " + o, words);
      if (FILE_PROPERTIES.contains(property) && value.startsWith(ROOT)) { // carried: its file here
        String inTree = value.substring(ROOT.length());
        app.files().forEach((file, at) -> {
          if (at.equals(inTree)) {
            words(read(file), file.getFileName() + " (-D" + property + ")", words);
          }
        });
      }
    }
    for (Path entry : app.classPath()) {
      String where = entry.getFileName() + (Files.isDirectory(entry) ? "/" : "!/") + "jndi.properties";
      words(jndiProperties(entry), where, words);
    }
    return words;
  }

  private static void words(String text, String where, Map<String, String> into) {
    java.util.regex.Matcher m = WORD.matcher(text);
    while (m.find()) {
      into.putIfAbsent(m.group(), where);
    }
  }

  private static String read(Path file) {
    try {
      return Files.size(file) > MAX_BYTES ? "" : Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return ""; // carried as it is; unreadable here, it names nothing the build can see
    }
  }

  private static String jndiProperties(Path entry) {
    try {
      if (Files.isDirectory(entry)) {
        Path f = entry.resolve("jndi.properties");
        return Files.isRegularFile(f) ? read(f) : "";
      }
      if (!Files.isRegularFile(entry)) {
        return "";
      }
      try (JarFile j = new JarFile(entry.toFile(), false)) {
        var e = j.getEntry("jndi.properties");
        if (e == null || e.getSize() > MAX_BYTES) {
          return "";
        }
        try (InputStream in = j.getInputStream(e)) {
          return new String(in.readNBytes(MAX_BYTES), StandardCharsets.ISO_8859_1);
        }
      }
    } catch (IOException | RuntimeException e) {
      return ""; // a jar the scan reads too, which says what is wrong with it
    }
  }
}
