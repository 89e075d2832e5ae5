package dev.hermit.oci;

import dev.hermit.FileTrees;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.hermit.HermitException;
import dev.hermit.json.JsonWriter;
import dev.hermit.oci.Blobs.Descriptor;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes {@code FROM scratch} OCI images of hermit executables without a container daemon: an OCI image layout
 * (image-spec v1.0) in a directory, or the same layout as a tar ({@code oci-archive}). Each platform's image has one
 * gzip'd layer holding the executable (mode 0755), an empty {@code /tmp} (mode 1777), and a user database of root
 * and nobody ({@code /etc/passwd}, {@code /etc/group}, root's home {@code /root}), and a config whose entrypoint is
 * the executable. Without the user database the JVM's {@code user.name} and {@code user.home} are "?" and libraries
 * that log the user in fail (Hadoop, so Spark: "Invalid UID, could not determine effective user"); distroless's
 * static image carries the same files. The tag {@code latest} names the manifest of a one-platform image, or an
 * image index of all platforms; a multi-platform layout also tags each platform's manifest by its target, e.g.
 * {@code linux-arm64}. Every byte follows from the request, so the same request gives the same image.
 */
public final class OciImage {
  static final String LAYOUT_VERSION = "1.0.0";
  static final String INDEX = "application/vnd.oci.image.index.v1+json";
  static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String CONFIG = "application/vnd.oci.image.config.v1+json";
  static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  /** Names at / that an entrypoint may not take: the base entries' and the unpacked tree's. */
  static final java.util.Set<String> BASE_DIRS = java.util.Set.of("etc", "root", "tmp", UnpackedLayers.ROOT);
  static final String PASSWD = "root:x:0:0:root:/root:/sbin/nologin\n"
      + "nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n";
  static final String GROUP = "root:x:0:\nnobody:x:65534:\n";
  static final String REF_NAME = "org.opencontainers.image.ref.name";
  static final String CREATED_LABEL = "org.opencontainers.image.created";
  public static final String TAG = "latest";

  private OciImage() {}

  /** Refuses a destination that would lose someone's data, before a build spends time on it. */
  public static void checkDestination(Path destination) {
    Path parent = destination.toAbsolutePath().getParent();
    if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
      throw new HermitException("the image " + destination + " cannot be written: " + parent + " is not a directory");
    }
    if (destination.getFileName() != null && destination.getFileName().toString().endsWith(".tar")) {
      if (Files.isDirectory(destination)) {
        throw new HermitException("the image archive " + destination + " is a directory");
      }
      return;
    }
    if (Files.exists(destination) && !Files.isDirectory(destination)) {
      throw new HermitException("the image directory " + destination + " is a file (an oci-archive ends in .tar)");
    }
    if (Files.isDirectory(destination) && !Files.exists(destination.resolve("oci-layout"))) {
      try (Stream<Path> children = Files.list(destination)) {
        if (children.findAny().isPresent()) {
          throw new HermitException("the image directory " + destination + " is not empty and holds no OCI image "
              + "layout; not replacing it");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Writes the image. A directory that already holds an OCI layout is replaced; the layout is written beside the
   * destination first and moved into place, so a failure never leaves half an image.
   */
  public static ImageResult write(ImageRequest request) throws IOException {
    Path destination = request.destination().toAbsolutePath();
    checkDestination(destination);
    Path parent = Files.createDirectories(destination.getParent());
    Path staging = Files.createTempDirectory(parent, "." + destination.getFileName() + "-");
    try {
      Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
      Layout layout = writeLayout(staging, request);
      long size;
      if (request.archive()) {
        Path tmp = Files.createTempFile(parent, "." + destination.getFileName() + "-", ".tmp");
        try {
          try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            archive(staging, out, mtime(request));
          }
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
          Files.move(tmp, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(tmp);
        }
        size = Files.size(destination);
      } else {
        size = sizeOf(staging);
        if (Files.exists(destination)) {
          FileTrees.delete(destination);
        }
        Files.move(staging, destination, StandardCopyOption.ATOMIC_MOVE);
      }
      return new ImageResult(destination, request.archive(), layout.reference, layout.manifests, size,
          untimedApp(request));
    } finally {
      if (Files.exists(staging)) {
        FileTrees.delete(staging);
      }
    }
  }

  private record Layout(String reference, List<String> manifests) {}

  /**
   * An unpacked image's app files with the time 0: the jars record no build time (reproducible jars' 1980) and no
   * SOURCE_DATE_EPOCH was given. Spring Boot then serves static files with no Last-Modified and answers every
   * If-Modified-Since with 304: a browser keeps an earlier version's files after an upgrade. Said, with the remedy.
   */
  private static List<String> untimedApp(ImageRequest request) throws IOException {
    if (request.layout() != ImageRequest.Layout.UNPACKED || request.created().isPresent()) {
      return List.of();
    }
    for (ImagePlatform p : request.platforms()) {
      try (dev.hermit.payload.PayloadReader r = dev.hermit.payload.PayloadReader.open(p.executable())) {
        if (r.manifest().mtime() < 0) {
          return List.of("the app's files in the image have the time 0: its jars record no build time (all 1980, as "
              + "reproducible jars have) and SOURCE_DATE_EPOCH is not set; a server that answers If-Modified-Since "
              + "from a file's time (Spring Boot's static resources) then answers 304 even after an upgrade: set "
              + "SOURCE_DATE_EPOCH (e.g. to the commit's time, git log -1 --format=%ct)");
        }
      }
    }
    return List.of();
  }

  /** A directory (name ending in '/', no content) or a small file of a layer, outside the executable. */
  record Entry(String name, int mode, byte[] content) {
    void writeTo(TarWriter w) throws IOException {
      if (name.endsWith("/")) {
        w.directory(name, mode);
      } else {
        w.file(name, mode, content);
      }
    }
  }

  /** What every image holds beside the app: the user database, root's home and a /tmp for everyone. */
  static List<Entry> baseEntries() {
    return List.of(new Entry("etc/", 0755, null),
        new Entry("etc/group", 0644, GROUP.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        new Entry("etc/passwd", 0644, PASSWD.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        new Entry("root/", 0700, null), new Entry("tmp/", 01777, null));
  }

  private static Layout writeLayout(Path dir, ImageRequest request) throws IOException {
    Blobs blobs = new Blobs(dir);
    List<Descriptor> manifests = new ArrayList<>();
    for (ImagePlatform platform : request.platforms()) {
      manifests.add(writeImage(blobs, platform, request));
    }
    JsonWriter index = new JsonWriter().beginObject()
        .field("schemaVersion", 2)
        .field("mediaType", INDEX)
        .name("manifests").beginArray();
    String reference;
    if (manifests.size() == 1) {
      descriptor(index, manifests.get(0), request.platforms().get(0).target(), TAG);
      reference = manifests.get(0).digest();
    } else {
      JsonWriter all = new JsonWriter().beginObject()
          .field("schemaVersion", 2)
          .field("mediaType", INDEX)
          .name("manifests").beginArray();
      for (int i = 0; i < manifests.size(); i++) {
        descriptor(all, manifests.get(i), request.platforms().get(i).target(), null);
      }
      Descriptor multi = blobs.put(INDEX, bytes(all.endArray().endObject()));
      descriptor(index, multi, null, TAG);
      for (int i = 0; i < manifests.size(); i++) {
        Target target = request.platforms().get(i).target();
        descriptor(index, manifests.get(i), target, target.fileName());
      }
      reference = multi.digest();
    }
    Files.write(dir.resolve("index.json"), bytes(index.endArray().endObject()));
    Files.write(dir.resolve("oci-layout"),
        bytes(new JsonWriter().beginObject().field("imageLayoutVersion", LAYOUT_VERSION).endObject()));
    return new Layout(reference, manifests.stream().map(Descriptor::digest).toList());
  }

  /** The layer, the config and the manifest of one platform's image; returns the manifest's descriptor. */
  private static Descriptor writeImage(Blobs blobs, ImagePlatform platform, ImageRequest request) throws IOException {
    Path exe = platform.executable();
    if (!Files.isRegularFile(exe)) {
      throw new HermitException("cannot put " + exe + " into an image: it is not a file");
    }
    long mtime = mtime(request);
    String name = request.entrypoint().substring(1);
    List<Blobs.Layer> layers;
    if (request.layout() == ImageRequest.Layout.UNPACKED) {
      layers = UnpackedLayers.write(blobs, exe, name, mtime, baseEntries());
    } else {
      layers = List.of(blobs.putLayer(LAYER, tar -> {
        try (TarWriter w = new TarWriter(tar, mtime)) {
          List<Entry> entries = new ArrayList<>(baseEntries());
          entries.add(new Entry(name, 0755, null));
          entries.sort(java.util.Comparator.comparing(Entry::name, TarWriter.ORDER));
          for (Entry e : entries) {
            if (e.name().equals(name)) {
              w.file(name, 0755, exe);
            } else {
              e.writeTo(w);
            }
          }
        }
      }));
    }

    JsonWriter config = new JsonWriter().beginObject();
    request.created().ifPresent(t -> config.field("created", DateTimeFormatter.ISO_INSTANT.format(t)));
    platformFields(config, platform.target());
    config.name("config").beginObject();
    request.config().user().ifPresent(u -> config.field("User", u));
    if (!request.config().ports().isEmpty()) {
      config.name("ExposedPorts").beginObject();
      request.config().ports().forEach(p -> config.name(p).beginObject().endObject());
      config.endObject();
    }
    if (!request.config().env().isEmpty()) {
      config.stringArray("Env", request.config().env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .toList());
    }
    config.stringArray("Entrypoint", List.of(request.entrypoint()))
        .field("WorkingDir", "/");
    Map<String, String> labels = new TreeMap<>(request.labels());
    request.created().ifPresent(t -> labels.putIfAbsent(CREATED_LABEL, DateTimeFormatter.ISO_INSTANT.format(t)));
    if (!labels.isEmpty()) {
      config.name("Labels").beginObject();
      labels.forEach(config::field);
      config.endObject();
    }
    config.endObject();
    config.name("rootfs").beginObject()
        .field("type", "layers")
        .stringArray("diff_ids", layers.stream().map(Blobs.Layer::diffId).toList())
        .endObject();
    config.name("history").beginArray();
    for (int i = 0; i < layers.size(); i++) {
      config.beginObject();
      request.created().ifPresent(t -> config.field("created", DateTimeFormatter.ISO_INSTANT.format(t)));
      config.field("created_by", layers.size() == 1 ? "hermit build"
          : i == 0 ? "hermit build: the runtime, unpacked" : "hermit build: the app, unpacked, and its launcher");
      config.endObject();
    }
    config.endArray();
    Descriptor configBlob = blobs.put(CONFIG, bytes(config.endObject()));

    JsonWriter manifest = new JsonWriter().beginObject()
        .field("schemaVersion", 2)
        .field("mediaType", MANIFEST)
        .name("config");
    descriptorBody(manifest, configBlob);
    manifest.name("layers").beginArray();
    for (Blobs.Layer layer : layers) {
      descriptorBody(manifest, layer.descriptor());
    }
    manifest.endArray();
    return blobs.put(MANIFEST, bytes(manifest.endObject()));
  }

  private static void descriptor(JsonWriter json, Descriptor d, Target platform, String refName) {
    json.beginObject()
        .field("mediaType", d.mediaType())
        .field("digest", d.digest())
        .field("size", d.size());
    if (platform != null) {
      json.name("platform").beginObject();
      platformFields(json, platform);
      json.endObject();
    }
    if (refName != null) {
      json.name("annotations").beginObject().field(REF_NAME, refName).endObject();
    }
    json.endObject();
  }

  private static void descriptorBody(JsonWriter json, Descriptor d) {
    json.beginObject()
        .field("mediaType", d.mediaType())
        .field("digest", d.digest())
        .field("size", d.size())
        .endObject();
  }

  private static void platformFields(JsonWriter json, Target target) {
    json.field("architecture", target.arch()).field("os", target.os());
    if (!target.variant().isEmpty()) {
      json.field("variant", target.variant());
    }
  }

  /** The layout as a tar: directories first in name order, every file 0644, the same mtime as the layer's. */
  private static void archive(Path layout, OutputStream out, long mtime) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(layout)) {
      paths = walk.filter(p -> !p.equals(layout))
          .sorted(Comparator.comparing(p -> name(layout, p)))
          .toList();
    }
    try (TarWriter tar = new TarWriter(out, mtime)) {
      for (Path p : paths) {
        if (Files.isDirectory(p)) {
          tar.directory(name(layout, p), 0755);
        } else {
          tar.file(name(layout, p), 0644, p);
        }
      }
    }
  }

  private static String name(Path root, Path p) {
    String n = root.relativize(p).toString();
    return Files.isDirectory(p) ? n + "/" : n;
  }

  private static long mtime(ImageRequest request) {
    return request.created().map(Instant::getEpochSecond).orElse(0L);
  }

  private static byte[] bytes(JsonWriter json) {
    return (json + "\n").getBytes(UTF_8);
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      long total = 0;
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        total += Files.size(p);
      }
      return total;
    }
  }

}
