package dev.hermit.app;

import dev.hermit.jdk.Jdk;
import dev.hermit.jdk.JdkClasses;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The system modules {@code java} resolves for an app on the class path, read from a JDK's module declarations as
 * its boot layer resolves them (resolveAndBind): the default roots (each module that exports a package to everyone,
 * but those marked not to be resolved by default, the incubator modules), what they require, transitively, and the
 * providers of the services that resolved modules use. A module outside it (jdk.internal.vm.ci, which nothing
 * resolved requires) is not in java's boot layer unless --add-modules names it.
 */
final class DefaultResolution {
  private DefaultResolution() {}

  static Set<String> of(Jdk jdk, Set<String> modules) {
    Map<String, ModuleInfo.Declaration> declared = new HashMap<>();
    JdkClasses.moduleInfos(jdk, modules).forEach((m, info) -> {
      ModuleInfo.Declaration d = ModuleInfo.declaration(info);
      if (d != null) {
        declared.put(m, d);
      }
    });
    return of(declared);
  }

  /** The resolution over these declarations, by module name. */
  static Set<String> of(Map<String, ModuleInfo.Declaration> declared) {
    Set<String> resolved = new TreeSet<>();
    Deque<String> queue = new ArrayDeque<>();
    declared.forEach((m, d) -> {
      if (d.exportsToAll() && !d.notResolvedByDefault()) {
        queue.add(m);
      }
    });
    boolean grew = true;
    while (grew) {
      while (!queue.isEmpty()) {
        String m = queue.poll();
        ModuleInfo.Declaration d = declared.get(m);
        if (d != null && resolved.add(m)) {
          queue.addAll(d.requires());
        }
      }
      // binding: the providers of every service a resolved module uses, and what they require in turn
      Set<String> used = new TreeSet<>();
      resolved.forEach(m -> used.addAll(declared.get(m).uses()));
      declared.forEach((m, d) -> {
        if (!resolved.contains(m) && d.provides().stream().anyMatch(used::contains)) {
          queue.add(m);
        }
      });
      grew = !queue.isEmpty();
    }
    return resolved;
  }
}
