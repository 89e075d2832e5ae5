package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.jdk.Jdk;
import dev.hermit.links.LinkCheck;
import dev.hermit.links.LinkReport;
import dev.hermit.links.Missing;
import java.io.IOException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link check over real jars from Maven Central (testdata/apps/links-corpus: 14 tools and libraries and their
 * dependencies), each against the whole JDK running the test. What it reports is printed, so a reviewer sees the
 * noise level, and each report is checked against reflection, an independent resolver: a reported class must not
 * load, a reported member must not exist on the class or its supertypes. Under the default the check only warns.
 */
class LinkCorpusIT {
  @TempDir Path dir;

  @Test
  void everyReportedReferenceIsReallyMissingFromTheJdk() throws IOException {
    Path lib = dir.resolve("lib");
    Proc fetch = Hermit.fetchJars("apps/links-corpus/pom.xml", lib, dir);
    assertEquals(0, fetch.code(), "fetching the corpus: " + fetch);
    List<Path> jars;
    try (Stream<Path> s = Files.list(lib)) {
      jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
    assertTrue(jars.size() >= 40, "the corpus is 14 artifacts and their dependencies: " + jars);

    Jdk jdk = Jdk.running();
    int total = 0;
    long start = System.nanoTime();
    List<String> log = new ArrayList<>();
    for (Path jar : jars) {
      LinkReport r = LinkCheck.run(List.of(jar), jdk, jdk.home());
      total += r.missing().size();
      log.add(String.format("links corpus: %-50s %5d classes, %3d missing from Java %d%s", jar.getFileName(),
          r.classesChecked(), r.missing().size(), r.feature(), r.isEmpty() ? "" : ": " + r.headline()));
      r.details().forEach(d -> log.add("links corpus:     " + d));
      for (Missing m : r.missing()) {
        assertTrue(m.module() == null, "the whole JDK is linked, yet " + m + " is in a module it lacks");
        assertReallyMissing(m);
      }
    }
    log.forEach(System.out::println);
    System.out.printf("links corpus: %d jars, %d references missing from Java %d, checked in %.1f s%n", jars.size(),
        total, jdk.featureVersion(), (System.nanoTime() - start) / 1e9);
  }

  /** Reflection's view, through the platform loader (it sees every JDK module, exported or not). */
  static void assertReallyMissing(Missing m) {
    String name = m.owner().replace('/', '.');
    ClassLoader jdk = ClassLoader.getPlatformClassLoader();
    if (m.member() == null) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(name, false, jdk), m + " loads");
      return;
    }
    Class<?> owner;
    try {
      owner = Class.forName(name, false, jdk);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("a member of a missing class was reported instead of the class: " + m);
    }
    Set<String> members = new HashSet<>();
    Deque<Class<?>> todo = new ArrayDeque<>(List.of(owner, Object.class));
    while (!todo.isEmpty()) {
      Class<?> c = todo.poll();
      for (Field f : c.getDeclaredFields()) {
        members.add(f.getName() + ":" + f.getType().descriptorString());
      }
      for (Method x : c.getDeclaredMethods()) {
        members.add(x.getName() + descriptor(x, x.getReturnType()));
      }
      for (Executable x : c.getDeclaredConstructors()) {
        members.add("<init>" + descriptor(x, void.class));
      }
      if (c.getSuperclass() != null) {
        todo.add(c.getSuperclass());
      }
      todo.addAll(List.of(c.getInterfaces()));
    }
    assertTrue(!members.contains(m.member()), m + " exists according to reflection");
  }

  static String descriptor(Executable x, Class<?> returns) {
    return MethodType.methodType(returns, x.getParameterTypes()).toMethodDescriptorString();
  }
}
