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
 * @param notRoots modules the app uses (names a class of, or opens with an option) that java would not resolve in
 *     the runtime by itself (they export to named modules only: jdk.internal.jvmstat, which the full JDK resolves
 *     for jdk.attach): the runtime must name them with {@code --add-modules}, else "Unknown module" at every start
 *     and ClassNotFoundException for their classes, as under no full JDK
 * @param hostJni JNI libraries of this machine's JNI directories (Debian keeps snappy-java's, jffi's and JNA's in
 *     /usr/lib/x86_64-linux-gnu/jni, outside their jars) whose load names the app's strings hold
 */
public record ModuleDecision(SortedSet<String> modules, List<String> reasons, boolean usesTls, boolean launcher,
    List<String> warnings, java.util.Map<String, String> namedLocales, List<String> notRoots,
    java.util.Map<String, java.nio.file.Path> hostJni) {
  public ModuleDecision {
    notRoots = List.copyOf(notRoots);
    hostJni = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(hostJni));
    modules = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(modules));
    reasons = List.copyOf(reasons);
    warnings = List.copyOf(warnings);
    namedLocales = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(namedLocales));
  }
}
