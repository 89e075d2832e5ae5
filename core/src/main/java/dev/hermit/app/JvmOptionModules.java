package dev.hermit.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JDK modules that JVM options baked into the executable need, which no class of the app refers to: without
 * them the build succeeds and the output dies at start ("Module jdk.jfr not found", "Could not find agent library
 * jdwp"). docs/MODULES.md lists them.
 */
final class JvmOptionModules {
  private JvmOptionModules() {}

  /** Module to the reason, in the order the options give them. */
  static Map<String, String> of(List<String> options) {
    Map<String, String> why = new LinkedHashMap<>();
    for (int i = 0; i < options.size(); i++) {
      String o = options.get(i);
      String because = "the JVM option " + o + " needs it";
      if (o.startsWith("-XX:StartFlightRecording") || o.startsWith("-XX:FlightRecorderOptions")
          || o.equals("-XX:+FlightRecorder")) {
        why.putIfAbsent("jdk.jfr", because);
      } else if (o.startsWith("-agentlib:jdwp") || o.startsWith("-Xrunjdwp")) {
        why.putIfAbsent("jdk.jdwp.agent", because);
      } else if (o.startsWith("-Dcom.sun.management.jmxremote")) {
        why.putIfAbsent("jdk.management.agent", because);
        // what a remote monitor (JConsole, VisualVM, JMC) asks such a JVM for: the HotSpot MXBeans (CPU load, heap
        // dumps, diagnostic commands) and the flight recorder's MBean, not registered without their modules
        why.putIfAbsent("jdk.management", because + ": remote monitors read the HotSpot MXBeans");
        why.putIfAbsent("jdk.management.jfr", because + ": remote monitors control the flight recorder through it");
      } else if (o.startsWith("-Djava.util.logging.config.")) {
        // without java.logging, System.Logger is the JDK's simple console logger, which never reads the file
        why.putIfAbsent("java.logging", because);
      } else if (KERBEROS.stream().anyMatch(k -> o.startsWith("-D" + k + "="))) {
        // HTTP's Negotiate and GSS-API without a Subject log in through the JDK's Krb5LoginModule: a 401 without
        why.putIfAbsent("jdk.security.auth", because + ": Kerberos logs in through the JDK's Krb5LoginModule");
      } else if (REVOCATION.stream().anyMatch(k -> o.startsWith("-D" + k + "="))) {
        // CRLs at ldap:// distribution points come through java.naming's LDAP CertStore, found by name
        why.putIfAbsent("java.naming", because + ": revocation checks fetch CRLs at ldap:// distribution points "
            + "through the LDAP CertStore");
      } else if (localeOtherThanEnglish(o)) {
        // -Duser.language=de baked in: every run formats in German under java, in English without the locale data
        why.putIfAbsent("jdk.localedata", "the JVM option " + o + " sets a locale whose data java.base lacks");
      } else if (o.startsWith("-javaagent:")) {
        why.putIfAbsent("java.instrument", because);
      } else if (o.startsWith("--add-modules=") || o.equals("--add-modules") && i + 1 < options.size()) {
        String list = o.equals("--add-modules") ? options.get(++i) : o.substring("--add-modules=".length());
        for (String m : list.split(",")) {
          if (!m.isBlank() && !m.startsWith("ALL-")) { // ALL-DEFAULT, ALL-SYSTEM, ALL-MODULE-PATH: what is linked
            why.putIfAbsent(m.strip(), "the JVM option --add-modules " + list + " names it");
          }
        }
      }
    }
    return why;
  }

  /** System properties that set Kerberos up (ProviderRules reads the same names among the app's strings). */
  static final List<String> KERBEROS = List.of("java.security.krb5.conf", "java.security.krb5.realm",
      "java.security.krb5.kdc", "javax.security.auth.useSubjectCredsOnly", "sun.security.jgss.native");
  /** System properties that turn revocation checks with CRL fetching on. */
  static final List<String> REVOCATION = List.of("com.sun.net.ssl.checkRevocation", "com.sun.security.enableCRLDP");

  private static final java.util.regex.Pattern LOCALE_OPTION = java.util.regex.Pattern.compile(
      "-Duser\\.(language|country|region|script|variant)(?:\\.format|\\.display)?=(.*)");

  /** {@code -Duser.language=X} (or .country, .region, .script, .variant, their .format and .display forms) beyond en_US. */
  private static boolean localeOtherThanEnglish(String o) {
    java.util.regex.Matcher m = LOCALE_OPTION.matcher(o);
    if (!m.matches() || m.group(2).isBlank()) {
      return false;
    }
    String v = m.group(2).strip();
    return switch (m.group(1)) {
      case "language" -> !v.equalsIgnoreCase("en");
      case "country", "region" -> !v.equalsIgnoreCase("US");
      default -> true;
    };
  }

  /**
   * The modules that {@code --add-opens} and {@code --add-exports} name (Ignite's documented list opens
   * jdk.internal.jvmstat/sun.jvmstat.monitor): under a JDK they are there, and without them the JVM warns "Unknown
   * module" at every start. A module the JDK does not have is no error, as under java; the caller adds those it has.
   */
  static Map<String, String> opened(List<String> options) {
    Map<String, String> why = new LinkedHashMap<>();
    for (int i = 0; i < options.size(); i++) {
      String o = options.get(i);
      for (String flag : List.of("--add-opens", "--add-exports")) {
        String value = o.startsWith(flag + "=") ? o.substring(flag.length() + 1)
            : o.equals(flag) && i + 1 < options.size() ? options.get(i + 1) : null;
        int slash = value == null ? -1 : value.indexOf('/');
        if (slash > 0) {
          why.putIfAbsent(value.substring(0, slash), "the JVM option " + flag + " " + value + " names it");
        }
      }
    }
    return why;
  }
}
