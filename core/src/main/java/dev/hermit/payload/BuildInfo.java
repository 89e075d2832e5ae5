package dev.hermit.payload;

import dev.hermit.json.JsonReader;
import dev.hermit.json.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The build information a hermit executable carries (the manifest's INFO record, JSON; docs/FORMAT.md), as
 * {@code go version -m} shows Go's: written by the build, read by inspect and by the image writer. Fields that
 * older hermits did not write are empty; keys this version does not know (written by a newer hermit) are kept in
 * {@link #other()}, in order, so inspect still shows them.
 */
public record BuildInfo(
    String hermit,
    String target,
    Runtime runtime,
    Optional<Libc> libc,
    Optional<Debian> debian,
    Optional<String> cacerts,
    String main,
    Optional<String> jar,
    List<String> jvmOptions,
    List<AppFile> app,
    String codec,
    Optional<String> cds,
    Optional<String> packing,
    Map<String, Object> other) {

  /**
   * The linked runtime: the JDK's vendor and version, its Java feature version and why it was chosen (hermit
   * 0.1 outputs before --java have neither), the modules it holds, and the locales jdk.localedata was cut to
   * ({@code --locales}; empty when it holds them all or is not there).
   */
  public record Runtime(String vendor, String version, Optional<Long> java, Optional<String> javaChosen,
      List<String> modules, List<String> locales) {
    public Runtime {
      modules = List.copyOf(modules);
      locales = List.copyOf(locales);
    }

    public Runtime(String vendor, String version, Optional<Long> java, Optional<String> javaChosen,
        List<String> modules) {
      this(vendor, version, java, javaChosen, modules, List.of());
    }
  }

  /** How the C library is provided: mode "bundled" (with the loader and libraries shipped) or "system". */
  public record Libc(String mode, Optional<String> loader, List<String> libraries) {
    public Libc {
      Objects.requireNonNull(mode, "mode");
      libraries = List.copyOf(libraries);
    }
  }

  /** The Debian packages the runtime and C library came from, for a provisioned cross build. */
  public record Debian(String suite, List<DebianPackage> packages) {
    public Debian {
      packages = List.copyOf(packages);
    }
  }

  public record DebianPackage(String name, String version, String arch, String sha256) {}

  /** A file of the app as packed: its path in the payload, size, SHA-256 and Maven coordinates when known. */
  public record AppFile(String path, long size, String sha256, Optional<String> maven) {}

  private static final List<String> KNOWN = List.of("hermit", "target", "runtime", "libc", "debian", "cacerts",
      "main", "jar", "jvmOptions", "app", "codec", "cds", "packing");

  public BuildInfo {
    Objects.requireNonNull(hermit, "hermit");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(main, "main");
    Objects.requireNonNull(codec, "codec");
    jvmOptions = List.copyOf(jvmOptions);
    app = List.copyOf(app);
    other = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(other));
  }

  /** The JSON the manifest stores; key order is fixed, so the same build writes the same bytes. */
  public String toJson() {
    return new JsonWriter().any(toMap()).toString();
  }

  /** The information as ordered maps and lists, for generic display (inspect's rows, its JSON report). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hermit", hermit);
    m.put("target", target);
    Map<String, Object> rt = new LinkedHashMap<>();
    rt.put("vendor", runtime.vendor());
    rt.put("version", runtime.version());
    runtime.java().ifPresent(j -> rt.put("java", j));
    runtime.javaChosen().ifPresent(j -> rt.put("javaChosen", j));
    rt.put("modules", runtime.modules());
    if (!runtime.locales().isEmpty()) {
      rt.put("locales", runtime.locales());
    }
    m.put("runtime", rt);
    libc.ifPresent(l -> {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("mode", l.mode());
      l.loader().ifPresent(x -> {
        c.put("loader", x);
        c.put("libraries", l.libraries());
      });
      m.put("libc", c);
    });
    debian.ifPresent(d -> {
      Map<String, Object> deb = new LinkedHashMap<>();
      deb.put("suite", d.suite());
      deb.put("packages", d.packages().stream().map(p -> {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("name", p.name());
        pm.put("version", p.version());
        pm.put("arch", p.arch());
        pm.put("sha256", p.sha256());
        return pm;
      }).toList());
      m.put("debian", deb);
    });
    cacerts.ifPresent(c -> m.put("cacerts", c));
    m.put("main", main);
    jar.ifPresent(j -> m.put("jar", j));
    m.put("jvmOptions", jvmOptions);
    m.put("app", app.stream().map(f -> {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("path", f.path());
      fm.put("size", f.size());
      fm.put("sha256", f.sha256());
      f.maven().ifPresent(x -> fm.put("maven", x));
      return fm;
    }).toList());
    m.put("codec", codec);
    cds.ifPresent(c -> m.put("cds", c));
    packing.ifPresent(p -> m.put("packing", p));
    m.putAll(other);
    return m;
  }

  /**
   * Reads the JSON an executable carries, from this hermit or an older one.
   *
   * @throws IllegalArgumentException naming the key, when the text is not JSON or a key hermit writes is missing
   *     or of the wrong type
   */
  public static BuildInfo parse(String json) {
    Object parsed;
    try {
      parsed = JsonReader.parse(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the build information is not JSON: " + e.getMessage(), e);
    }
    Map<?, ?> m = map(parsed, "the build information");
    Map<?, ?> rt = map(required(m, "runtime"), "runtime");
    Map<String, Object> other = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (!KNOWN.contains(String.valueOf(k))) {
        other.put(String.valueOf(k), v);
      }
    });
    return new BuildInfo(
        string(m, "hermit"),
        string(m, "target"),
        new Runtime(string(rt, "runtime.vendor"), string(rt, "runtime.version"),
            optional(rt, "runtime.java", v -> {
              if (!(v instanceof Long n)) {
                throw new IllegalArgumentException("the build information's runtime.java is not a whole number");
              }
              return n;
            }),
            optional(rt, "runtime.javaChosen", v -> text(v, "runtime.javaChosen")), strings(rt, "runtime.modules"),
            rt.containsKey("locales") ? strings(rt, "runtime.locales") : List.of()),
        optional(m, "libc", v -> {
          Map<?, ?> l = map(v, "libc");
          return new Libc(string(l, "libc.mode"), optional(l, "libc.loader", x -> text(x, "libc.loader")),
              l.containsKey("libraries") ? strings(l, "libc.libraries") : List.of());
        }),
        optional(m, "debian", v -> {
          Map<?, ?> d = map(v, "debian");
          List<DebianPackage> packages = new ArrayList<>();
          for (Object p : list(required(d, "packages"), "debian.packages")) {
            Map<?, ?> pm = map(p, "debian.packages[]");
            packages.add(new DebianPackage(string(pm, "debian.packages[].name"),
                string(pm, "debian.packages[].version"), string(pm, "debian.packages[].arch"),
                string(pm, "debian.packages[].sha256")));
          }
          return new Debian(string(d, "debian.suite"), packages);
        }),
        optional(m, "cacerts", v -> text(v, "cacerts")),
        string(m, "main"),
        optional(m, "jar", v -> text(v, "jar")),
        strings(m, "jvmOptions"),
        list(required(m, "app"), "app").stream().map(f -> {
          Map<?, ?> fm = map(f, "app[]");
          if (!(required(fm, "app[].size") instanceof Long size)) {
            throw new IllegalArgumentException("the build information's app[].size is not a whole number");
          }
          return new AppFile(string(fm, "app[].path"), size, string(fm, "app[].sha256"),
              optional(fm, "app[].maven", x -> text(x, "app[].maven")));
        }).toList(),
        string(m, "codec"),
        optional(m, "cds", v -> text(v, "cds")),
        optional(m, "packing", v -> text(v, "packing")),
        other);
  }

  private static Object required(Map<?, ?> m, String key) {
    String last = key.substring(key.lastIndexOf('.') + 1);
    Object v = m.get(last);
    if (v == null) {
      throw new IllegalArgumentException("the build information has no " + key);
    }
    return v;
  }

  private static <T> Optional<T> optional(Map<?, ?> m, String key, Function<Object, T> read) {
    Object v = m.get(key.substring(key.lastIndexOf('.') + 1));
    return v == null ? Optional.empty() : Optional.of(read.apply(v));
  }

  private static String string(Map<?, ?> m, String key) {
    return text(required(m, key), key);
  }

  private static String text(Object v, String key) {
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("the build information's " + key + " is not a string");
    }
    return s;
  }

  private static List<String> strings(Map<?, ?> m, String key) {
    return list(required(m, key), key).stream().map(x -> text(x, key + "[]")).toList();
  }

  private static Map<?, ?> map(Object v, String key) {
    if (!(v instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(key.equals("the build information") ? key + " is not a JSON object"
          : "the build information's " + key + " is not an object");
    }
    return m;
  }

  private static List<?> list(Object v, String key) {
    if (!(v instanceof List<?> l)) {
      throw new IllegalArgumentException("the build information's " + key + " is not a list");
    }
    return l;
  }
}
