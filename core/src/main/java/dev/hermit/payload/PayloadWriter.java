package dev.hermit.payload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes manifest, compressed tree and trailer to a stream (docs/FORMAT.md). The output is a pure function of the
 * inputs: entries are sorted by path, and nothing from the clock or the file system's metadata beyond the declared
 * modes gets in.
 */
public final class PayloadWriter {
  private PayloadWriter() {}

  public static Trailer write(OutputStream out, Manifest manifest, List<TreeEntry> entries, Codec codec)
      throws IOException {
    return write(out, manifest, entries, codec, null).trailer();
  }

  /** What {@link #write(OutputStream, Manifest, List, Codec, Function)} wrote: the trailer, and sizes by part. */
  public record Packed(Trailer trailer, List<PartSize> parts) {}

  /**
   * Writes like {@link #write(OutputStream, Manifest, List, Codec)}, and measures each part of the tree: {@code
   * partOf} names the part of each file (null: no parts). The compressor is flushed where the part changes between
   * consecutive files (a few times per build, a few bytes each), so the compressed bytes a part is charged are
   * those the codec wrote for it, with matches into earlier parts counting for the part that reuses them. A file's
   * header counts for its part, a directory entry for the part before it, the frame's end for the last part. Exact
   * for zstd and stored; deflate's stream is not flushed, so its figures lag by up to its buffer.
   */
  public static Packed write(OutputStream out, Manifest manifest, List<TreeEntry> entries, Codec codec,
      Function<TreeEntry, String> partOf) throws IOException {
    List<TreeEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(TreeEntry::path));
    checkTree(sorted);

    MessageDigest sha = sha256();
    CountingOutputStream counted = new CountingOutputStream(out);
    DigestOutputStream digested = new DigestOutputStream(counted, sha);

    byte[] manifestBytes = manifest.encode();
    digested.write(manifestBytes);
    long treeStart = counted.count;

    CountingOutputStream raw;
    Parts parts = partOf == null ? null : new Parts(partOf, counted, treeStart);
    try (OutputStream compressed = codec.compress(digested)) {
      raw = new CountingOutputStream(compressed);
      writeArchive(raw, sorted, parts);
      raw.flush();
    }
    long treeLength = counted.count - treeStart;
    Trailer trailer = Trailer.seal(sha, codec, manifestBytes.length, treeLength, raw.count);
    out.write(trailer.encode());
    out.flush();
    return new Packed(trailer, parts == null ? List.of() : parts.finish(raw.count));
  }

  /** Bytes in and out per part, charged at each change of part. */
  private static final class Parts {
    private final Function<TreeEntry, String> partOf;
    private final CountingOutputStream compressed;
    private final Map<String, long[]> sizes = new LinkedHashMap<>(); // files, bytes, compressed
    private String current;
    private long rawMark;
    private long compressedMark;

    Parts(Function<TreeEntry, String> partOf, CountingOutputStream compressed, long treeStart) {
      this.partOf = partOf;
      this.compressed = compressed;
      this.compressedMark = treeStart;
    }

    /** Before entry {@code e} is written at raw offset {@code rawAt} of the archive. */
    void before(TreeEntry e, CountingOutputStream raw) throws IOException {
      if (e.type() != TreeEntry.Type.FILE) {
        return;
      }
      String part = partOf.apply(e);
      if (current == null) {
        current = part;
      } else if (!part.equals(current)) {
        raw.flush(); // the compressor emits everything it holds for the part so far
        charge(raw.count);
        current = part;
      }
      sizes.computeIfAbsent(part, k -> new long[3])[0]++;
    }

    private void charge(long rawAt) {
      long[] s = sizes.computeIfAbsent(current, k -> new long[3]);
      s[1] += rawAt - rawMark;
      s[2] += compressed.count - compressedMark;
      rawMark = rawAt;
      compressedMark = compressed.count;
    }

    List<PartSize> finish(long rawEnd) {
      if (current == null) {
        return List.of();
      }
      charge(rawEnd);
      List<PartSize> out = new ArrayList<>();
      sizes.forEach((name, s) -> out.add(new PartSize(name, (int) s[0], s[1], s[2])));
      return out;
    }
  }

  private static void writeArchive(CountingOutputStream out, List<TreeEntry> entries, Parts parts)
      throws IOException {
    out.write("HTR1".getBytes(StandardCharsets.US_ASCII));
    byte[] buffer = new byte[1 << 16];
    for (TreeEntry e : entries) {
      if (parts != null) {
        parts.before(e, out);
      }
      byte[] path = e.path().getBytes(StandardCharsets.UTF_8);
      if (path.length > 0xffff) {
        throw new IllegalArgumentException("path too long for the archive: " + e.path());
      }
      long size = switch (e.type()) {
        case DIRECTORY -> 0;
        case SYMLINK -> e.content().length;
        case FILE -> e.content() != null ? e.content().length : Files.size(e.source());
      };
      writeHeader(out, e.type().id, path.length, e.mode(), size);
      out.write(path);
      if (e.type() == TreeEntry.Type.FILE && e.source() != null) {
        long copied = 0;
        try (InputStream in = Files.newInputStream(e.source())) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
            copied += n;
          }
        }
        if (copied != size) {
          throw new IOException(e.source() + " changed size while it was being packed");
        }
      } else if (e.content() != null) {
        out.write(e.content());
      }
    }
    writeHeader(out, 0, 0, 0, 0);
  }

  private static void writeHeader(OutputStream out, int type, int pathLength, int mode, long size) throws IOException {
    byte[] h = new byte[16];
    h[0] = (byte) type;
    h[2] = (byte) pathLength;
    h[3] = (byte) (pathLength >>> 8);
    for (int i = 0; i < 4; i++) {
      h[4 + i] = (byte) (mode >>> (8 * i));
    }
    for (int i = 0; i < 8; i++) {
      h[8 + i] = (byte) (size >>> (8 * i));
    }
    out.write(h);
  }

  /** Parents first and unique paths, as the launcher requires. */
  private static void checkTree(List<TreeEntry> sorted) {
    Set<String> dirs = new HashSet<>();
    Set<String> seen = new HashSet<>();
    for (TreeEntry e : sorted) {
      if (!seen.add(e.path())) {
        throw new IllegalArgumentException("duplicate tree path: " + e.path());
      }
      int slash = e.path().lastIndexOf('/');
      if (slash > 0 && !dirs.contains(e.path().substring(0, slash))) {
        throw new IllegalArgumentException("tree path has no parent directory entry: " + e.path());
      }
      if (e.type() == TreeEntry.Type.DIRECTORY) {
        dirs.add(e.path());
      }
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
