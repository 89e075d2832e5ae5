package dev.hermit.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.HermitException;
import dev.hermit.json.JsonReader;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image layouts written from small stand-in executables (the real ones are in the CLI's ImageIT): every digest and
 * size re-computed from the blobs, the layer read by GNU tar, byte-identical rewrites, a two-platform index, and
 * skopeo and umoci reading what was written.
 */
class OciImageTest {
  static final Target AMD64 = Target.parse("linux/amd64");
  static final Target ARM64 = Target.parse("linux/arm64");
  static final Target ARMV7 = Target.parse("linux/arm/v7");
  static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000L);

  @TempDir static Path dir;
  static Path amd64Exe;
  static Path arm64Exe;

  @BeforeAll
  static void executables() throws IOException {
    amd64Exe = Files.writeString(dir.resolve("exe-amd64"), "pretend amd64 executable\n".repeat(1000));
    arm64Exe = Files.writeString(dir.resolve("exe-arm64"), "pretend arm64 executable\n".repeat(999));
    Files.setPosixFilePermissions(arm64Exe, PosixFilePermissions.fromString("rw-------"));
  }

  static ImageRequest request(Path dest, List<ImagePlatform> platforms, Optional<Instant> created) {
    return new ImageRequest(dest, platforms, "/app",
        Map.of("org.opencontainers.image.version", "1.2.3", "org.opencontainers.image.source", "https://x.test/r"),
        created, ImageRequest.Layout.FILE);
  }

  /**
   * The unpacked layout of a small real payload (a stand-in launcher in front): two layers, the runtime's entries and
   * the base files in the first, the app's and the entrypoint in the second, as GNU tar extracts them (a name longer
   * than ustar's 100 bytes through a pax header, a symlink, modes); the entrypoint is the launcher bytes followed by
   * an in-place payload with the executable's manifest; two writes give the same bytes.
   */
  @Test
  void unpackedLayoutPutsTheTreeInTwoLayersAndAnInPlaceLauncherAtTheEntrypoint() throws Exception {
    byte[] launcher = "pretend launcher\n".repeat(50).getBytes(UTF_8);
    String deep = "rt/lib/" + "very-long-directory-name/".repeat(5) + "file.txt"; // 157 bytes under hermit/
    List<dev.hermit.payload.TreeEntry> tree = List.of(
        dev.hermit.payload.TreeEntry.directory("app"),
        dev.hermit.payload.TreeEntry.file("app/app.jar", 0644, "jar bytes".getBytes(UTF_8)),
        dev.hermit.payload.TreeEntry.directory("rt"),
        dev.hermit.payload.TreeEntry.directory("rt/bin"),
        dev.hermit.payload.TreeEntry.file("rt/bin/java", 0755, "java".getBytes(UTF_8)),
        dev.hermit.payload.TreeEntry.symlink("rt/bin/link", "java"),
        dev.hermit.payload.TreeEntry.directory("rt/lib"));
    List<dev.hermit.payload.TreeEntry> all = new ArrayList<>(tree);
    String dirs = "rt/lib";
    for (int i = 0; i < 5; i++) {
      dirs += "/very-long-directory-name";
      all.add(dev.hermit.payload.TreeEntry.directory(dirs));
    }
    all.add(dev.hermit.payload.TreeEntry.file(deep, 0600, "deep".getBytes(UTF_8)));
    dev.hermit.payload.Manifest manifest = new dev.hermit.payload.Manifest("${HERMIT_ROOT}/rt/bin/java",
        List.of("java", "-jar", "${HERMIT_ROOT}/app/app.jar"), List.of("A=b"), "{\"info\":1}")
        .withCds(dev.hermit.payload.Manifest.CDS_STATIC, 1).withMtime(1_764_000_000L);
    Path exe = dir.resolve("real-exe");
    try (java.io.OutputStream out = Files.newOutputStream(exe)) {
      out.write(launcher);
      dev.hermit.payload.PayloadWriter.write(out, manifest, all, dev.hermit.payload.Codec.ZSTD);
    }
    ImageRequest request = new ImageRequest(dir.resolve("unpacked"), List.of(new ImagePlatform(AMD64, exe)), "/app",
        Map.of(), Optional.of(EPOCH), ImageRequest.Layout.UNPACKED);
    OciImage.write(request);
    Path out = dir.resolve("unpacked");
    Map<String, Object> manifestJson = blobJson(out, list(json(out.resolve("index.json")).get("manifests")).get(0));
    List<Map<String, Object>> layers = list(manifestJson.get("layers"));
    assertEquals(2, layers.size());
    Map<String, Object> config = blobJson(out, map(manifestJson.get("config")));
    assertEquals(2, list(config.get("history")).size(), "one history entry per layer");

    Path runtime = Files.write(dir.resolve("unpacked-0.tar.gz"), blob(out, layers.get(0)));
    Path app = Files.write(dir.resolve("unpacked-1.tar.gz"), blob(out, layers.get(1)));
    assertEquals(List.of("etc/", "etc/group", "etc/passwd", "hermit/", "hermit/rt/", "hermit/rt/bin/",
        "hermit/rt/bin/java", "hermit/rt/bin/link", "hermit/rt/lib/", "hermit/rt/lib/very-long-directory-name/"),
        List.of(run(List.of("tar", "-tzf", runtime.toString())).split("\n")).subList(0, 10));
    assertEquals(List.of("app", "hermit/", "hermit/app/", "hermit/app/app.jar"),
        List.of(run(List.of("tar", "-tzf", app.toString())).split("\n")));
    Path x = Files.createDirectories(dir.resolve("unpacked-x"));
    run(List.of("tar", "-xzf", runtime.toString(), "-C", x.toString()));
    run(List.of("tar", "-xzf", app.toString(), "-C", x.toString()));
    assertEquals("deep", Files.readString(x.resolve("hermit/" + deep)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(x.resolve("hermit/" + deep))));
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(x.resolve("hermit/rt/bin/java"))));
    assertEquals(Path.of("java"), Files.readSymbolicLink(x.resolve("hermit/rt/bin/link")));
    assertEquals("jar bytes", Files.readString(x.resolve("hermit/app/app.jar")));
    assertTrue(Files.isDirectory(x.resolve("tmp")) && Files.isRegularFile(x.resolve("etc/passwd")));
    // the app's files have the app's build time (MTIME), as an extracting launcher gives them; the runtime's layer
    // is dated 0 whatever the creation time (SOURCE_DATE_EPOCH), so that the next build of the app shares it
    assertEquals(1_764_000_000L, Files.getLastModifiedTime(x.resolve("hermit/app/app.jar")).toMillis() / 1000);
    assertEquals(0, Files.getLastModifiedTime(x.resolve("hermit/rt/bin/java")).toMillis());
    assertEquals(0, Files.getLastModifiedTime(x.resolve("etc/passwd")).toMillis());

    byte[] start = Files.readAllBytes(x.resolve("app"));
    assertArrayEquals(launcher, java.util.Arrays.copyOf(start, launcher.length));
    try (dev.hermit.payload.PayloadReader r = dev.hermit.payload.PayloadReader.open(x.resolve("app"))) {
      assertTrue(r.verify());
      assertEquals(launcher.length, r.payloadStart());
      dev.hermit.payload.Manifest m = r.manifest();
      assertEquals("hermit", m.inPlace());
      assertEquals(manifest.exec(), m.exec());
      assertEquals(manifest.args(), m.args());
      assertEquals(manifest.env(), m.env());
      assertEquals(manifest.info(), m.info());
      assertEquals(null, m.cds(), "an in-place launcher makes no CDS archive");
      assertEquals(-1, m.mtime(), "nor extracts anything");
      assertEquals(List.of(), r.entries());
    }
    byte[] first = Files.readAllBytes(runtime);
    OciImage.write(request);
    assertArrayEquals(first, blob(out, list(blobJson(out, list(json(out.resolve("index.json")).get("manifests"))
        .get(0)).get("layers")).get(0)), "the same bytes again");
    OciImage.write(new ImageRequest(out, request.platforms(), "/app", Map.of(),
        Optional.of(EPOCH.plusSeconds(86_400)), ImageRequest.Layout.UNPACKED)); // the next commit's build
    assertArrayEquals(first, blob(out, list(blobJson(out, list(json(out.resolve("index.json")).get("manifests"))
        .get(0)).get("layers")).get(0)), "another SOURCE_DATE_EPOCH, the same runtime layer");

    // what is not a hermit executable, or is damaged, cannot be unpacked
    HermitException e = assertThrows(HermitException.class, () -> OciImage.write(new ImageRequest(
        dir.resolve("unpacked-bad"), List.of(new ImagePlatform(AMD64, amd64Exe)), "/app", Map.of(), Optional.empty(),
        ImageRequest.Layout.UNPACKED)));
    assertTrue(e.getMessage().contains("is not a hermit executable") && e.getMessage().contains("--image-layout file"),
        e.getMessage());
    byte[] damaged = Files.readAllBytes(exe);
    damaged[launcher.length + 20] ^= 1;
    Path bad = Files.write(dir.resolve("damaged-exe"), damaged);
    e = assertThrows(HermitException.class, () -> OciImage.write(new ImageRequest(dir.resolve("unpacked-bad"),
        List.of(new ImagePlatform(AMD64, bad)), "/app", Map.of(), Optional.empty(), ImageRequest.Layout.UNPACKED)));
    assertTrue(e.getMessage().contains("does not match its hash"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("unpacked-bad")), "no half-written image");
  }

  /**
   * An unpacked image of an app whose jars record no build time, with no SOURCE_DATE_EPOCH, has app files of time 0,
   * with which Spring Boot answers every If-Modified-Since with 304: the result says so; an app time or a creation
   * time given, it does not.
   */
  @Test
  void anUnpackedImageOfAnUntimedAppWithoutACreationTimeIsWarnedOf() throws Exception {
    for (long appTime : new long[] {-1, 1_764_000_000L}) {
      dev.hermit.payload.Manifest manifest = new dev.hermit.payload.Manifest("${HERMIT_ROOT}/rt/bin/java",
          List.of("java", "-jar", "${HERMIT_ROOT}/app/app.jar"), List.of(), null).withMtime(appTime);
      Path exe = dir.resolve("timed-" + appTime);
      try (java.io.OutputStream out = Files.newOutputStream(exe)) {
        out.write("pretend launcher\n".getBytes(UTF_8));
        dev.hermit.payload.PayloadWriter.write(out, manifest, List.of(dev.hermit.payload.TreeEntry.directory("app"),
            dev.hermit.payload.TreeEntry.file("app/app.jar", 0644, "jar".getBytes(UTF_8))),
            dev.hermit.payload.Codec.STORED);
      }
      for (Optional<Instant> created : List.of(Optional.<Instant>empty(), Optional.of(EPOCH))) {
        ImageResult r = OciImage.write(new ImageRequest(dir.resolve("timed-img-" + appTime + created.isPresent()),
            List.of(new ImagePlatform(AMD64, exe)), "/app", Map.of(), created, ImageRequest.Layout.UNPACKED));
        boolean warned = appTime < 0 && created.isEmpty();
        assertEquals(warned, !r.warnings().isEmpty(), appTime + " " + created + ": " + r.warnings());
        assertTrue(r.warnings().stream().allMatch(w -> w.contains("have the time 0") && w.contains("SOURCE_DATE_EPOCH")),
            r.warnings().toString());
      }
    }
  }

  @Test
  void onePlatformLayoutIsConsistentAndHoldsTheExecutableAndTmp() throws Exception {
    Path out = dir.resolve("one");
    ImageResult r = OciImage.write(request(out, List.of(new ImagePlatform(AMD64, amd64Exe)), Optional.of(EPOCH)));
    assertEquals(Map.of("imageLayoutVersion", "1.0.0"), json(out.resolve("oci-layout")));
    Map<String, Object> index = json(out.resolve("index.json"));
    List<Map<String, Object>> entries = list(index.get("manifests"));
    assertEquals(1, entries.size());
    Map<String, Object> entry = entries.get(0);
    assertEquals(OciImage.MANIFEST, entry.get("mediaType"));
    assertEquals(Map.of("architecture", "amd64", "os", "linux"), entry.get("platform"));
    assertEquals(Map.of("org.opencontainers.image.ref.name", "latest"), entry.get("annotations"));
    assertEquals(r.reference(), entry.get("digest"));

    Map<String, Object> manifest = blobJson(out, entry);
    Map<String, Object> config = blobJson(out, map(manifest.get("config")));
    assertEquals("2023-11-14T22:13:20Z", config.get("created"));
    assertEquals("amd64", config.get("architecture"));
    assertEquals("linux", config.get("os"));
    Map<String, Object> run = map(config.get("config"));
    assertEquals(List.of("/app"), run.get("Entrypoint"));
    assertEquals("/", run.get("WorkingDir"));
    assertEquals(new TreeMap<>(Map.of("org.opencontainers.image.version", "1.2.3",
        "org.opencontainers.image.source", "https://x.test/r",
        "org.opencontainers.image.created", "2023-11-14T22:13:20Z")), new TreeMap<>(map(run.get("Labels"))));

    List<Map<String, Object>> layers = list(manifest.get("layers"));
    assertEquals(1, layers.size());
    assertEquals(OciImage.LAYER, layers.get(0).get("mediaType"));
    byte[] gz = blob(out, layers.get(0));
    byte[] tar;
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      tar = in.readAllBytes();
    }
    assertEquals(List.of("sha256:" + sha256(tar)), map(config.get("rootfs")).get("diff_ids"));
    assertEquals("layers", map(config.get("rootfs")).get("type"));

    // GNU tar's view of the layer: owner, modes, fixed mtime, sorted entries, the executable's bytes
    Path layer = Files.write(dir.resolve("one-layer.tar.gz"), gz);
    String listing = run(List.of("tar", "--utc", "--numeric-owner", "-tvzf", layer.toString()));
    String[] lines = listing.strip().split("\n");
    assertEquals(6, lines.length, listing);
    assertTrue(lines[0].matches("-rwxr-xr-x 0/0 +" + Files.size(amd64Exe) + " 2023-11-14 22:13 app"), listing);
    assertTrue(lines[1].matches("drwxr-xr-x 0/0 +0 2023-11-14 22:13 etc/"), listing);
    assertTrue(lines[2].matches("-rw-r--r-- 0/0 +26 2023-11-14 22:13 etc/group"), listing);
    assertTrue(lines[3].matches("-rw-r--r-- 0/0 +91 2023-11-14 22:13 etc/passwd"), listing);
    assertTrue(lines[4].matches("drwx------ 0/0 +0 2023-11-14 22:13 root/"), listing);
    assertTrue(lines[5].matches("drwxrwxrwt 0/0 +0 2023-11-14 22:13 tmp/"), listing);
    Path x = Files.createDirectories(dir.resolve("one-x"));
    run(List.of("tar", "-xzf", layer.toString(), "-C", x.toString()));
    assertArrayEquals(Files.readAllBytes(amd64Exe), Files.readAllBytes(x.resolve("app")));
    assertEquals("root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n",
        Files.readString(x.resolve("etc/passwd")));
    assertEquals("root:x:0:\nnobody:x:65534:\n", Files.readString(x.resolve("etc/group")));
    // fixed gzip header: no name, mtime 0, OS unknown
    assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 255},
        java.util.Arrays.copyOf(gz, 10));
  }

  @Test
  void withoutACreationTimeNothingDatedIsWritten() throws Exception {
    Path out = dir.resolve("undated");
    OciImage.write(request(out, List.of(new ImagePlatform(AMD64, amd64Exe)), Optional.empty()));
    Map<String, Object> manifest = blobJson(out, list(json(out.resolve("index.json")).get("manifests")).get(0));
    Map<String, Object> config = blobJson(out, map(manifest.get("config")));
    assertFalse(config.containsKey("created"));
    assertFalse(map(map(config.get("config")).get("Labels")).containsKey("org.opencontainers.image.created"));
    Path layer = Files.write(dir.resolve("undated.tar.gz"), blob(out, list(manifest.get("layers")).get(0)));
    assertTrue(run(List.of("tar", "--utc", "-tvzf", layer.toString())).contains("1970-01-01 00:00 app"));
  }

  @Test
  void theSameRequestGivesTheSameBytes() throws Exception {
    List<ImagePlatform> both = List.of(new ImagePlatform(AMD64, amd64Exe), new ImagePlatform(ARM64, arm64Exe));
    Path a = dir.resolve("same-a");
    Path b = dir.resolve("same-b");
    OciImage.write(request(a, both, Optional.of(EPOCH)));
    OciImage.write(request(b, both, Optional.of(EPOCH)));
    assertEquals(tree(a), tree(b));
    OciImage.write(request(a, both, Optional.of(EPOCH))); // an existing layout is replaced, not merged
    assertEquals(tree(a), tree(b));
    Path ta = OciImage.write(request(dir.resolve("same-a.tar"), both, Optional.of(EPOCH))).destination();
    Path tb = OciImage.write(request(dir.resolve("same-b.tar"), both, Optional.of(EPOCH))).destination();
    assertArrayEquals(Files.readAllBytes(ta), Files.readAllBytes(tb));
    OciImage.write(request(b, both, Optional.of(EPOCH.plusSeconds(1))));
    assertFalse(tree(a).equals(tree(b)), "another creation time must give another image");
  }

  @Test
  void twoPlatformsGiveAnIndexTaggedLatestAndOneTagPerPlatform() throws Exception {
    Path out = dir.resolve("multi");
    ImageResult r = OciImage.write(request(out, List.of(new ImagePlatform(AMD64, amd64Exe),
        new ImagePlatform(ARMV7, arm64Exe)), Optional.of(EPOCH)));
    List<Map<String, Object>> top = list(json(out.resolve("index.json")).get("manifests"));
    assertEquals(List.of("latest", "linux-amd64", "linux-arm-v7"),
        top.stream().map(e -> map(e.get("annotations")).get("org.opencontainers.image.ref.name")).toList());
    assertEquals(OciImage.INDEX, top.get(0).get("mediaType"));
    assertEquals(r.reference(), top.get(0).get("digest"));
    List<Map<String, Object>> platforms = list(blobJson(out, top.get(0)).get("manifests"));
    assertEquals(List.of(Map.of("architecture", "amd64", "os", "linux"),
        Map.of("architecture", "arm", "os", "linux", "variant", "v7")),
        platforms.stream().map(p -> p.get("platform")).toList());
    assertEquals(r.manifests(), platforms.stream().map(p -> p.get("digest")).toList());
    for (int i = 0; i < 2; i++) {
      assertEquals(platforms.get(i).get("digest"), top.get(i + 1).get("digest"));
      Map<String, Object> config = blobJson(out, map(blobJson(out, platforms.get(i)).get("config")));
      assertEquals(map(platforms.get(i).get("platform")).get("architecture"), config.get("architecture"));
    }
  }

  /** skopeo and umoci (Debian's, installed by scripts/install-deps test) read both platforms of a layout. */
  @Test
  void skopeoAndUmociReadEveryPlatform() throws Exception {
    assumeTrue(onPath("skopeo") && onPath("umoci"),
        "SKIPPED LOUDLY: skopeo and umoci are not installed (scripts/install-deps test installs them)");
    Path out = dir.resolve("tools");
    OciImage.write(request(out, List.of(new ImagePlatform(AMD64, amd64Exe), new ImagePlatform(ARM64, arm64Exe)),
        Optional.of(EPOCH)));
    Path archive = OciImage.write(request(dir.resolve("tools.tar"), List.of(new ImagePlatform(AMD64, amd64Exe),
        new ImagePlatform(ARM64, arm64Exe)), Optional.of(EPOCH))).destination();
    String raw = run(List.of("skopeo", "inspect", "--raw", "oci:" + out + ":latest"));
    assertTrue(raw.contains(OciImage.INDEX), raw);
    for (Target t : List.of(AMD64, ARM64)) {
      for (String ref : List.of("oci:" + out + ":" + t.fileName(), "oci-archive:" + archive + ":" + t.fileName())) {
        Map<String, Object> inspect = map(JsonReader.parse(run(List.of("skopeo", "inspect", ref))));
        assertEquals(t.arch(), inspect.get("Architecture"), ref);
        assertEquals("linux", inspect.get("Os"), ref);
        assertEquals(1, list(inspect.get("Layers")).size(), ref);
        assertEquals("1.2.3", map(inspect.get("Labels")).get("org.opencontainers.image.version"), ref);
      }
      // "latest" is the index: skopeo picks the platform asked for from it
      Map<String, Object> picked = map(JsonReader.parse(run(List.of("skopeo", "--override-os", "linux",
          "--override-arch", t.arch(), "inspect", "oci:" + out + ":latest"))));
      assertEquals(t.arch(), picked.get("Architecture"));
      Path bundle = dir.resolve("bundle-" + t.fileName());
      run(List.of("umoci", "unpack", "--image", out + ":" + t.fileName(), bundle.toString()));
      Path exe = t == AMD64 ? amd64Exe : arm64Exe;
      Path app = bundle.resolve("rootfs/app");
      assertArrayEquals(Files.readAllBytes(exe), Files.readAllBytes(app));
      assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(app)));
      assertTrue(Files.isDirectory(bundle.resolve("rootfs/tmp")));
      Map<String, Object> runtime = map(JsonReader.parse(Files.readString(bundle.resolve("config.json"))));
      assertEquals(List.of("/app"), map(runtime.get("process")).get("args"));
      assertEquals("/", map(runtime.get("process")).get("cwd"));
    }
  }

  /** User, Env and ExposedPorts as given (ports normalised, in order); none of them without a config. */
  @Test
  void theConfigCarriesTheUserTheEnvironmentAndThePorts() throws Exception {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    env.put("TZ", "Europe/Paris");
    env.put("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75 -Da=b=c");
    ImageConfig given = new ImageConfig(Optional.of("10001:10001"), env, List.of("8080", "53/udp", "8080/tcp"));
    assertEquals(List.of("8080/tcp", "53/udp"), given.ports());
    Path out = dir.resolve("configured");
    OciImage.write(new ImageRequest(out, List.of(new ImagePlatform(AMD64, amd64Exe)), "/app", Map.of(),
        Optional.empty(), ImageRequest.Layout.FILE, given));
    Map<String, Object> manifest = blobJson(out, list(json(out.resolve("index.json")).get("manifests")).get(0));
    Map<String, Object> config = map(blobJson(out, map(manifest.get("config"))).get("config"));
    assertEquals("10001:10001", config.get("User"));
    assertEquals(List.of("TZ=Europe/Paris", "JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75 -Da=b=c"), config.get("Env"));
    assertEquals(List.of("8080/tcp", "53/udp"), List.copyOf(map(config.get("ExposedPorts")).keySet()));
    assertEquals(Map.of(), map(config.get("ExposedPorts")).get("53/udp"));

    Path plain = dir.resolve("unconfigured");
    OciImage.write(request(plain, List.of(new ImagePlatform(AMD64, amd64Exe)), Optional.empty()));
    Map<String, Object> m = blobJson(plain, list(json(plain.resolve("index.json")).get("manifests")).get(0));
    assertEquals(java.util.Set.of("Entrypoint", "WorkingDir", "Labels"),
        map(blobJson(plain, map(m.get("config"))).get("config")).keySet());

    for (String user : List.of("0", "root", "nobody:nobody", "65534:0", "4294967294")) {
      assertEquals(user, ImageConfig.user(user));
    }
    for (String user : List.of("app", "1:2:3", "", "-1", "4294967295", "root:wheel")) {
      HermitException e = assertThrows(HermitException.class,
          () -> new ImageConfig(Optional.of(user), Map.of(), List.of()));
      assertEquals("the image's user '" + user + "' must be a uid or uid:gid (e.g. 10001 or 10001:10001), or root or "
          + "nobody: the image's /etc/passwd holds no other names", e.getMessage());
    }
    for (String port : List.of("0", "65536", "80/http", "http", "")) {
      assertThrows(HermitException.class, () -> new ImageConfig(Optional.empty(), Map.of(), List.of(port)), port);
    }
    assertThrows(HermitException.class, () -> new ImageConfig(Optional.empty(), Map.of("A=B", "c"), List.of()));
    assertThrows(IllegalArgumentException.class, () -> ImageConfig.env(List.of("=x")));
    assertEquals(List.of("B", "A"), List.copyOf(ImageConfig.env(List.of("A=1", "B=2", "A=3")).keySet()),
        "a name given again takes its last place and value");
  }

  @Test
  void badRequestsAreRefusedWithOneLine() throws Exception {
    Path busy = Files.createDirectories(dir.resolve("busy"));
    Files.writeString(busy.resolve("precious.txt"), "keep me");
    HermitException e = assertThrows(HermitException.class, () -> OciImage.write(
        request(busy, List.of(new ImagePlatform(AMD64, amd64Exe)), Optional.empty())));
    assertTrue(e.getMessage().contains("not empty and holds no OCI image layout"), e.getMessage());
    assertEquals("keep me", Files.readString(busy.resolve("precious.txt")));
    e = assertThrows(HermitException.class, () -> request(dir.resolve("x"),
        List.of(new ImagePlatform(AMD64, amd64Exe), new ImagePlatform(AMD64, arm64Exe)), Optional.empty()));
    assertTrue(e.getMessage().contains("linux/amd64 is given twice"), e.getMessage());
    e = assertThrows(HermitException.class, () -> new ImageRequest(dir.resolve("x"),
        List.of(new ImagePlatform(AMD64, amd64Exe)), "/usr/bin/app", Map.of(), Optional.empty(), ImageRequest.Layout.FILE));
    assertTrue(e.getMessage().contains("'/usr/bin/app'"), e.getMessage());
    for (String taken : List.of("/etc", "/root", "/tmp", "/hermit")) { // the layers' own directories
      e = assertThrows(HermitException.class, () -> new ImageRequest(dir.resolve("x"),
          List.of(new ImagePlatform(AMD64, amd64Exe)), taken, Map.of(), Optional.empty(), ImageRequest.Layout.FILE));
      assertTrue(e.getMessage().contains("'" + taken + "'"), e.getMessage());
    }
    Map<String, String> empty = new java.util.HashMap<>();
    empty.put("org.opencontainers.image.source", null);
    e = assertThrows(HermitException.class, () -> new ImageRequest(dir.resolve("x"),
        List.of(new ImagePlatform(AMD64, amd64Exe)), "/app", empty, Optional.empty(), ImageRequest.Layout.FILE));
    assertEquals("the image label org.opencontainers.image.source has no value", e.getMessage());
    e = assertThrows(HermitException.class, () -> OciImage.write(request(dir.resolve("missing-exe"),
        List.of(new ImagePlatform(AMD64, dir.resolve("no-such-file"))), Optional.empty())));
    assertTrue(e.getMessage().contains("no-such-file"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("missing-exe")), "no half-written image");
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
          "staging directories are removed");
    }
  }

  // --- helpers

  /** Reads a blob named by a descriptor, checking its digest and size. */
  static byte[] blob(Path layout, Map<String, Object> descriptor) throws Exception {
    String digest = (String) descriptor.get("digest");
    assertTrue(digest.startsWith("sha256:"), digest);
    byte[] bytes = Files.readAllBytes(layout.resolve("blobs/sha256").resolve(digest.substring(7)));
    assertEquals(digest.substring(7), sha256(bytes), "digest of " + digest);
    assertEquals(((Number) descriptor.get("size")).longValue(), bytes.length, "size of " + digest);
    return bytes;
  }

  static Map<String, Object> blobJson(Path layout, Map<String, Object> descriptor) throws Exception {
    Map<String, Object> m = map(JsonReader.parse(new String(blob(layout, descriptor), UTF_8)));
    assertEquals(descriptor.get("mediaType"), m.get("mediaType") == null ? OciImage.CONFIG : m.get("mediaType"));
    return m;
  }

  static Map<String, Object> json(Path file) throws IOException {
    return map(JsonReader.parse(Files.readString(file)));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** Every file of a tree with its hash, so two trees compare in one assertion. */
  static Map<String, String> tree(Path root) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), sha256(Files.readAllBytes(p)));
      }
    }
    return files;
  }

  static boolean onPath(String tool) {
    return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }

  static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertEquals(0, p.waitFor(), command + ":\n" + out);
    return out;
  }
}
