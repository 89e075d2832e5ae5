package dev.hermit.pipeline;

import dev.hermit.InputException;
import dev.hermit.Setting;
import dev.hermit.app.AppInput;
import dev.hermit.payload.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Files that baked-in JVM options name: a {@code -javaagent:} jar, a logging configuration, the JDK's security
 * configuration files (JAAS, Kerberos, extra security properties) and a TLS trust store. The output must run
 * where they do not exist, so each one that exists here is carried in the tree (under {@code app/jvm/}) and the
 * option rewritten to its path in the extracted tree. Without this, {@code -J-javaagent:agent.jar} built fine and
 * the output's JVM did not start anywhere but in the build's directory ("Error opening zip file").
 */
final class JvmOptionFiles {
  private JvmOptionFiles() {}

  /** System properties whose value is a file a logging framework reads at start. */
  private static final List<String> LOGGING_PROPERTIES = List.of("java.util.logging.config.file",
      "logback.configurationFile", "log4j.configurationFile", "log4j2.configurationFile");
  /**
   * System properties whose value is a configuration file of the JDK's security: JAAS's login configuration (named
   * relative to the build's directory it was found only there: "jaas.conf (No such file or directory)"), Kerberos'
   * krb5.conf, extra security properties. Their "==" form (replace, not add to, the JDK's) keeps its second '='.
   */
  private static final List<String> SECURITY_PROPERTIES = List.of("java.security.auth.login.config",
      "java.security.krb5.conf", "java.security.properties");
  /**
   * The trust store TLS reads in place of the runtime's cacerts: a build's own CA left behind on the build host made
   * the output fall back to the JDK's roots, silently, wherever else it ran ("PKIX path building failed"). Its
   * certificates are public; a key store (private keys) stays a path on the machine that runs the output.
   */
  private static final List<String> TLS_PROPERTIES = List.of("javax.net.ssl.trustStore");
  /**
   * The configuration file of an agent the output carries: OpenTelemetry's, Elastic APM's, Datadog's. Left a path of
   * the build host, the agent fell back to its defaults elsewhere (OpenTelemetry exporting to localhost:4318).
   */
  private static final List<String> AGENT_PROPERTIES = List.of("otel.javaagent.configuration-file",
      "elastic.apm.config_file", "dd.trace.config");
  private static final List<String> CONFIG_PROPERTIES = java.util.stream.Stream.of(LOGGING_PROPERTIES,
      SECURITY_PROPERTIES, TLS_PROPERTIES, AGENT_PROPERTIES).flatMap(List::stream).toList();
  /** An agent option whose value is a file the agent writes: never carried (JaCoCo's destfile, async-profiler's file). */
  private static final Set<String> AGENT_OUTPUTS = Set.of("destfile", "file", "filename", "log", "logfile", "output",
      "out", "dumpfile", "classdumpdir");

  record Result(List<String> options, AppInput app) {}

  static Result carry(List<String> options, AppInput app, BuildListener listener) {
    List<String> out = new ArrayList<>();
    Map<Path, String> files = new LinkedHashMap<>(app.files());
    List<Path> scanned = new ArrayList<>(app.classPath());
    Set<String> used = new HashSet<>(files.values());
    for (String o : options) {
      if (o.startsWith("-javaagent:")) {
        String spec = o.substring("-javaagent:".length());
        int eq = spec.indexOf('=');
        String path = eq < 0 ? spec : spec.substring(0, eq);
        String rest = eq < 0 ? "" : spec.substring(eq);
        Path file = path.contains("${") || path.isEmpty() ? null : Path.of(path).toAbsolutePath().normalize();
        if (file == null) {
          out.add(o);
        } else if (Files.isRegularFile(file)) {
          String at = files.containsKey(file) ? files.get(file) : place(file, used); // once, however often named
          files.put(file, at);
          if (!scanned.contains(file)) {
            scanned.add(file); // its classes need modules too
          }
          listener.detail("-javaagent " + path + ": carried as " + at);
          out.add("-javaagent:" + Manifest.ROOT + "/" + at + agentOptions(rest, files, used, listener));
        } else if (Path.of(path).isAbsolute()) {
          listener.warn("-javaagent:" + path + " is not here, so it is not carried: the output starts only where "
              + path + " exists");
          out.add(o);
        } else {
          throw new InputException("the JVM option -javaagent:" + spec + " names " + file + ", which does not exist;"
              + " the output carries its agent, so give the path of the agent jar", Setting.JVM_OPTIONS, file);
        }
        continue;
      }
      String property = CONFIG_PROPERTIES.stream().filter(p -> o.startsWith("-D" + p + "=")).findFirst().orElse(null);
      if (property != null) {
        String value = o.substring(property.length() + 3);
        String replace = SECURITY_PROPERTIES.contains(property) && value.startsWith("=") ? "=" : "";
        value = value.substring(replace.length());
        // a URL or classpath: reference, a list, a template, or nothing here: the app's own affair
        boolean plain = !value.isEmpty() && !value.contains("${") && !value.contains(",")
            && !value.matches("[A-Za-z][A-Za-z0-9+.-]+:.*") && !value.equals("NONE"); // NONE: a PKCS#11 token's
        Path file = plain ? Path.of(value).toAbsolutePath().normalize() : null;
        if (file != null && Files.isRegularFile(file)) {
          String at = place(file, used);
          files.put(file, at);
          listener.detail("-D" + property + " " + value + ": carried as " + at);
          out.add("-D" + property + "=" + replace + Manifest.ROOT + "/" + at);
          continue;
        }
        if (file != null) { // kept as given: a path on the machine that runs the output, perhaps meant so
          listener.warn("-D" + property + "=" + replace + value + " names no file here, so none is carried: the "
              + "output reads " + value + (Path.of(value).isAbsolute() ? " on the machine it runs on"
              : " from the directory it runs in") + (LOGGING_PROPERTIES.contains(property)
              ? ", and the logging framework falls back to its defaults where it is missing"
              : ", as java would where it is missing"));
        }
      }
      out.add(o);
    }
    if (out.equals(options)) {
      return new Result(options, app);
    }
    return new Result(List.copyOf(out), app.withFiles(files).withClassPath(scanned));
  }

  /**
   * An agent's options ({@code =12345:config.yaml}, Prometheus' JMX exporter; {@code =config=agent.properties}),
   * each part between {@code = : , ;} that names a file here carried as the agent is and rewritten to its path in
   * the output: the output ran where the file was missing ("config.yaml (No such file or directory)") unless the
   * root held it at the same path.
   */
  private static String agentOptions(String rest, Map<Path, String> files, Set<String> used, BuildListener listener) {
    if (rest.isEmpty()) {
      return rest;
    }
    StringBuilder out = new StringBuilder();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("[^=:,;]+").matcher(rest);
    int last = 0;
    String key = null; // the part before an '=': what this part is the value of
    while (m.find()) {
      out.append(rest, last, m.start());
      String part = m.group();
      boolean value = m.start() > 0 && rest.charAt(m.start() - 1) == '=';
      Path file = part.contains("${") || part.isBlank() ? null : Path.of(part).toAbsolutePath().normalize();
      if (value && key != null && AGENT_OUTPUTS.contains(key.strip().toLowerCase(java.util.Locale.ROOT))) {
        // a file the agent writes (JaCoCo's destfile=jacoco.exec, left by a run under java): carried, the output
        // wrote its coverage into the cache entry's copy, and the working directory got none
        listener.detail("-javaagent option " + key + "=" + part + ": a file the agent writes, kept as given");
        out.append(part);
      } else if (file != null && part.contains(".") && Files.isRegularFile(file)) {
        String at = files.containsKey(file) ? files.get(file) : place(file, used);
        files.put(file, at);
        listener.detail("-javaagent option " + part + ": carried as " + at);
        out.append(Manifest.ROOT).append('/').append(at);
      } else {
        out.append(part);
      }
      key = m.end() < rest.length() && rest.charAt(m.end()) == '=' ? part : null;
      last = m.end();
    }
    return out.append(rest.substring(last)).toString();
  }

  /** app/jvm/NAME, or app/jvm/N-NAME when two files share a name. */
  private static String place(Path file, Set<String> used) {
    String name = file.getFileName().toString();
    String at = "app/jvm/" + name;
    for (int i = 2; !used.add(at); i++) {
      at = "app/jvm/" + i + "-" + name;
    }
    return at;
  }
}
