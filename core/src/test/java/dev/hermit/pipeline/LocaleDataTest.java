package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.InputException;
import dev.hermit.Setting;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocaleDataTest {
  @Test
  void tagsAndPatternsGoToJlinkAsGivenWithLangStyleUnderscoresMadeHyphens() {
    LocaleData l = LocaleData.of(List.of("de_DE", " fr-CA", "*-IN", "de_DE"));
    assertTrue(l.requested());
    assertEquals(List.of("de-DE", "fr-CA", "*-IN"), l.forJlink());
  }

  @Test
  void allKeepsEveryLocaleAndNothingMeansAnalysisDecides() {
    LocaleData all = LocaleData.of(List.of("all"));
    assertTrue(all.requested(), "all still brings jdk.localedata");
    assertEquals(List.of(), all.forJlink());
    assertFalse(LocaleData.of(List.of()).requested());
    assertFalse(LocaleData.of(List.of(" ", "")).requested());
  }

  /**
   * A Locale constant the app names (Locale.JAPANESE) that --locales leaves out formats as the root locale ("Reiwa 6"
   * where java prints "令和 6"), and the build said nothing: what no pattern's language covers is named.
   */
  @Test
  void localeConstantsTheAppNamesThatNoPatternCoversAreNamed() {
    java.util.Map<String, String> named = java.util.Map.of("JAPANESE", "ja", "GERMANY", "de", "KOREA", "ko");
    assertEquals(List.of("Locale.JAPANESE", "Locale.KOREA"),
        LocaleData.of(List.of("de")).uncovered(new java.util.TreeMap<>(named)));
    assertEquals(List.of("Locale.KOREA"), LocaleData.of(List.of("de-AT", "ja-JP")).uncovered(new java.util.TreeMap<>(named)));
    assertEquals(List.of("Locale.JAPANESE", "Locale.KOREA"),
        LocaleData.of(List.of("*-IN", "de")).uncovered(new java.util.TreeMap<>(named)), "India's locales are not these");
    assertEquals(List.of(), LocaleData.of(List.of("*")).uncovered(named));
    assertEquals(List.of(), LocaleData.of(List.of("all")).uncovered(named));
    assertEquals(List.of(), LocaleData.of(List.of()).uncovered(named), "analysis decides: all of it");
    assertEquals(java.util.Optional.of("the app's classes name Locale.JAPANESE, Locale.KOREA, which --locales de "
        + "does not cover: the output formats them as the root locale (in English), where java formats them in their "
        + "language; add ja,ko to --locales"), LocaleData.of(List.of("de")).uncoveredWarning(new java.util.TreeMap<>(named)));
  }

  @Test
  void aMalformedTagOrAllWithOthersIsRefusedNamingTheOption() {
    for (List<String> bad : List.of(List.of("de.UTF-8"), List.of("d"), List.of("all", "de"), List.of("fr/CA"))) {
      InputException e = assertThrows(InputException.class, () -> LocaleData.of(bad), bad.toString());
      assertEquals(Setting.LOCALES, e.setting().orElseThrow(), bad.toString());
    }
  }
}
