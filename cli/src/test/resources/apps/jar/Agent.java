package app;

import java.lang.instrument.Instrumentation;

/** Started by the JDK's launcher because the manifest names it as Launcher-Agent-Class. */
public class Agent {
  public static void agentmain(String args, Instrumentation inst) {
    System.setProperty("probe.agent", "loaded");
  }
}
