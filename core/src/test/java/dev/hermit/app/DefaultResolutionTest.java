package dev.hermit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.jdk.Jdk;
import dev.hermit.jdk.JdkClasses;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** java's boot layer for a class-path app, computed from module declarations, against java's own account of it. */
class DefaultResolutionTest {
  /** The running JDK's java says which modules it resolves (--show-module-resolution): the same set. */
  @Test
  void agreesWithJavasOwnResolution() throws Exception {
    assertAgrees(Jdk.running());
  }

  /** A newer JDK without jmods (Temurin's), read through its image's file system: the same set as its java's. */
  @Test
  void agreesForAJdkWithoutJmods() throws Exception {
    Jdk newer = dev.hermit.links.LinkCheckTest.newerInstalledJdk();
    org.junit.jupiter.api.Assumptions.assumeTrue(newer != null && !newer.hasJmods(),
        "SKIPPED LOUDLY: no newer JDK without jmods under /usr/lib/jvm");
    assertAgrees(newer);
  }

  private static void assertAgrees(Jdk jdk) throws Exception {
    Process p = new ProcessBuilder(jdk.home().resolve("bin/java").toString(),
        "--show-module-resolution", "-version").redirectErrorStream(true).start();
    Set<String> java = new TreeSet<>();
    for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 3 && f[0].equals("root")) {
        java.add(f[1]);
      } else if (f.length >= 3 && (f[1].equals("requires") || f[1].equals("binds"))) {
        java.add(f[2]);
      }
    }
    assertEquals(0, p.waitFor());
    assertTrue(java.contains("java.base") && java.size() > 20, java.toString());
    Set<String> ours = DefaultResolution.of(jdk, JdkClasses.of(jdk).modules());
    assertEquals(java, ours);
  }

  private static ModuleInfo.Declaration module(String name, List<String> requires, boolean toAll, List<String> uses,
      List<String> provides, boolean notByDefault) {
    return new ModuleInfo.Declaration(name, requires, toAll, uses, provides, notByDefault);
  }

  /** Roots, requires, binding, and what stays out: the rules one by one. */
  @Test
  void rootsRequiresAndBindings() {
    Map<String, ModuleInfo.Declaration> d = Map.of(
        "a", module("a", List.of("internal"), true, List.of("a/Spi"), List.of(), false),
        "internal", module("internal", List.of(), false, List.of(), List.of(), false),
        "provider", module("provider", List.of("deep"), false, List.of(), List.of("a/Spi"), false),
        "deep", module("deep", List.of(), false, List.of(), List.of(), false),
        "alone", module("alone", List.of(), false, List.of(), List.of(), false),
        "incubating", module("incubating", List.of(), true, List.of(), List.of(), true));
    Set<String> resolved = DefaultResolution.of(d);
    assertEquals(Set.of("a", "internal", "provider", "deep"), resolved);
    assertFalse(resolved.contains("alone"), "exports to no one, required by no one");
  }
}
