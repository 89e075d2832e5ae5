package app;

public class Versioned {
  public static String which() {
    return "java 17";
  }
}
