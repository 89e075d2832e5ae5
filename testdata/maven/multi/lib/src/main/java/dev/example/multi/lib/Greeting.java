package dev.example.multi.lib;

/** Lives in a sibling module: the app finds it only if hermit:build takes the reactor's jar of this module. */
public final class Greeting {
  private Greeting() {}

  public static String of(String who) {
    return System.getProperty("greeting", "Hello") + ", " + who + " (from lib)";
  }
}
