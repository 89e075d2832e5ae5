package dev.hermit.payload;

import dev.hermit.CacheEviction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compressed runtime frames kept between builds: compressing the runtime is most of packing (1.5 s of a 3.5 s
 * hello build), and the same JDK, modules and target give the same runtime bytes. An entry is named by its codec
 * and the SHA-256 of the raw archive bytes it holds, and is trusted only after it decodes to exactly those bytes
 * (a tenth of the time compressing takes), or when they are bytes this JVM already decoded so: a damaged or planted
 * entry is deleted and the frame compressed again.
 * It is a cache: when its directory cannot be written, builds simply compress.
 */
public final class FrameCache {
  /**
   * The frames this JVM has verified by decoding, as key → SHA-256 of the compressed bytes that decoded to the key's
   * content: those same bytes again need only hashing, a fifth of the decoding's cost, where a JVM builds many times
   * (the Maven plugin in a long-lived Maven, the API, the tests). In memory, where nothing outside the JVM changes it.
   */
  private static final Map<String, String> VERIFIED = Collections.synchronizedMap(
      new LinkedHashMap<String, String>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > 64; // a runtime is three frames: the last twenty-odd runtimes
        }
      });

  private final Path dir;
  private final Runnable compressing;
  /** Frames handed back verified, for tests. */
  int hits;
  /** Of those, the ones verified by decoding (not known to this JVM by their bytes' hash), for tests. */
  int decoded;

  /** @param dir where the entries live (created when the first is stored) */
  public FrameCache(Path dir) {
    this(dir, () -> {});
  }

  /** @param compressing told of each frame not found, before it is compressed (for progress) */
  public FrameCache(Path dir, Runnable compressing) {
    this.dir = dir;
    this.compressing = compressing;
  }

  /** A frame was not found and is about to be compressed. */
  void missed() {
    compressing.run();
  }

  /** The frame stored for {@code key}, verified to decode to {@code raw} bytes hashing to the key; else null. */
  PayloadWriter.Frame get(String key, long raw) {
    Path zst = dir.resolve(key + ".zst");
    Path parts = dir.resolve(key + ".parts");
    if (!Files.isRegularFile(zst) || !Files.isRegularFile(parts)) {
      return null;
    }
    try {
      byte[] compressed = Files.readAllBytes(zst);
      List<PartSize> sizes = new ArrayList<>();
      long partRaw = 0;
      long partCompressed = 0;
      for (String line : Files.readAllLines(parts, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t");
        PartSize p = new PartSize(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
        sizes.add(p);
        partRaw += p.bytes();
        partCompressed += p.compressed();
      }
      String digest = HexFormat.of().formatHex(PayloadWriter.sha256().digest(compressed));
      boolean known = digest.equals(VERIFIED.get(key));
      if (partRaw != raw || partCompressed != compressed.length || !known && !decodesTo(key, compressed, raw)) {
        forget(key);
        return null;
      }
      if (!known) {
        decoded++;
        VERIFIED.put(key, digest);
      }
      Files.setLastModifiedTime(zst, FileTime.fromMillis(System.currentTimeMillis()));
      hits++;
      return new PayloadWriter.Frame(compressed, raw, List.copyOf(sizes));
    } catch (IOException | RuntimeException e) {
      forget(key); // unreadable or malformed: compressed and stored again
      return null;
    }
  }

  /** Decodes the frame, hashing what comes out: the key's hash and length, or it is not the frame it claims. */
  private static boolean decodesTo(String key, byte[] compressed, long raw) throws IOException {
    Codec codec = Codec.valueOf(key.substring(0, key.indexOf('-')).toUpperCase(java.util.Locale.ROOT));
    MessageDigest d = PayloadWriter.sha256();
    long n;
    try (InputStream in = codec.decompress(new ByteArrayInputStream(compressed));
        DigestOutputStream out = new DigestOutputStream(java.io.OutputStream.nullOutputStream(), d)) {
      n = in.transferTo(out);
    }
    return n == raw && key.endsWith("-" + HexFormat.of().formatHex(d.digest()));
  }

  /** Stores an entry beside the cache and renames it into place; failures only cost a later build a compression. */
  void put(String key, PayloadWriter.Frame frame) {
    Path tmpZst = null;
    Path tmpParts = null;
    try {
      Files.createDirectories(dir);
      StringBuilder parts = new StringBuilder();
      for (PartSize p : frame.parts()) {
        parts.append(p.part()).append('\t').append(p.files()).append('\t').append(p.bytes()).append('\t')
            .append(p.compressed()).append('\n');
      }
      tmpParts = Files.createTempFile(dir, ".tmp-", ".parts");
      Files.writeString(tmpParts, parts);
      tmpZst = Files.createTempFile(dir, ".tmp-", ".zst");
      Files.write(tmpZst, frame.compressed());
      Files.move(tmpParts, dir.resolve(key + ".parts"), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      tmpParts = null;
      Files.move(tmpZst, dir.resolve(key + ".zst"), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      tmpZst = null;
      evict();
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      // another build stored it first, or the directory cannot rename atomically: no cache
    } catch (IOException | RuntimeException e) {
      // an unwritable or full cache only costs the next build a compression
    } finally {
      deleteQuietly(tmpParts);
      deleteQuietly(tmpZst);
    }
  }

  /** Deletes the entries {@link CacheEviction} says are stale. */
  private void evict() throws IOException {
    List<Path> entries;
    try (Stream<Path> s = Files.list(dir)) {
      entries = s.filter(p -> p.getFileName().toString().endsWith(".zst") && !p.getFileName().toString()
          .startsWith(".")).toList();
    }
    // a runtime is three frames (PayloadWriter.runtimeRuns): as many runtimes' worth as the jlink cache keeps
    for (Path old : CacheEviction.stale(entries, p -> p.toFile().lastModified(), System.currentTimeMillis(), 3)) {
      String name = old.getFileName().toString();
      forget(name.substring(0, name.length() - ".zst".length()));
    }
  }

  private void forget(String key) {
    deleteQuietly(dir.resolve(key + ".zst"));
    deleteQuietly(dir.resolve(key + ".parts"));
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // left for the next eviction
      }
    }
  }
}
