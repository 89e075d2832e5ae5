package dev.hermit.app;

import java.util.List;
import java.util.SortedSet;

/** The JDK modules a runtime gets, and why: every rule that added or chose something says so. */
public record ModuleDecision(SortedSet<String> modules, List<String> reasons) {
  public ModuleDecision {
    modules = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(modules));
    reasons = List.copyOf(reasons);
  }
}
