package dev.hermit.pipeline;

import dev.hermit.app.ModuleDecision;
import dev.hermit.platform.Target;
import java.nio.file.Path;

/** What a build wrote. {@code sizes}: where the bytes go (the payload tree by part). */
public record BuildResult(Path output, long size, Target target, ModuleDecision modules, String payloadSha256,
    SizeReport sizes) {

  /**
   * The line a front end prints under the size table when the runtime carries jdk.localedata whole and the user
   * named no locales: it is the largest module most web apps get (through Locale.forLanguageTag), and the one a
   * user can trim knowing their audience. {@code option} is how that front end spells the setting with an example.
   */
  public java.util.Optional<String> localeHint(java.util.List<String> requestedLocales, String option) {
    if (!requestedLocales.isEmpty() || !modules.modules().contains(LocaleData.MODULE)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of("jdk.localedata carries every locale's formats (about 4.4 MB packed); " + option
        + " keeps only those named");
  }
}
