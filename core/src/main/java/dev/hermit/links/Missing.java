package dev.hermit.links;

import java.util.List;
import java.util.SortedSet;

/**
 * One reference from the app's classes into the JDK that the linked runtime cannot resolve.
 *
 * @param owner the class, internal name ({@code java/util/List})
 * @param member null for the class itself; else {@code name(descriptor)returns} for a method, {@code name:descriptor}
 *     for a field, as in the constant pool
 * @param module the JDK module that has the class while the runtime lacks it (a module-analysis miss); null when
 *     the class or member is missing from the JDK altogether (a newer JDK's API)
 * @param from the referencing app classes (internal names), sorted
 * @param firstJava the lowest newer Java feature version whose JDK hermit had at hand and found it in; 0 when
 *     none was looked in or none has it
 */
public record Missing(String owner, String member, String module, SortedSet<String> from, int firstJava) {
  public Missing {
    from = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(from));
  }

  public Missing(String owner, String member, String module, SortedSet<String> from) {
    this(owner, member, module, from, 0);
  }

  Missing since(int java) {
    return new Missing(owner, member, module, from, java);
  }

  /** Whether the member is a field ({@code name:descriptor}); false for a method or the class itself. */
  boolean isField() {
    if (member == null) {
      return false;
    }
    int colon = member.indexOf(':');
    int paren = member.indexOf('(');
    return paren < 0 || colon >= 0 && colon < paren;
  }

  /** {@link #describe()}, with the first Java version known to have it. */
  public String describeWithVersion() {
    return describe() + (firstJava > 0 ? " (in Java " + firstJava + ")" : "");
  }

  /** The JDK package, dotted. */
  public String packageName() {
    return RuntimeIndex.packageOf(owner).replace('/', '.');
  }

  /** How a reader writes it: {@code java.util.List.reversed()}, {@code java.lang.Thread.ofVirtual()}, a class name. */
  public String describe() {
    String cls = owner.replace('/', '.');
    if (member == null) {
      return "class " + cls;
    }
    int colon = member.indexOf(':');
    int paren = member.indexOf('(');
    if (isField()) {
      return "field " + cls + "." + member.substring(0, colon) + " : " + Descriptors.javaName(member.substring(colon + 1));
    }
    int close = member.indexOf(')');
    List<String> params = Descriptors.parameters(member.substring(paren, close + 1));
    return "method " + cls + "." + member.substring(0, paren) + "(" + String.join(", ", params) + ") : "
        + Descriptors.javaName(member.substring(close + 1));
  }
}
