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
    return write(out, manifest, entries, codec, null, null, Packing.FAST).trailer();
  }

  /** Writes like {@link #write(OutputStream, Manifest, List, Codec, Function, FrameCache, Packing)}, with no frame cache. */
  public static Packed write(OutputStream out, Manifest manifest, List<TreeEntry> entries, Codec codec,
      Function<TreeEntry, String> partOf) throws IOException {
    return write(out, manifest, entries, codec, partOf, null, Packing.FAST);
  }

  /** What {@link #write(OutputStream, Manifest, List, Codec, Function, FrameCache, Packing)} wrote: the trailer, and sizes by part. */
  public record Packed(Trailer trailer, List<PartSize> parts) {}

  /** The subtree that recurs from build to build (the runtime): a zstd tree holds it as a frame of its own. */
  static final String RUNTIME = "rt";

  /**
   * Writes like {@link #write(OutputStream, Manifest, List, Codec)}, and measures each part of the tree: {@code
   * partOf} names the part of each file (null: no parts). The compressor is flushed where the part changes between
   * consecutive files (a few times per build, a few bytes each), so the compressed bytes a part is charged are
   * those the codec wrote for it, with matches into earlier parts counting for the part that reuses them. A file's
   * header counts for its part, a directory entry for the part before it, a frame's end for the part it ends in.
   * Exact for zstd and stored; deflate's stream is not flushed, so its figures lag by up to its buffer.
   *
   * <p>A zstd tree is several frames: the entries before {@code rt/}, the {@code rt/} subtree cut around its JVM
   * ({@link #runtimeRuns}: a launcher decodes from a cut in a second process), the entries after it
   * (docs/FORMAT.md). The runtime's frames depend only on their own bytes, so {@code frames} (null: none) can hand
   * back the ones compressed for the same bytes by an earlier build; the output is the same bytes either way.
   * {@code packing} says how hard those frames are compressed.
   */
  public static Packed write(OutputStream out, Manifest manifest, List<TreeEntry> entries, Codec codec,
      Function<TreeEntry, String> partOf, FrameCache frames, Packing packing) throws IOException {
    List<TreeEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(TreeEntry::path));
    checkTree(sorted);

    MessageDigest sha = sha256();
    CountingOutputStream counted = new CountingOutputStream(out);
    DigestOutputStream digested = new DigestOutputStream(counted, sha);

    byte[] manifestBytes = manifest.encode();
    digested.write(manifestBytes);
    long treeStart = counted.count;

    Parts parts = partOf == null ? null : new Parts(partOf, () -> counted.count, treeStart);
    long raw;
    int[] runtime = codec == Codec.ZSTD ? subtree(sorted, RUNTIME) : null;
    if (runtime == null) {
      raw = writeFrame(digested, codec, sorted, true, true, parts, 0, false);
    } else {
      raw = writeFrame(digested, codec, sorted.subList(0, runtime[0]), true, false, parts, 0, false);
      for (List<TreeEntry> run : runtimeRuns(sorted.subList(runtime[0], runtime[1]))) {
        Frame rt = runtimeFrame(codec, run, partOf, frames, packing == Packing.SMALL);
        digested.write(rt.compressed());
        if (parts != null) {
          parts.append(rt.parts(), raw + rt.raw());
        }
        raw += rt.raw();
      }
      raw = writeFrame(digested, codec, sorted.subList(runtime[1], sorted.size()), false, true, parts, raw, false);
    }
    long treeLength = counted.count - treeStart;
    Trailer trailer = Trailer.seal(sha, codec, manifestBytes.length, treeLength, raw);
    out.write(trailer.encode());
    out.flush();
    return new Packed(trailer, parts == null ? List.of() : parts.finish(raw));
  }

  /**
   * Compresses {@code entries} as one frame (stream) onto {@code out}, after the archive's magic when {@code first},
   * before its end header when {@code last}; returns the raw position after them, {@code rawAt} being the one before.
   * {@code hard}: the codec's slowest level.
   */
  private static long writeFrame(OutputStream out, Codec codec, List<TreeEntry> entries, boolean first, boolean last,
      Parts parts, long rawAt, boolean hard) throws IOException {
    CountingOutputStream raw;
    try (OutputStream compressed = codec.compress(out, hard)) {
      raw = new CountingOutputStream(compressed);
      raw.count = rawAt;
      if (first) {
        raw.write(MAGIC);
      }
      writeEntries(raw, entries, parts);
      if (last) {
        writeHeader(raw, 0, 0, 0, 0);
      }
      raw.flush();
    }
    if (parts != null) {
      parts.frameEnd(raw.count);
    }
    return raw.count;
  }

  /** A compressed frame of part of the archive: its bytes, the raw bytes it holds, and their parts. */
  public record Frame(byte[] compressed, long raw, List<PartSize> parts) {}

  /** The runtime's frame: from {@code frames} when it holds one for exactly these raw bytes, else compressed here. */
  private static Frame runtimeFrame(Codec codec, List<TreeEntry> entries, Function<TreeEntry, String> partOf,
      FrameCache frames, boolean hard) throws IOException {
    String key = null;
    if (frames != null) {
      MessageDigest d = sha256();
      CountingOutputStream raw = new CountingOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), d));
      writeEntries(raw, entries, null);
      key = codec.name().toLowerCase(java.util.Locale.ROOT) + (hard && codec == Codec.ZSTD ? "-" + Codec.ZSTD_HARD_KEY : "") + "-"
          + java.util.HexFormat.of().formatHex(d.digest());
      Frame cached = frames.get(key, raw.count);
      if (cached != null) {
        return cached;
      }
      frames.missed();
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    CountingOutputStream counted = new CountingOutputStream(bytes);
    Parts parts = partOf == null ? null : new Parts(partOf, () -> counted.count, 0);
    long raw = writeFrame(counted, codec, entries, false, false, parts, 0, hard);
    Frame frame = new Frame(bytes.toByteArray(), raw, parts == null ? List.of() : parts.finish(raw));
    if (frames != null) {
      frames.put(key, frame);
    }
    return frame;
  }

  /**
   * The runtime's entries in runs of a frame each: the JVM ({@code lib/server/libjvm.so}) alone, between what comes
   * before it and after it. Its bytes are the same in every runtime of a JDK and target, whatever the modules, so its
   * frame, most of the compressing a new runtime costs, is compressed once and found in the frame cache by every
   * other build for that JDK; the frame starts around it also give a launcher a cut near the middle to decode from
   * in a second process (for hello: 21 MB of raw bytes before it, 20 MB in it, 7 MB after). A runtime without a
   * libjvm.so is cut in {@link #halves}.
   */
  static List<List<TreeEntry>> runtimeRuns(List<TreeEntry> entries) throws IOException {
    for (int i = 0; i < entries.size(); i++) {
      TreeEntry e = entries.get(i);
      if (e.type() == TreeEntry.Type.FILE && LIBJVM.matcher(e.path()).matches()) {
        List<List<TreeEntry>> runs = new ArrayList<>();
        for (List<TreeEntry> run : List.of(entries.subList(0, i), entries.subList(i, i + 1),
            entries.subList(i + 1, entries.size()))) {
          if (!run.isEmpty()) {
            runs.add(run);
          }
        }
        return runs;
      }
    }
    return halves(entries);
  }

  private static final java.util.regex.Pattern LIBJVM = java.util.regex.Pattern.compile("rt/lib/[^/]+/libjvm\\.so");

  /**
   * The runtime's entries as two runs of about equal raw size (one when it has a single entry): a frame each, so
   * that a launcher can decode them in two processes at once (docs/FORMAT.md, codec 2). A split of the compressed
   * bytes would balance the work a little better but could not be known before compressing.
   */
  static List<List<TreeEntry>> halves(List<TreeEntry> entries) throws IOException {
    long[] sizes = new long[entries.size()];
    long total = 0;
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = rawSize(entries.get(i));
      total += sizes[i];
    }
    long before = 0;
    for (int i = 0; i < sizes.length; i++) {
      if (i > 0 && before + sizes[i] / 2 >= total / 2) {
        return List.of(entries.subList(0, i), entries.subList(i, entries.size()));
      }
      before += sizes[i];
    }
    return List.of(entries);
  }

  /** The bytes an entry takes in the raw archive: header, path, data. */
  private static long rawSize(TreeEntry e) throws IOException {
    return 16 + e.path().getBytes(StandardCharsets.UTF_8).length + dataSize(e);
  }

  /** The size field of an entry's header: a file's bytes, a link's target, nothing for a directory. */
  private static long dataSize(TreeEntry e) throws IOException {
    return switch (e.type()) {
      case DIRECTORY -> 0;
      case SYMLINK -> e.content().length;
      case FILE -> e.content() != null ? e.content().length : Files.size(e.source());
    };
  }

  /** [first, end) of the entries at or under {@code dir}, when they are all of it and not the whole tree; else null. */
  static int[] subtree(List<TreeEntry> sorted, String dir) {
    int first = -1;
    int end = -1;
    for (int i = 0; i < sorted.size(); i++) {
      String p = sorted.get(i).path();
      boolean inside = p.equals(dir) || p.startsWith(dir + "/");
      if (inside && first < 0) {
        first = i;
      } else if (inside && end >= 0) {
        return null; // not contiguous ("rt-x" sorts between "rt" and "rt/..."): one frame
      } else if (!inside && first >= 0 && end < 0) {
        end = i;
      }
    }
    if (first < 0) {
      return null;
    }
    return new int[] {first, end < 0 ? sorted.size() : end};
  }

  /** Bytes in and out per part, charged at each change of part and at each frame's end. */
  private static final class Parts {
    private final Function<TreeEntry, String> partOf;
    private final java.util.function.LongSupplier compressed;
    private final Map<String, long[]> sizes = new LinkedHashMap<>(); // files, bytes, compressed
    private String current;
    private long rawMark;
    private long compressedMark;

    Parts(Function<TreeEntry, String> partOf, java.util.function.LongSupplier compressed, long treeStart) {
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

    /** A frame ended at raw offset {@code rawAt}: its end counts for the part it ends in. */
    void frameEnd(long rawAt) {
      if (current != null) {
        charge(rawAt);
      } // else no file yet: the magic, directories and frame end count for the first part

    }

    /** A frame measured elsewhere was written; the raw offset is now {@code rawAt}. */
    void append(List<PartSize> frameParts, long rawAt) {
      for (PartSize p : frameParts) {
        long[] s = sizes.computeIfAbsent(p.part(), k -> new long[3]);
        s[0] += p.files();
        s[1] += p.bytes();
        s[2] += p.compressed();
        current = p.part();
      }
      rawMark = rawAt;
      compressedMark = compressed.getAsLong();
    }

    private void charge(long rawAt) {
      long[] s = sizes.computeIfAbsent(current, k -> new long[3]);
      s[1] += rawAt - rawMark;
      s[2] += compressed.getAsLong() - compressedMark;
      rawMark = rawAt;
      compressedMark = compressed.getAsLong();
    }

    List<PartSize> finish(long rawEnd) {
      if (current == null) {
        return List.of();
      }
      if (rawEnd > rawMark || compressed.getAsLong() > compressedMark) {
        charge(rawEnd);
      }
      List<PartSize> out = new ArrayList<>();
      sizes.forEach((name, s) -> out.add(new PartSize(name, (int) s[0], s[1], s[2])));
      return out;
    }
  }

  private static final byte[] MAGIC = "HTR1".getBytes(StandardCharsets.US_ASCII);

  /** Writes the entries' headers, paths and data; x86 ELF files go through {@link X86Calls}, as entries of type 4. */
  private static void writeEntries(CountingOutputStream out, List<TreeEntry> entries, Parts parts)
      throws IOException {
    byte[] buffer = new byte[1 << 16];
    for (TreeEntry e : entries) {
      if (parts != null) {
        parts.before(e, out);
      }
      byte[] path = e.path().getBytes(StandardCharsets.UTF_8);
      if (path.length > 0xffff) {
        throw new IllegalArgumentException("path too long for the archive: " + e.path());
      }
      long size = dataSize(e);
      byte[] calls = x86Calls(e, size);
      writeHeader(out, calls != null ? X86_CALLS : e.type().id, path.length, e.mode(), size);
      out.write(path);
      if (calls != null) {
        out.write(calls);
      } else if (e.type() == TreeEntry.Type.FILE && e.source() != null) {
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
  }

  /** The entry type of a file whose bytes went through {@link X86Calls} (docs/FORMAT.md "Tree"). */
  static final int X86_CALLS = 4;

  /** An x86 ELF file's bytes through the call filter, or null for any other entry. */
  private static byte[] x86Calls(TreeEntry e, long size) throws IOException {
    if (e.type() != TreeEntry.Type.FILE || size < X86Calls.MIN_SIZE || size > Integer.MAX_VALUE - 16) {
      return null;
    }
    byte[] head = new byte[20];
    int n;
    if (e.content() != null) {
      n = Math.min(20, e.content().length);
      System.arraycopy(e.content(), 0, head, 0, n);
    } else {
      try (InputStream in = Files.newInputStream(e.source())) {
        n = in.readNBytes(head, 0, 20);
      }
    }
    if (!X86Calls.suits(head, n, size)) {
      return null;
    }
    byte[] data = e.content() != null ? e.content().clone() : Files.readAllBytes(e.source());
    if (data.length != size) {
      throw new IOException(e.source() + " changed size while it was being packed");
    }
    X86Calls.encode(data);
    return data;
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
