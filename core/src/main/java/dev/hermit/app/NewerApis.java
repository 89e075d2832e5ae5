package dev.hermit.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Java a failed compile's "cannot find symbol" asks for. javac {@code --release 17} knows nothing of
 * {@code Thread.ofVirtual} and says only that it cannot find it; newer-apis.txt (beside this class, written by
 * scripts/newer-apis/generate from javac's own view of each release) names the API of the java.* modules that Java 21
 * and 25 added to 17's, each with the release that has it final, or only as a preview.
 */
final class NewerApis {
  /** An API the sources use: in Java {@code java}, and there only as a preview feature when {@code preview}. */
  record Need(String api, int java, boolean preview) {
    /** "java.lang.Thread.ofVirtual is in Java 21: build with --java 21". */
    String hint() {
      return api + (preview ? " is a preview API in Java " + java + ": build with --java " + java
          + " -J--enable-preview" : " is in Java " + java + ": build with --java " + java);
    }
  }

  private static final String TABLE = "newer-apis.txt";
  private static Map<String, String> since;
  /** Top-level types by simple name, for a name the sources use unqualified (an on-demand import, java.lang). */
  private static Map<String, String> bySimpleName;

  // "cannot find symbol (symbol: method ofVirtual(); location: class java.lang.Thread)", as JavaSources.oneLine
  // writes javac's diagnostic
  private static final Pattern NOT_FOUND = Pattern.compile(
      "cannot find symbol \\(symbol: +(class|interface|enum|record|variable|method|static) +([\\w$]+)[^;]*; "
          + "location: +(?:(class|interface|enum|record|@interface|package) +([\\w$.]+)|variable \\S+ of type "
          + "([\\w$.]+))");
  private static final Pattern NO_PACKAGE = Pattern.compile("package ([\\w.]+) does not exist");

  private NewerApis() {}

  /** The newest Java that the errors' unresolved names ask for beyond {@code release} (a preview above a final). */
  static Optional<Need> needed(List<String> errors, int release) {
    return errors.stream().map(NewerApis::of).flatMap(Optional::stream).filter(n -> n.java() > release)
        .max(Comparator.comparingInt(Need::java).thenComparing(Need::preview));
  }

  /** What one of javac's errors (one line, as JavaSources writes them) asks for, if a newer JDK's API. */
  static Optional<Need> of(String error) {
    Matcher p = NO_PACKAGE.matcher(error);
    if (p.find()) {
      return lookup("package " + p.group(1), "package " + p.group(1));
    }
    Matcher m = NOT_FOUND.matcher(error);
    if (!m.find()) {
      return Optional.empty();
    }
    String kind = m.group(1);
    String name = m.group(2);
    String where = m.group(4) != null ? m.group(4) : m.group(5); // a type or a package; generics are cut off
    boolean inJdk = where.startsWith("java.") || where.startsWith("javax.");
    boolean member = kind.equals("method") || kind.equals("static") || kind.equals("variable");
    if (inJdk && member) {
      Optional<Need> field = lookup(where + "#" + name, where + "." + name);
      if (field.isPresent() || !kind.equals("variable")) {
        return field;
      }
    }
    if (inJdk) { // a nested type (Thread.Builder), or a type of an imported package (java.util.concurrent)
      return lookup(where + "." + name, where + "." + name);
    }
    if (kind.equals("method") || kind.equals("static")) {
      return Optional.empty(); // the sources' own method
    }
    // A name used unqualified: a type of java.lang or of an on-demand import (`IO.println` is "variable IO")
    String type = table(true).get(name);
    return type == null ? Optional.empty() : lookup(type, type);
  }

  private static Optional<Need> lookup(String key, String api) {
    String release = table(false).get(key);
    if (release == null) {
      return Optional.empty();
    }
    boolean preview = release.endsWith(" preview");
    return Optional.of(new Need(api, Integer.parseInt(preview ? release.substring(0, release.indexOf(' ')) : release),
        preview));
  }

  private static synchronized Map<String, String> table(boolean simpleNames) {
    if (since == null) {
      Map<String, String> all = new HashMap<>();
      Map<String, String> simple = new HashMap<>();
      try (InputStream in = NewerApis.class.getResourceAsStream(TABLE)) {
        if (in == null) {
          throw new IllegalStateException(TABLE + " is missing from hermit's jar");
        }
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null; ) {
          int space = line.indexOf(' ', line.startsWith("package ") ? "package ".length() : 0);
          String name = line.substring(0, space);
          all.put(name, line.substring(space + 1));
          if (!name.startsWith("package ") && name.indexOf('#') < 0) {
            String[] parts = name.split("\\.");
            String last = parts[parts.length - 1];
            // top-level: the segment before is the package's (lower case); the same name in two packages is not
            // guessed, but java.lang's wins, as javac resolves it without an import
            if (parts.length > 1 && Character.isLowerCase(parts[parts.length - 2].charAt(0))) {
              simple.merge(last, name, (a, b) -> a.startsWith("java.lang.") && a.lastIndexOf('.') == 9 ? a
                  : b.startsWith("java.lang.") && b.lastIndexOf('.') == 9 ? b : "");
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      simple.values().removeIf(String::isEmpty);
      since = all;
      bySimpleName = simple;
    }
    return simpleNames ? bySimpleName : since;
  }
}
