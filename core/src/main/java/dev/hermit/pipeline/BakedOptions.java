package dev.hermit.pipeline;

import java.util.ArrayList;
import java.util.List;

/** JVM options hermit bakes in for the app (search paths, architecture overrides): the app's own always win. */
final class BakedOptions {
  private BakedOptions() {}

  /** Whether the app's options already set the property ({@code "-Dname="}). */
  static boolean sets(List<String> options, String property) {
    return options.stream().anyMatch(o -> o.startsWith(property));
  }

  /** {@code option} in front of the app's options, where the app's own, coming later, override it. */
  static List<String> prepend(String option, List<String> options) {
    List<String> all = new ArrayList<>(options.size() + 1);
    all.add(option);
    all.addAll(options);
    return all;
  }
}
