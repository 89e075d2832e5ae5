package dev.hermit.links;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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
  private final Map<String, String> module = new HashMap<>();

  RuntimeIndex(ClassSource source) {
    this.source = source;
  }

  /** The modules that have a package (slashes) or a subpackage of it; empty when none has. */
  List<String> modulesOf(String pkg) {
    try {
      return source.modulesOf(pkg);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The module a class is in, or null when this runtime lacks the class. */
  String moduleOfClass(String name) {
    ClassInfo c = find(name);
    return c == null ? null : module.get(name);
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
    try {
      for (String m : modulesOf(packageOf(name))) {
        byte[] bytes = source.read(m, name);
        if (bytes != null) {
          module.put(name, m);
          return ClassInfo.parse(bytes);
        }
      }
      return null;
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
