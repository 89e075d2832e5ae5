package dev.hermit.pipeline;

import dev.hermit.app.AppInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Libraries that choose their JNI library by the C library they think they run on, and decide that from the
 * target's file system rather than from the process: RocksDB's {@code org.rocksdb.util.Environment} takes musl
 * when {@code /lib} holds {@code libc.musl-*.so.1} or {@code ld-musl-*} (an Alpine root, where a hermit output runs
 * with its bundled glibc) and then asks for {@code librocksdbjni-linux64-musl.so}: taken out by --native=auto
 * ("null was not found inside JAR"), and one that would not load into a glibc JVM anyway. With the C library
 * bundled the answer is known at build time, so the output's environment says it (the launcher sets an ENV entry
 * only when the variable is not set already, so a user's own setting wins).
 */
final class LibcProbes {
  private LibcProbes() {}

  /**
   * A class whose presence means the app reads the variable, the name of the library's jar when it is nested in a
   * fat jar or a war (found by name, without reading it), and the variable's value for a glibc runtime.
   */
  private record Probe(String marker, Pattern nestedJar, String env) {}

  private static final List<Probe> PROBES = List.of(new Probe("org/rocksdb/util/Environment.class",
      Pattern.compile("(^|.*/)rocksdbjni(-[0-9][^/]*)?\\.jar"), "ROCKSDB_MUSL_LIBC=false"));

  /** The start with the probes' answers added to its environment, when the C library is bundled. */
  static RuntimeTree.Start add(AppInput app, RuntimeTree runtime, RuntimeTree.Start start, BuildListener listener)
      throws IOException {
    if (runtime.libraries() == null) {
      return start; // --libc=system: the target's C library is the process's, the libraries' own probe is right
    }
    List<String> env = new ArrayList<>(start.env());
    for (Probe p : PROBES) {
      if (AppContents.has(app, p.marker(), p.nestedJar())) {
        listener.detail(p.marker().replace('/', '.').replace(".class", "") + " probes the target's C library on "
            + "its file system: " + p.env() + " (the runtime's C library is the bundled glibc)");
        env.add(p.env());
      }
    }
    return env.size() == start.env().size() ? start : new RuntimeTree.Start(start.exec(), start.prefix(), env);
  }
}
