package dev.hermit.links;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The classes of one runtime (or JDK), read on demand from a {@link ClassSource} and kept for the build: a check
 * touches a few hundred to a few thousand of its classes, never all of them. Resolves fields and methods as the
 * JVM does (JVMS 5.4.3.2-4) for the question that matters here, whether the member exists at all: declared in the
 * class, in a superclass or in a superinterface.
 */
final class RuntimeIndex {
  /** The classes whose native varargs methods are signature polymorphic (JVMS 2.9.3). */
  private static final Set<String> POLYMORPHIC_OWNERS = Set.of("java/lang/invoke/MethodHandle",
      "java/lang/invoke/VarHandle");

  private final ClassSource source;
  private final Map<String, Optional<ClassInfo>> classes = new HashMap<>();

  RuntimeIndex(ClassSource source) {
    this.source = source;
  }

  /** The module of a package (slashes), or null when this runtime has no such package. */
  String moduleOf(String pkg) {
    try {
      return source.moduleOf(pkg);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A class by internal name, or null when this runtime lacks it. */
  ClassInfo find(String name) {
    Optional<ClassInfo> c = classes.get(name);
    if (c == null) {
      c = Optional.ofNullable(load(name));
      classes.put(name, c);
    }
    return c.orElse(null);
  }

  private ClassInfo load(String name) {
    String module = moduleOf(packageOf(name));
    if (module == null) {
      return null;
    }
    try {
      byte[] bytes = source.read(module, name);
      return bytes == null ? null : ClassInfo.parse(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a field or method exists in owner or a supertype (the owner must exist). */
  boolean hasMember(ClassInfo.MemberRef ref) {
    ClassInfo owner = find(ref.owner());
    if (owner == null) {
      return false;
    }
    String key = ref.key();
    Set<String> seen = new HashSet<>();
    Deque<ClassInfo> todo = new ArrayDeque<>();
    todo.add(owner);
    if (!ref.field()) {
      // An interface method ref also resolves to Object's public methods (JVMS 5.4.3.4).
      ClassInfo object = find("java/lang/Object");
      if (object != null) {
        todo.add(object);
      }
    }
    while (!todo.isEmpty()) {
      ClassInfo c = todo.poll();
      if (!seen.add(c.name())) {
        continue;
      }
      if (ref.field() ? c.fields().contains(key)
          : c.methods().contains(key) || POLYMORPHIC_OWNERS.contains(c.name()) && c.polymorphic().contains(ref.name())) {
        return true;
      }
      if (c.superName() != null) {
        add(todo, c.superName());
      }
      c.interfaces().forEach(i -> add(todo, i));
    }
    return false;
  }

  private void add(Deque<ClassInfo> todo, String name) {
    ClassInfo c = find(name);
    if (c != null) {
      todo.add(c);
    }
  }

  static String packageOf(String className) {
    int slash = className.lastIndexOf('/');
    return slash < 0 ? "" : className.substring(0, slash);
  }
}
