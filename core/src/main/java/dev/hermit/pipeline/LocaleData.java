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

  /** The patterns for jlink's --include-locales; empty when all of jdk.localedata stays (or none is asked for). */
  List<String> forJlink() {
    return patterns.equals(List.of("all")) ? List.of() : patterns;
  }
}
