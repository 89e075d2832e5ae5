package dev.hermit.maven;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * hermit's messages name the CLI's options ("give --java 21", "--cacerts FILE ships that store"); a Maven user sets
 * the plugin's elements instead: each option of hermit's own is written as its element, with its value when the
 * message gives one ({@code --java 21} as {@code <java>21</java>}). The JVM's options (--add-opens) stay as they are.
 */
final class MavenSpelling {
  private MavenSpelling() {}

  private static final Map<String, String> ELEMENTS = Map.ofEntries(Map.entry("java", "java"),
      Map.entry("bundle-library", "bundleLibraries"), Map.entry("add-modules", "addModules"),
      Map.entry("locales", "locales"), Map.entry("main", "mainClass"), Map.entry("cds", "cds"),
      Map.entry("modules-for", "modulesFor"), Map.entry("native", "native"), Map.entry("jdk", "jdk"),
      Map.entry("libc", "libc"), Map.entry("allow-missing", "allowMissing"), Map.entry("sysroot", "sysroot"),
      Map.entry("target", "target"), Map.entry("pack", "pack"), Map.entry("cacerts", "cacerts"),
      Map.entry("strict-links", "strictLinks"), Map.entry("offline", "offline"));

  /**
   * An option and what may be its value: after '=' always; after a space only when it looks like one (a number,
   * a path, a class, module or library name, a list) or is a mode's word, not a word of the sentence ("--java
   * (or HERMIT_JAVA)", "the --target and --java options").
   */
  private static final Pattern OPTION = Pattern.compile(
      "(?<![\\w-])--(" + String.join("|", ELEMENTS.keySet().stream().sorted((a, b) -> b.length() - a.length())
          .toList()) + ")(?![\\w-])(?:([ =])([\\w./,*${}:+-]*[\\w/*}]))?");
  private static final Pattern VALUE_LIKE = Pattern.compile(".*[0-9./$,*{].*|none|all|auto|fast|small|off|build"
      + "|system|bundled");

  static String of(String message) {
    Matcher m = OPTION.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String element = ELEMENTS.get(m.group(1));
      String value = m.group(3) != null && (m.group(2).equals("=") || VALUE_LIKE.matcher(m.group(3)).matches())
          ? m.group(3) : null;
      String spelled = element.equals("offline") ? "mvn -o" : value == null ? "<" + element + ">"
          : "<" + element + ">" + value + "</" + element + ">";
      // what followed the option but was no value stays
      String rest = m.group(3) != null && value == null ? m.group(2) + m.group(3) : "";
      m.appendReplacement(out, Matcher.quoteReplacement(spelled + rest));
    }
    m.appendTail(out);
    return out.toString();
  }
}
