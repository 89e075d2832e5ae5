package dev.hermit.app;

import dev.hermit.HermitException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an application distribution's start scripts ({@code bin/}) say, read as text and never run: the jars of
 * {@code lib/} in the order they put them on the class path, the words that may name the main class, and the JVM
 * options they pass. Not tied to one generator's template: Gradle's {@code CLASSPATH=$APP_HOME/lib/a.jar:...} and
 * {@code -classpath "$CLASSPATH" com.acme.Main}, sbt-native-packager's {@code app_classpath="$lib_dir/a.jar:..."}
 * and {@code app_mainclass=(com.acme.Main)}, and
 * the Windows scripts beside them all name the same things in these shapes.
 *
 * @param jarsInOrder file names of jars, first mention first (the caller keeps those of {@code lib/})
 * @param words every word that could be a class name, first mention first (the caller keeps the classes)
 * @param jvmOptions per script, the default JVM options it sets (Gradle's {@code DEFAULT_JVM_OPTS}), if any
 * @param jarDirs the directories the jars the scripts name are in ({@code lib}; Maven's {@code boot}, whose
 *     plexus-classworlds its script runs)
 * @param module what a script that runs the app as a module names ({@code --module app/com.acme.Main}, as Gradle's
 *     for a modular app), if one does
 * @param literalOptions per script without Gradle's variable, the JVM options written in it ({@code -Xmx512m},
 *     {@code -XX:+UseG1GC}, {@code -Dqpid.home=...}, {@code --add-opens ...}: Qpid's, Tomcat's), outside comments
 * @param jarsRun file names of the jars the scripts run with {@code -jar} (ActiveMQ's {@code -jar
 *     "$ACTIVEMQ_HOME/bin/activemq.jar"})
 */
record StartScripts(List<String> jarsInOrder, List<String> words, Map<Path, String> jvmOptions, Set<String> jarDirs,
    Optional<String> module, Map<Path, List<String>> literalOptions, Set<String> jarsRun) {
  /** Larger files in bin/ are not start scripts (a native launcher, a bundled tool). */
  private static final long MAX_SCRIPT = 1 << 20;
  /** A jar's file name at the end of a path (the caller keeps those in lib/): {@code $APP_HOME/lib/a.jar}. */
  private static final Pattern JAR = Pattern.compile("([^/\\\\:;\"'\\s$%=()]+\\.jar)(?![\\w.-])");
  private static final Pattern WORD = Pattern.compile(
      "(?<![\\w$./\\\\-])[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*(?![\\w$./\\\\-])");
  /** The directory a jar (or a jar glob) of a script's is in: {@code $APP_HOME/lib/a.jar}, {@code "$H"/boot/x-*.jar}. */
  private static final Pattern JAR_DIR = Pattern.compile("([\\w.-]+)[/\\\\][^/\\\\\\s\"':;]*\\.jar(?![\\w.-])");
  private static final Pattern DEFAULT_JVM_OPTS = Pattern.compile("(?m)^DEFAULT_JVM_OPTS=(.*)$");
  /** The main module and class of a modular app's start: {@code --module app/com.acme.Main}, {@code -m app/...}. */
  private static final Pattern MODULE_MAIN = Pattern.compile(
      "(?<![\\w-])(?:--module|-m)[ =]+\"?([\\w.]+/([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*))");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
  /** {@code -jar PATH.jar}, the path quoted or not, as shell and Windows scripts write it: its file name. */
  private static final Pattern RUNS_JAR = Pattern.compile(
      "(?<![\\w-])-jar\\s+(?:\\\\?[\"'])?[^\\s\"']*?([^/\\\\\\s\"'$%]+\\.jar)(?![\\w.-])");
  /** A JVM option as scripts write them: heap and stack sizes, -XX flags, system properties, module openings. */
  private static final Pattern JVM_OPTION = Pattern.compile("(?<![\\w$-])(-Xm[sx][0-9]+[kKmMgG]?|-Xss[0-9]+[kKmMgG]?"
      + "|-XX:[+-]?[A-Za-z][\\w]*(?:=[^\\s\"';]+)?|-D[A-Za-z][\\w.-]*(?:=(?:\\\\?[\"'])*[^\\s\"';]*(?:\\\\?[\"'])*)?"
      + "|--add-(?:opens|exports)[ =][\\w.]+/[\\w.]+=[\\w.,-]+)");

  private static boolean isWindowsScript(Path script) {
    String n = script.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return n.endsWith(".bat") || n.endsWith(".cmd");
  }

  static StartScripts read(Path bin) {
    List<Path> scripts = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(bin)) {
      for (Path p : s) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) <= MAX_SCRIPT) {
          scripts.add(p);
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return new StartScripts(List.of(), List.of(), Map.of(), Set.of(), Optional.empty(), Map.of(), Set.of());
    } catch (IOException e) {
      throw new HermitException("cannot list " + bin + ": " + e.getMessage());
    }
    scripts.sort(null);
    Set<String> jars = new LinkedHashSet<>();
    Set<String> words = new LinkedHashSet<>();
    Set<String> dirs = new LinkedHashSet<>();
    Set<String> run = new LinkedHashSet<>();
    Map<Path, String> options = new LinkedHashMap<>();
    Map<Path, List<String>> literal = new LinkedHashMap<>();
    String module = null;
    for (Path script : scripts) {
      String text;
      try {
        text = new String(Files.readAllBytes(script), StandardCharsets.ISO_8859_1);
      } catch (IOException e) {
        throw new HermitException("cannot read " + script + ": " + e.getMessage());
      }
      if (text.indexOf('\0') >= 0) {
        continue; // a binary, not a script
      }
      for (Matcher m = JAR.matcher(text); m.find(); ) {
        jars.add(m.group(1));
      }
      for (Matcher m = JAR_DIR.matcher(text); m.find(); ) {
        dirs.add(m.group(1));
      }
      for (Matcher m = RUNS_JAR.matcher(text); m.find(); ) {
        run.add(m.group(1));
      }
      for (Matcher m = MODULE_MAIN.matcher(text); m.find(); ) {
        module = module == null ? m.group(1) : module;
        words.add(m.group(2)); // the class after the module's name, which WORD leaves out
      }
      for (Matcher m = WORD.matcher(text); m.find(); ) {
        words.add(m.group());
      }
      Matcher opts = DEFAULT_JVM_OPTS.matcher(text);
      if (opts.find()) {
        String value = assigned(opts.group(1).strip());
        if (!value.isBlank() && !value.equals("\"\"")) { // Gradle's template writes '""' for no options
          options.put(script, value);
        }
      } else if (!text.contains("DEFAULT_JVM_OPTS") && !isWindowsScript(script)) {
        // (Gradle's Windows script sets it as `set DEFAULT_JVM_OPTS=`; a .bat or .cmd says what the shell script
        // beside it says, in Windows' terms: %CATALINA_HOME%\bin, mingw-only openings)
        Set<String> found = new LinkedHashSet<>();
        text.lines().filter(l -> !l.strip().startsWith("#") && !l.strip().toLowerCase(java.util.Locale.ROOT)
            .startsWith("rem ") && !l.contains("echo")).forEach(l -> {
              for (Matcher m = JVM_OPTION.matcher(l); m.find(); ) {
                // the shell's quoting goes: catalina.sh writes -Dcatalina.home="\"$CATALINA_HOME\""
                found.add(m.group(1).replaceAll("[\"'\\\\]", ""));
              }
            });
        if (!found.isEmpty()) {
          literal.put(script, List.copyOf(found));
        }
      }
    }
    return new StartScripts(List.copyOf(jars), List.copyOf(words), options, Set.copyOf(dirs),
        Optional.ofNullable(module), literal, Set.copyOf(run));
  }

  /**
   * The JVM options in a script's value, when it is Gradle's shape: each option in double quotes
   * ({@code "-Xmx64m" "-Dmode=prod" "-Dhome=$APP_HOME"}, variables left to the caller); else empty, and the user
   * reads the value.
   */
  static Optional<List<String>> options(String value) {
    List<String> out = new ArrayList<>();
    for (Matcher m = QUOTED.matcher(value); m.find(); ) {
      out.add(m.group(1));
    }
    String again = String.join(" ", out.stream().map(o -> "\"" + o + "\"").toList());
    return !out.isEmpty() && again.equals(value) ? Optional.of(out) : Optional.empty();
  }

  /**
   * The value a shell assignment's right-hand side gives, its quotes taken away as the shell takes them, with
   * {@code $APP_HOME} and other expansions left as written: Gradle's {@code '"-Xmx64m" "-Dmode=prod"'}, and the
   * splice that the usual answer to "APP_HOME in applicationDefaultJvmArgs" writes into the script,
   * {@code '"-Djava.library.path='"$APP_HOME"'/lib"'}. The text as it is when it runs a command or its quotes do
   * not close.
   */
  static String assigned(String rhs) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < rhs.length()) {
      char c = rhs.charAt(i);
      if (c == '\'') {
        int end = rhs.indexOf('\'', i + 1);
        if (end < 0) {
          return rhs;
        }
        out.append(rhs, i + 1, end);
        i = end + 1;
      } else if (c == '"') {
        int j = i + 1;
        for (; j < rhs.length() && rhs.charAt(j) != '"'; j++) {
          char d = rhs.charAt(j);
          if (d == '`' || d == '$' && j + 1 < rhs.length() && rhs.charAt(j + 1) == '(') {
            return rhs;
          }
          // inside double quotes a backslash escapes only these
          if (d == '\\' && j + 1 < rhs.length() && "$`\"\\".indexOf(rhs.charAt(j + 1)) >= 0) {
            j++;
            d = rhs.charAt(j);
          }
          out.append(d);
        }
        if (j >= rhs.length()) {
          return rhs;
        }
        i = j + 1;
      } else if (c == '\\' && i + 1 < rhs.length()) {
        out.append(rhs.charAt(i + 1));
        i += 2;
      } else if (c == '`' || c == '$' && i + 1 < rhs.length() && rhs.charAt(i + 1) == '(') {
        return rhs;
      } else if (Character.isWhitespace(c) || c == ';') {
        break; // the word ends: a comment, or the next command, follows
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
