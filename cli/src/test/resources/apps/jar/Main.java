package app;

import java.lang.reflect.Field;

/** Needs what only 'java -jar' gives: Add-Opens from the manifest, a Class-Path jar, a launcher agent. */
public class Main {
  public static void main(String[] args) throws Exception {
    System.out.println("agent: " + System.getProperty("probe.agent", "not loaded"));
    System.out.println("dep: " + dep.Dep.greet());
    Field value = String.class.getDeclaredField("value");
    value.setAccessible(true); // InaccessibleObjectException unless Add-Opens: java.base/java.lang
    System.out.println("opened: " + (value.get("abc") != null));
    System.out.println("version: " + app.Versioned.which());
  }
}
