package dev.hermit.pipeline;

import dev.hermit.Version;
import dev.hermit.app.AppInput;
import dev.hermit.app.ModuleDecision;
import dev.hermit.jdk.Jdk;
import dev.hermit.json.JsonWriter;
import dev.hermit.payload.Codec;
import dev.hermit.platform.Target;
import dev.hermit.provision.Sdk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** The build information a hermit executable carries (manifest INFO record), as {@code go version -m} shows it. */
final class BuildInfo {
  private BuildInfo() {}

  static String json(Target target, Jdk jdk, JavaChoice javaChoice, AppInput app, ModuleDecision modules,
      List<String> jvmOptions, Codec codec, RuntimeTree runtime, String cacerts, Sdk sdk, CdsMode cds)
      throws IOException {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("hermit", Version.get());
    info.put("target", target.id());
    Map<String, Object> rt = new LinkedHashMap<>();
    rt.put("vendor", jdk.vendor());
    rt.put("version", jdk.runtimeVersion());
    rt.put("java", javaChoice.version());
    rt.put("javaChosen", javaChoice.reason());
    rt.put("modules", List.copyOf(modules.modules()));
    info.put("runtime", rt);
    Map<String, Object> libc = new LinkedHashMap<>();
    libc.put("mode", runtime.mode().name().toLowerCase(java.util.Locale.ROOT));
    if (runtime.libraries() != null) {
      libc.put("loader", runtime.libraries().interpreter());
      libc.put("libraries", List.copyOf(runtime.libraries().libraries().keySet()));
    }
    info.put("libc", libc);
    if (sdk != null) { // what runs inside, package by package (an SBOM of the runtime and C library)
      Map<String, Object> debian = new LinkedHashMap<>();
      debian.put("suite", sdk.suite());
      debian.put("packages", sdk.packages().stream().map(p -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("version", p.version());
        m.put("arch", p.arch());
        m.put("sha256", p.sha256());
        return m;
      }).toList());
      info.put("debian", debian);
    }
    info.put("cacerts", cacerts);
    info.put("main", app.mainClass());
    if (app.launchJar() != null) {
      info.put("jar", app.launchJar());
    }
    info.put("jvmOptions", jvmOptions);
    List<Object> files = new ArrayList<>();
    for (Map.Entry<Path, String> f : app.files().entrySet()) {
      if (!Files.isRegularFile(f.getKey())) {
        continue;
      }
      Map<String, Object> jar = new LinkedHashMap<>();
      jar.put("path", f.getValue());
      jar.put("size", Files.size(f.getKey()));
      jar.put("sha256", sha256(f.getKey()));
      String coordinates = mavenCoordinates(f.getKey());
      if (coordinates != null) {
        jar.put("maven", coordinates);
      }
      files.add(jar);
    }
    info.put("app", files);
    info.put("codec", codec.name().toLowerCase(java.util.Locale.ROOT));
    info.put("cds", cds.id());
    return new JsonWriter().any(info).toString();
  }

  /** group:artifact:version when the jar carries exactly one pom.properties (as Maven-built jars do). */
  static String mavenCoordinates(Path jar) {
    try (JarFile j = new JarFile(jar.toFile())) {
      List<JarEntry> poms = j.stream()
          .filter(e -> e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties"))
          .toList();
      if (poms.size() != 1) {
        return null;
      }
      Properties p = new Properties();
      try (InputStream in = j.getInputStream(poms.get(0))) {
        p.load(in);
      }
      String g = p.getProperty("groupId");
      String a = p.getProperty("artifactId");
      String v = p.getProperty("version");
      return g == null || a == null || v == null ? null : g + ":" + a + ":" + v;
    } catch (IOException e) {
      return null;
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
