package dev.hermit.pipeline;

import dev.hermit.InputException;
import dev.hermit.Setting;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code --locales}: which locales' formats (numbers, dates, names of months and currencies) the runtime carries
 * beyond English. java.base holds English and the root locale only; the rest is jdk.localedata, 4.4 MB of a
 * payload, which jlink's {@code --include-locales} cuts to the languages named (about 0.1 MB for one: hello with --locales de, 14.6 against 14.5 MB). An app that
 * picks its locale at run time (Locale.forLanguageTag, an Accept-Language header) otherwise gets all of it
 * (docs/MODULES.md).
 */
record LocaleData(List<String> patterns) {
  static final String MODULE = "jdk.localedata";
  /** What jlink's include-locales plugin takes: a language tag, where any subtag may be {@code *}. */
  private static final Pattern TAG = Pattern.compile("(\\*|[A-Za-z]{2,8})(-(\\*|[A-Za-z0-9]{1,8}))*");

  /** From the request: empty (analysis decides), {@code all}, or tags; a malformed one names itself. */
  static LocaleData of(List<String> requested) {
    // de_DE as LANG spells it is de-DE to jlink
    List<String> tags = requested.stream().map(t -> t.strip().replace('_', '-')).filter(t -> !t.isEmpty())
        .distinct().toList();
    if (tags.contains("all")) {
      if (tags.size() > 1) {
        throw new InputException("'all' cannot be combined with other locales: " + String.join(",", tags),
            Setting.LOCALES, String.join(",", tags));
      }
      return new LocaleData(tags);
    }
    for (String t : tags) {
      if (!TAG.matcher(t).matches()) {
        throw new InputException("'" + t + "' is not a locale: give language tags such as de, fr-CA or *-IN, or all",
            Setting.LOCALES, t);
      }
    }
    return new LocaleData(tags);
  }

  boolean requested() {
    return !patterns.isEmpty();
  }

  /**
   * The Locale constants the app's classes name ({@code JAPANESE=ja}) whose language no pattern covers (a pattern
   * covers the language its first subtag names, {@code ja} or {@code ja-JP}; {@code *} covers all): they format as
   * the root locale in the output ("Reiwa 6" for Japanese eras), where java formats them in their language.
   */
  List<String> uncovered(java.util.Map<String, String> named) {
    if (!requested() || patterns.equals(List.of("all"))) {
      return List.of();
    }
    List<String> out = new java.util.ArrayList<>();
    named.forEach((constant, language) -> {
      boolean covered = patterns.stream().anyMatch(p -> p.equals("*")
          || p.split("-")[0].toLowerCase(java.util.Locale.ROOT).equals(language));
      if (!covered) {
        out.add("Locale." + constant);
      }
    });
    return out;
  }

  /** The warning for the Locale constants the app names that no pattern covers ({@link #uncovered}), if any. */
  java.util.Optional<String> uncoveredWarning(java.util.Map<String, String> named) {
    List<String> uncovered = uncovered(named);
    if (uncovered.isEmpty()) {
      return java.util.Optional.empty();
    }
    boolean one = uncovered.size() == 1;
    List<String> languages = uncovered.stream().map(c -> named.get(c.substring("Locale.".length()))).distinct()
        .toList();
    return java.util.Optional.of("the app's classes name " + String.join(", ", uncovered) + ", which --locales "
        + String.join(",", patterns) + " does not cover: the output formats " + (one ? "it" : "them")
        + " as the root locale (in English), where java formats " + (one ? "it" : "them") + " in "
        + (one ? "its" : "their") + " language; add " + String.join(",", languages) + " to --locales");
  }

  /** The patterns for jlink's --include-locales; empty when all of jdk.localedata stays (or none is asked for). */
  List<String> forJlink() {
    return patterns.equals(List.of("all")) ? List.of() : patterns;
  }
}
