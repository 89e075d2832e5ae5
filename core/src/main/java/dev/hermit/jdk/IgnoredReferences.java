package dev.hermit.jdk;

/**
 * What some library classes name that is no sign the app needs a JDK module. Their references into java.desktop
 * (and java.datatransfer):
 * <ul>
 *   <li>JNA's {@code Native.getComponentID(Component)}, its {@code Native$AWT} helper and jna-platform's window and
 *       drag-and-drop utilities, reached only through AWT objects the caller hands them: an app that calls them
 *       holds a {@code Component} or gets a {@code Rectangle} back, which its own class files name;
 *   <li>Jackson's support for {@code java.beans.ConstructorProperties} and {@code java.beans.Transient}
 *       ({@code Java7SupportImpl}, {@code JavaBeansAnnotationsImpl}), which Jackson loads by name and does without
 *       when java.beans is absent: a class carrying those annotations names them itself.
 * </ul>
 * And the strings of Jackson's {@code SubTypeValidator}: the classes it refuses to deserialize (deserialization
 * gadgets: {@code javax.swing.JEditorPane}, {@code com.sun.rowset.JdbcRowSetImpl}, ...), a list of what must never
 * be loaded. Without this every JNA or Jackson app carried java.desktop and its X11, font and image libraries,
 * about 12 MB (pty4j 18.1 against 30.3 MB), none of it loaded. Module analysis and the link check leave these out.
 */
public final class IgnoredReferences {
  private IgnoredReferences() {}

  /** Whether {@code from}'s reference to {@code to} (internal names) is a bridge's reference into java.desktop. */
  public static boolean reference(String from, String to) {
    if (to.startsWith("java/awt/") || to.startsWith("javax/swing/")) {
      return from.equals("com/sun/jna/Native") || from.startsWith("com/sun/jna/Native$")
          || from.startsWith("com/sun/jna/platform/");
    }
    return to.startsWith("java/beans/") && (from.equals("com/fasterxml/jackson/databind/ext/Java7SupportImpl")
        || from.endsWith("/databind/ext/beans/JavaBeansAnnotationsImpl")
        && (from.startsWith("com/fasterxml/jackson/") || from.startsWith("tools/jackson/")));
  }

  /** Whether the string constants of class {@code cls} (internal name) are a list of classes never to load. */
  public static boolean strings(String cls) {
    return cls.endsWith("/databind/jsontype/impl/SubTypeValidator")
        && (cls.startsWith("com/fasterxml/jackson/") || cls.startsWith("tools/jackson/"));
  }
}
