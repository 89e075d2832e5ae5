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

  @Test
  void aMalformedTagOrAllWithOthersIsRefusedNamingTheOption() {
    for (List<String> bad : List.of(List.of("de.UTF-8"), List.of("d"), List.of("all", "de"), List.of("fr/CA"))) {
      InputException e = assertThrows(InputException.class, () -> LocaleData.of(bad), bad.toString());
      assertEquals(Setting.LOCALES, e.setting().orElseThrow(), bad.toString());
    }
  }
}
