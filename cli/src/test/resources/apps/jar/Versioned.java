package app;

/** The base version; the multi-release jar carries a Java 17 version of this class that the runtime must pick. */
public class Versioned {
  public static String which() {
    return "base";
  }
}
