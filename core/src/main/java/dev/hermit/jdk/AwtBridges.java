package dev.hermit.jdk;

/**
 * Library classes whose references into AWT and Swing (java.desktop, java.datatransfer) are reached only through
 * AWT objects their caller hands them, so they are no sign that the app needs those modules: JNA's
 * {@code Native.getComponentID(Component)} and its {@code Native$AWT} helper, jna-platform's window and drag-and-drop
 * utilities. An app that calls them holds a {@code Component} or gets a {@code Rectangle} back, which its own class
 * files name, and so gets java.desktop from its own references. Without this every JNA app carried java.desktop
 * and its X11, font and image libraries: about 12 MB (pty4j 18.1 against 30.3 MB), with nothing of it loaded.
 * Module analysis and the link check both leave these references out.
 */
public final class AwtBridges {
  private AwtBridges() {}

  /** Whether {@code from}'s reference to {@code to} (internal names) is a bridge's reference into AWT or Swing. */
  public static boolean skips(String from, String to) {
    return (to.startsWith("java/awt/") || to.startsWith("javax/swing/")) && isBridge(from);
  }

  private static boolean isBridge(String cls) {
    return cls.equals("com/sun/jna/Native") || cls.startsWith("com/sun/jna/Native$")
        || cls.startsWith("com/sun/jna/platform/");
  }
}
