package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hermit.app.AppInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime keeps libjvm.so's static symbols for an app that carries async-profiler in any shape: its API, its
 * jar, or its library bundled by a profiler agent under the agent's own names (Pyroscope's, Elastic APM's), also
 * when the agent is attached at run time (--modules-for).
 */
class SymbolReadersTest {
  @TempDir Path dir;

  Path jar(String name, String... entries) throws IOException {
    Path jar = dir.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String e : entries) {
        out.putNextEntry(new JarEntry(e));
        out.write(1);
      }
    }
    return jar;
  }

  AppInput app(Path jar) {
    return new AppInput("a", "a.Main", "app/a.jar", List.of(), Map.of(jar, "app/a.jar"), List.of(jar), Map.of());
  }

  @Test
  void aProfilerAgentsBundledLibraryKeepsTheSymbols() throws IOException {
    Path service = jar("svc.jar", "a/Main.class", "lib/libsqlite.so");
    assertEquals(Optional.empty(), StripSymbols.readerIn(app(service), List.of()));
    Path pyroscope = jar("agent-0.14.0.jar", "io/pyroscope/javaagent/PyroscopeAgent.class",
        "libasyncProfiler-linux-x64.so");
    Path elastic = jar("elastic-apm-agent-1.52.0.jar", "agent/asyncprofiler/libasyncProfiler-linux-x64.so");
    Path api = jar("app.jar", "one/profiler/AsyncProfiler.class");
    for (Path p : List.of(pyroscope, elastic, api)) {
      assertEquals(Optional.of("async-profiler"), StripSymbols.readerIn(app(p), List.of()), p.toString());
    }
    assertEquals(Optional.of("async-profiler"), StripSymbols.readerIn(app(service), List.of(pyroscope)),
        "an agent attached at run time (--modules-for)");
  }
}
