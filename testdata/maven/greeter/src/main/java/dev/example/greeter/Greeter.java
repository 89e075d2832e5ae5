package dev.example.greeter;

import org.apache.commons.lang3.StringUtils;

/** Greets, through a dependency, and shows the JVM option the build baked in. */
public final class Greeter {
  public static void main(String[] args) {
    String who = args.length > 0 ? String.join(" ", args) : "world";
    long maxMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
    System.out.println(StringUtils.capitalize("hello, " + who + "!") + " (max heap " + (maxMb <= 64 ? "<= 64" : "> 64")
        + " MB)");
  }
}
