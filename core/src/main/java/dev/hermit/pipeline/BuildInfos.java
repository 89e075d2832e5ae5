package dev.hermit.pipeline;

import dev.hermit.Version;
import dev.hermit.app.AppInput;
import dev.hermit.app.ModuleDecision;
import dev.hermit.jdk.Jdk;
import dev.hermit.payload.BuildInfo;
import dev.hermit.payload.Codec;
import dev.hermit.payload.Packing;
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
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** Gathers a build's {@link BuildInfo}: what went in (JDK, modules, C library, Debian packages, app files). */
final class BuildInfos {
  private BuildInfos() {}

  static BuildInfo of(Target target, Jdk jdk, JavaChoice javaChoice, AppInput app, ModuleDecision modules,
      List<String> locales, List<String> jvmOptions, Codec codec, Packing packing, RuntimeTree runtime,
      String cacerts, Sdk sdk, CdsMode cds)
      throws IOException {
    String mode = runtime.mode().name().toLowerCase(Locale.ROOT);
    BuildInfo.Libc libc = runtime.libraries() == null ? new BuildInfo.Libc(mode, Optional.empty(), List.of())
        : new BuildInfo.Libc(mode, Optional.of(runtime.libraries().interpreter()),
            List.copyOf(runtime.libraries().libraries().keySet()));
    // what runs inside, package by package (an SBOM of the runtime and C library)
    Optional<BuildInfo.Debian> debian = sdk == null ? Optional.empty() : Optional.of(new BuildInfo.Debian(sdk.suite(),
        sdk.packages().stream().map(p -> new BuildInfo.DebianPackage(p.name(), p.version(), p.arch(), p.sha256()))
            .toList()));
    List<BuildInfo.AppFile> files = new ArrayList<>();
    for (Map.Entry<Path, String> f : app.files().entrySet()) {
      if (Files.isRegularFile(f.getKey())) {
        files.add(new BuildInfo.AppFile(f.getValue(), Files.size(f.getKey()), sha256(f.getKey()),
            Optional.ofNullable(mavenCoordinates(f.getKey()))));
      }
    }
    return new BuildInfo(Version.get(), target.id(),
        new BuildInfo.Runtime(jdk.vendor(), jdk.runtimeVersion(), Optional.of((long) javaChoice.version()),
            Optional.of(javaChoice.reason()), List.copyOf(modules.modules()), locales),
        Optional.of(libc), debian, Optional.ofNullable(cacerts), app.mainClass(), Optional.ofNullable(app.launchJar()),
        jvmOptions, files, codec.name().toLowerCase(Locale.ROOT), Optional.of(cds.id()),
        // how hard the runtime's frames were compressed: only zstd has levels
        codec == Codec.ZSTD ? Optional.of(packing.name().toLowerCase(Locale.ROOT)) : Optional.empty(), Map.of());
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
