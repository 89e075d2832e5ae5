package dev.example.multi.app;

import dev.example.multi.lib.Greeting;

public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println(Greeting.of(args.length > 0 ? args[0] : "world"));
  }
}
