package dev.hermit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.json.JsonReader;
import dev.hermit.payload.PayloadReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hermit build --image}: a real app built twice by separate hermit processes with the same
 * SOURCE_DATE_EPOCH, once into an OCI layout and once into an oci-archive, both with the payload unpacked (the
 * default layout). The two images are the same bytes; skopeo and umoci (Debian's) read them; the unpacked rootfs's
 * /app runs in a chroot of that rootfs with no environment, also read-only, writing nothing. The multi-platform
 * image uses the file layout: its /app is each target's executable byte for byte.
 * podman and crun cannot start containers on the machines this was written on ("cgroups in hybrid mode not
 * supported"), so the container's process is run the way a runtime would, from umoci's bundle; podman is tried too
 * and skipped loudly where it cannot run.
 */
class ImageIT {
  static final String EPOCH = "1700000000";
  static final String SOURCE = "https://example.test/greeter";
  @TempDir static Path dir;
  static Path layout;
  static Path archive;
  static Path exe;
  static Path jar;

  @BeforeAll
  static void build() throws IOException {
    assumeTrue(onPath("skopeo") && onPath("umoci"),
        "SKIPPED LOUDLY: skopeo and umoci are not installed (scripts/install-deps test installs them)");
    jar = greeterJar();
    layout = dir.resolve("image");
    archive = dir.resolve("image.tar");
    exe = dir.resolve("greeter");
    Map<String, String> env = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "SOURCE_DATE_EPOCH", EPOCH);
    Proc a = Hermit.runJar(env, dir, "build", jar.toString(), "-o", exe.toString(), "--image", layout.toString(),
        "--label", "org.opencontainers.image.source=" + SOURCE);
    assertEquals(0, a.code(), a.toString());
    assertTrue(a.err().contains("wrote image " + layout + " (OCI layout, linux/amd64"), a.err());
    Proc b = Hermit.runJar(env, dir, "build", jar.toString(), "-o", dir.resolve("greeter-2").toString(),
        "--image", archive.toString(), "--label", "org.opencontainers.image.source=" + SOURCE);
    assertEquals(0, b.code(), b.toString());
    assertTrue(b.err().contains("wrote image " + archive + " (oci-archive, linux/amd64"), b.err());
  }

  /** A jar as Maven builds it: pom.properties gives the image its version label through the build information. */
  static Path greeterJar() throws IOException {
    Path src = Files.writeString(Files.createDirectories(dir.resolve("src")).resolve("Greeter.java"), """
        public class Greeter {
          public static void main(String[] args) throws Exception {
            java.io.File tmp = java.io.File.createTempFile("greeter", ".txt");
            System.out.println("greetings from " + System.getProperty("hermit.executable")
                + " in " + System.getProperty("user.dir") + ", temp file " + tmp.getParent() + " " + tmp.delete()
                + ", user " + System.getProperty("user.name") + " home " + System.getProperty("user.home"));
          }
        }
        """);
    Path classes = dir.resolve("classes");
    JarManifestIT.javac(classes, 17, null, src);
    Path pom = Files.createDirectories(classes.resolve("META-INF/maven/dev.example/greeter"));
    Files.writeString(pom.resolve("pom.properties"), "groupId=dev.example\nartifactId=greeter\nversion=1.4.2\n");
    Manifest m = new Manifest();
    m.getMainAttributes().putValue("Manifest-Version", "1.0");
    m.getMainAttributes().putValue("Main-Class", "Greeter");
    Path jar = dir.resolve("greeter-1.4.2.jar");
    JarManifestIT.jar(jar, m, classes, "");
    return jar;
  }

  @Test
  void twoBuildsGiveTheSameImageAndTheArchiveIsTheLayoutAsATar() throws IOException {
    Path unpacked = Files.createDirectories(dir.resolve("archive-contents"));
    Proc tar = Proc.run(List.of("tar", "-xf", archive.toString(), "-C", unpacked.toString()), Proc.HOST, null, null);
    assertEquals(0, tar.code(), tar.toString());
    Map<String, byte[]> fromLayout = files(layout);
    Map<String, byte[]> fromArchive = files(unpacked);
    assertEquals(fromLayout.keySet(), fromArchive.keySet());
    fromLayout.forEach((name, bytes) -> assertArrayEquals(bytes, fromArchive.get(name), name));
    assertEquals(6, fromLayout.size(), "index.json, oci-layout, and blobs: a manifest, a config and two layers: "
        + fromLayout.keySet());
  }

  @Test
  void skopeoReadsTheLayoutAndTheArchive() {
    for (String ref : List.of("oci:" + layout + ":latest", "oci-archive:" + archive + ":latest")) {
      Proc p = Proc.run(List.of("skopeo", "inspect", ref), Proc.HOST, null, null);
      assertEquals(0, p.code(), p.toString());
      Map<?, ?> inspect = (Map<?, ?>) JsonReader.parse(p.out());
      assertEquals("amd64", inspect.get("Architecture"), p.out());
      assertEquals("linux", inspect.get("Os"), p.out());
      assertEquals("2023-11-14T22:13:20Z", inspect.get("Created"), p.out());
      assertEquals(2, ((List<?>) inspect.get("Layers")).size(), p.out()); // the runtime, then the app
      assertEquals(Map.of("org.opencontainers.image.source", SOURCE, "org.opencontainers.image.version", "1.4.2",
          "org.opencontainers.image.created", "2023-11-14T22:13:20Z"), new TreeMap<>((Map<?, ?>) inspect.get("Labels")));
    }
  }

  @Test
  void umociUnpacksItAndItsProcessRunsInAChrootOfTheRootfs() throws IOException {
    Path bundle = dir.resolve("bundle");
    Path rootfs = unpack(layout, bundle, "app", "etc", "hermit", "root", "tmp");
    // /hermit is the executable's payload tree, entry by entry; /app is its launcher, run in place there
    int[] entries = {0};
    try (PayloadReader payload = PayloadReader.open(exe)) {
      payload.walk((e, content) -> {
        Path p = rootfs.resolve("hermit").resolve(e.path());
        entries[0]++;
        switch (e.type()) {
          case FILE -> assertArrayEquals(content.readAllBytes(), Files.readAllBytes(p), e.path());
          case SYMLINK -> assertEquals(e.linkTarget(), Files.readSymbolicLink(p).toString(), e.path());
          case DIRECTORY -> assertTrue(Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS), e.path());
        }
        assertEquals(e.mode() & 07777, mode(p) & 07777, e.path());
      });
      try (PayloadReader start = PayloadReader.open(rootfs.resolve("app"))) {
        dev.hermit.payload.Manifest m = start.manifest();
        assertEquals("hermit", m.inPlace());
        assertEquals(payload.manifest().args(), m.args());
        assertEquals(payload.manifest().info(), m.info(), "the build information, for hermit inspect");
        assertTrue(start.verify());
        assertEquals(List.of(), start.entries(), "an empty tree");
      }
    }
    try (Stream<Path> s = Files.walk(rootfs.resolve("hermit"))) {
      assertEquals(entries[0] + 1, s.count(), "nothing in /hermit beyond the payload's tree");
    }
    Proc mode = Proc.run(List.of("stat", "-c", "%a %u:%g", rootfs.resolve("tmp").toString()), Proc.HOST, null, null);
    assertEquals("1777 0:0", mode.out().strip());

    Map<?, ?> runtime = (Map<?, ?>) JsonReader.parse(Files.readString(bundle.resolve("config.json")));
    Map<?, ?> process = (Map<?, ?>) runtime.get("process");
    assertEquals(List.of("/app"), process.get("args"));
    assertEquals("/", process.get("cwd"));
    Map<?, ?> annotations = (Map<?, ?>) runtime.get("annotations");
    assertEquals("amd64", annotations.get("org.opencontainers.image.architecture"), annotations.toString());
    assertEquals("linux", annotations.get("org.opencontainers.image.os"), annotations.toString());

    assumeTrue(Proc.isRoot(), "SKIPPED LOUDLY: running the unpacked rootfs needs root (unshare -m, chroot)");
    // what a runtime does with this bundle, minus cgroups: a new mount namespace, the rootfs as /, process.cwd,
    // process.args, and the image's (empty) environment
    Proc run = Proc.run(List.of("unshare", "-m", "env", "-i", "HERMIT_CDS=off", "/usr/sbin/chroot", rootfs.toString(), "/app"),
        Proc.HOST, null, null);
    assertEquals(0, run.code(), run.toString());
    assertEquals("greetings from /app in /, temp file /tmp true, user root home /root", run.out().strip(), run.toString());
    // USER nobody (65534), as many deployments run: the user database names it too
    Proc nobody = Proc.run(List.of("unshare", "-m", "env", "-i", "HERMIT_CDS=off", "/usr/sbin/chroot",
        "--userspec=65534:65534", rootfs.toString(), "/app"), Proc.HOST, null, null);
    assertEquals(0, nobody.code(), nobody.toString());
    assertEquals("greetings from /app in /, temp file /tmp true, user nobody home /nonexistent", nobody.out().strip(),
        nobody.toString());
    try (Stream<Path> tmp = Files.list(rootfs.resolve("tmp"))) { // no cache (with no HOME it is /tmp/hermit-UID)
      assertEquals(List.of(), tmp.filter(p -> p.getFileName().toString().startsWith("hermit")).toList());
    }
    assertFalse(Files.exists(rootfs.resolve("root/.cache")), "no cache: the tree is used where it lies");
    // a read-only root (docker run --read-only --tmpfs /tmp), CDS on: nothing is written but the app's temp file
    Map<String, byte[]> before = files(rootfs);
    String r = rootfs.toString();
    Proc ro = Proc.run(List.of("unshare", "-m", "sh", "-c", "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro "
        + "\"$0\" && mount -t tmpfs -o mode=1777 tmpfs \"$0/tmp\" && exec env -i /usr/sbin/chroot --userspec=65534:65534 "
        + "\"$0\" /app", r), Proc.HOST, null, null);
    assertEquals(0, ro.code(), ro.toString());
    assertEquals("greetings from /app in /, temp file /tmp true, user nobody home /nonexistent", ro.out().strip(),
        ro.toString());
    Map<String, byte[]> after = files(rootfs);
    assertEquals(before.keySet(), after.keySet());
    before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
  }

  /** The file layout: /app is the executable, byte for byte, in one layer. */
  @Test
  void theFileLayoutHoldsTheExecutableAsItIs() throws IOException {
    Path image = dir.resolve("file-image");
    Proc build = Hermit.run("build", jar.toString(), "-o", dir.resolve("greeter-file").toString(), "--image",
        image.toString(), "--image-layout", "file", "-q", "--image-user", "65534:65534", "--image-env", "HERMIT_CDS=on",
        "--image-env", "TZ=Europe/Paris", "--image-env", "HERMIT_CDS=off", "--image-port", "8080",
        "--image-port", "53/udp");
    assertEquals(0, build.code(), build.toString());
    // the config as a registry and `docker run -P` read it: User, Env (a name given twice keeps its last value), ports
    Proc config = Proc.run(List.of("skopeo", "inspect", "--config", "oci:" + image + ":latest"), Proc.HOST, null, null);
    assertEquals(0, config.code(), config.toString());
    Map<?, ?> c = (Map<?, ?>) ((Map<?, ?>) JsonReader.parse(config.out())).get("config");
    assertEquals("65534:65534", c.get("User"), config.out());
    assertEquals(List.of("TZ=Europe/Paris", "HERMIT_CDS=off"), c.get("Env"), config.out());
    assertEquals(List.of("53/udp", "8080/tcp"), new java.util.TreeSet<>(((Map<?, ?>) c.get("ExposedPorts")).keySet())
        .stream().map(Object::toString).toList(), config.out());
    Path bundle = dir.resolve("file-bundle");
    Path rootfs = unpack(image, bundle, "app", "etc", "root", "tmp");
    assertArrayEquals(Files.readAllBytes(dir.resolve("greeter-file")), Files.readAllBytes(rootfs.resolve("app")));
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(rootfs.resolve("app"))));
    Map<?, ?> process = (Map<?, ?>) ((Map<?, ?>) JsonReader.parse(Files.readString(bundle.resolve("config.json"))))
        .get("process");
    Map<?, ?> user = (Map<?, ?>) process.get("user");
    assertEquals(List.of(65534, 65534), List.of(((Number) user.get("uid")).intValue(),
        ((Number) user.get("gid")).intValue()), "umoci's runtime config runs the image's user: " + process);
    assertTrue(((List<?>) process.get("env")).contains("HERMIT_CDS=off"), process.toString());
    assumeTrue(Proc.isRoot(), "SKIPPED LOUDLY: running the unpacked rootfs needs root (unshare -m, chroot)");
    // as a runtime runs it: the image's user and environment
    Proc run = Proc.run(List.of("unshare", "-m", "env", "-i", "HERMIT_CDS=off", "TZ=Europe/Paris", "/usr/sbin/chroot",
        "--userspec=65534:65534", rootfs.toString(), "/app"), Proc.HOST, null, null);
    assertEquals(0, run.code(), run.toString());
    assertEquals("greetings from /app in /, temp file /tmp true, user nobody home /nonexistent", run.out().strip(),
        run.toString());
    // no HOME (env -i): the cache is /tmp/hermit-UID
    assertTrue(Files.isDirectory(rootfs.resolve("tmp/hermit-65534")), "the first start extracted into the cache");
  }

  /** umoci's unpacking of the image's latest tag into a bundle; its rootfs, checked to hold exactly {@code top}. */
  static Path unpack(Path image, Path bundle, String... top) throws IOException {
    Proc unpack = Proc.run(List.of("umoci", "unpack", "--image", image + ":latest", bundle.toString()), Proc.HOST,
        null, null);
    assertEquals(0, unpack.code(), unpack.toString());
    Path rootfs = bundle.resolve("rootfs");
    try (Stream<Path> s = Files.list(rootfs)) {
      assertEquals(List.of(top), s.map(p -> p.getFileName().toString()).sorted().toList());
    }
    return rootfs;
  }

  static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void podmanRunsTheArchiveWhereItCanStartContainers() {
    assumeTrue(onPath("podman"), "SKIPPED LOUDLY: podman is not installed; on the machines this was written on "
        + "podman and crun cannot start containers (\"cgroups in hybrid mode not supported\")");
    Proc probe = Proc.run(List.of("podman", "run", "--rm", "--cgroups=disabled", "oci-archive:" + archive),
        Proc.HOST, null, null);
    assumeTrue(!probe.err().contains("cgroups in hybrid mode not supported") && !probe.err().contains("setrlimit"),
        "SKIPPED LOUDLY: podman cannot start containers here: " + probe.err().strip());
    assertEquals(0, probe.code(), probe.toString());
    assertEquals("greetings from /app in /, temp file /tmp true, user root home /root", probe.out().strip(), probe.toString());
  }

  /**
   * Three targets in one image, as a release is pushed: one index with a manifest per platform, which skopeo
   * resolves per architecture; each platform's tag unpacks (umoci) to a rootfs whose /app is the executable built
   * for it. The amd64 one runs in a chroot of its rootfs, the arm64 one in an empty root under qemu.
   */
  @Test
  void threeTargetsMakeOneIndexWithAManifestEach() throws IOException {
    Map<String, String> env = CrossIT.provisioning(dir);
    env.put("SOURCE_DATE_EPOCH", EPOCH);
    Path multi = dir.resolve("multi");
    Path dist = dir.resolve("multi-dist");
    List<String> archs = List.of("amd64", "arm64", "riscv64");
    Proc build = Hermit.runJar(env, dir, "build", jar.toString(), "--target",
        String.join(",", archs.stream().map(a -> "linux/" + a).toList()), "-o", dist.toString(), "--image",
        multi.toString(), "--image-layout", "file");
    assertEquals(0, build.code(), build.toString());
    assertTrue(build.err().contains("wrote image " + multi + " (OCI layout, linux/amd64, linux/arm64, linux/riscv64"),
        build.err());

    Proc raw = Proc.run(List.of("skopeo", "inspect", "--raw", "oci:" + multi + ":latest"), Proc.HOST, null, null);
    assertEquals(0, raw.code(), raw.toString());
    Map<?, ?> index = (Map<?, ?>) JsonReader.parse(raw.out());
    assertEquals("application/vnd.oci.image.index.v1+json", index.get("mediaType"), raw.out());
    assertEquals(archs.stream().map(a -> Map.of("architecture", a, "os", "linux")).toList(),
        ((List<?>) index.get("manifests")).stream().map(m -> new TreeMap<>((Map<?, ?>) ((Map<?, ?>) m).get("platform")))
            .toList(), raw.out());
    for (String arch : archs) {
      Proc one = Proc.run(List.of("skopeo", "inspect", "--override-arch", arch, "oci:" + multi + ":latest"), Proc.HOST,
          null, null);
      assertEquals(0, one.code(), one.toString());
      assertEquals(arch, ((Map<?, ?>) JsonReader.parse(one.out())).get("Architecture"), one.out());

      Path bundle = dir.resolve("multi-bundle-" + arch);
      Proc unpack = Proc.run(List.of("umoci", "unpack", "--image", multi + ":linux-" + arch, bundle.toString()),
          Proc.HOST, null, null);
      assertEquals(0, unpack.code(), unpack.toString());
      Path app = bundle.resolve("rootfs/app");
      assertArrayEquals(Files.readAllBytes(dist.resolve("greeter-1.4.2-linux-" + arch)), Files.readAllBytes(app), arch);
      dev.hermit.inspect.InspectReport report = dev.hermit.inspect.Inspector.withSysroot(Path.of("/")).inspect(app);
      assertEquals(arch, report.elf().orElseThrow().arch(), "the " + arch + " launcher");
      assertTrue(report.hermit().orElseThrow().hashVerified(), arch);
    }
    assumeTrue(Proc.isRoot(), "SKIPPED LOUDLY: running the unpacked rootfs needs root (unshare -m, chroot)");
    Proc amd64 = Proc.run(List.of("unshare", "-m", "env", "-i", "HERMIT_CDS=off", "/usr/sbin/chroot",
        dir.resolve("multi-bundle-amd64/rootfs").toString(), "/app"), Proc.HOST, null, null);
    assertEquals(0, amd64.code(), amd64.toString());
    assertEquals("greetings from /app in /, temp file /tmp true, user root home /root", amd64.out().strip(), amd64.toString());
    Proc arm64 = CrossIT.inEmptyRoot(dev.hermit.platform.Target.parse("linux/arm64"),
        dir.resolve("multi-bundle-arm64/rootfs/app"), dir.resolve("multi-root-arm64"));
    assertEquals(0, arm64.code(), arm64.toString());
    // the arm64 executable alone in an empty root (no user database there): the JVM says "?"
    assertEquals("greetings from /app in /, temp file /tmp true, user ? home ?", arm64.out().strip(), arm64.toString());
  }

  @Test
  void badImageRequestsStopBeforeTheBuild() throws IOException {
    Path busy = Files.createDirectories(dir.resolve("busy"));
    Files.writeString(busy.resolve("notes.txt"), "mine");
    Path out = dir.resolve("never-written");
    Proc p = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "-o", out.toString(),
        "--image", busy.toString());
    assertEquals(1, p.code(), p.toString());
    assertEquals("hermit: the image directory " + busy + " is not empty and holds no OCI image layout; not "
        + "replacing it", p.err().strip());
    assertFalse(Files.exists(out));

    p = Hermit.runJar(Map.of("PATH", "/usr/bin:/bin", "SOURCE_DATE_EPOCH", "yesterday"), dir, "build",
        Hermit.REPO.resolve("examples/hello").toString(), "-o", out.toString(), "--image", dir.resolve("x").toString());
    assertEquals(1, p.code(), p.toString());
    assertEquals("hermit: SOURCE_DATE_EPOCH 'yesterday' is not a number of seconds since 1970", p.err().strip());

    p = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "-o", out.toString(),
        "--label", "a=b");
    assertEquals(2, p.code(), p.toString());
    assertTrue(p.err().startsWith("hermit: --label is for --image, which is not given"), p.err());
    assertFalse(Files.exists(out));
    p = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "-o", out.toString(),
        "--image", dir.resolve("x").toString(), "--label", "novalue");
    assertEquals(2, p.code(), p.toString());
    assertTrue(p.err().startsWith("hermit: --label 'novalue' is not KEY=VALUE"), p.err()); // was "option option"
    assertFalse(Files.exists(out));
    // the image's config: a user the image's /etc/passwd cannot name, a port out of range, an env word without '='
    for (List<String> bad : List.of(List.of("--image-user", "app", "--image-user 'app' must be a uid or uid:gid"),
        List.of("--image-port", "70000", "--image-port '70000' must be a number from 1 to 65535"),
        List.of("--image-port", "80/http", "--image-port '80/http' must be"),
        List.of("--image-env", "TZ", "--image-env 'TZ' is not NAME=VALUE"))) {
      p = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "-o", out.toString(),
          "--image", dir.resolve("x").toString(), bad.get(0), bad.get(1));
      assertEquals(2, p.code(), p.toString());
      assertTrue(p.err().startsWith("hermit: " + bad.get(2)), p.err());
      assertFalse(Files.exists(out));
    }
    p = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "-o", out.toString(),
        "--image-user", "10001");
    assertEquals(2, p.code(), p.toString());
    assertTrue(p.err().startsWith("hermit: --image-user is for --image, which is not given"), p.err());
    p = Hermit.run("build", Hermit.REPO.resolve("examples/hello").toString(), "-o", out.toString(),
        "--image", dir.resolve("x").toString(), "--image-layout", "flat");
    assertEquals(2, p.code(), p.toString());
    assertTrue(p.err().startsWith("hermit: unknown image layout 'flat': use unpacked (the default) or file"), p.err());
    assertFalse(Files.exists(out));
  }

  static Map<String, byte[]> files(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }

  static boolean onPath(String tool) {
    return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }
}
