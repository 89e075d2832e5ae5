package dev.hermit.app;

import java.util.List;
import java.util.SortedSet;

/**
 * The JDK modules a runtime gets, and why: every rule that added or chose something says so.
 *
 * @param usesTls whether the app's classes use TLS (javax.net.ssl, java.net.http, https URLs); for a module set the
 *     user gave, whether it holds what TLS needs
 * @param launcher whether the app's class path is a launcher that loads the application's jars through a class
 *     loader of its own at run time (Ant's, Artemis's, Tomcat's bootstrap): jars no scan of it sees
 * @param warnings what the user should know of the choice (an incubator module the classes name, left out)
 * @param namedLocales the Locale constants the classes name beyond English, by language ({@code JAPANESE} as
 *     {@code ja}): what {@code --locales} must cover for the app to format as it asks
 * @param resolvedByOption modules linked because a JVM option opens or exports them that java would not resolve by
 *     itself (they export to named modules only: jdk.internal.jvmstat): the runtime must name them with
 *     {@code --add-modules}, else the JVM warns "Unknown module" at every start, as no full JDK does
 */
public record ModuleDecision(SortedSet<String> modules, List<String> reasons, boolean usesTls, boolean launcher,
    List<String> warnings, java.util.Map<String, String> namedLocales, List<String> resolvedByOption) {
  public ModuleDecision {
    resolvedByOption = List.copyOf(resolvedByOption);
    modules = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(modules));
    reasons = List.copyOf(reasons);
    warnings = List.copyOf(warnings);
    namedLocales = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(namedLocales));
  }
}
