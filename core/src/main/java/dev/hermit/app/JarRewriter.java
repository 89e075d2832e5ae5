package dev.hermit.app;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Writes a copy of a jar without some entries, descending into nested jars ({@code BOOT-INF/lib/x.jar!/path}), or
 * with one entry's content replaced.
 * The copy is deterministic: the same entry order and compression method (Spring Boot needs its nested jars
 * stored), every entry with the same fixed time and no extra fields, so the same input gives the same bytes.
 *
 * <p>A signed jar whose content changed would fail verification when its classes load; its signature files
 * ({@code META-INF/*.SF}, {@code .RSA}, {@code .DSA}, {@code .EC}) are then left out, and the result says so.
 */
public final class JarRewriter {
  private static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)",
      Pattern.CASE_INSENSITIVE);
  /** 1980-02-01 00:00, the time hermit gives every jar entry it writes (see JavaSources). */
  private static final long FIXED_TIME = java.time.LocalDateTime.of(1980, 2, 1, 0, 0)
      .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();

  /** @param unsigned the jars (by path, nested ones joined with {@code !/}) whose signature had to be removed */
  public record Result(int removed, List<String> unsigned) {}

  private final Set<String> drop;
  /** Entries whose content is replaced, by path (top level only). */
  private final java.util.Map<String, byte[]> replace;
  private final List<String> unsigned = new ArrayList<>();
  private int removed;

  private JarRewriter(Set<String> drop, java.util.Map<String, byte[]> replace) {
    this.drop = drop;
    this.replace = replace;
  }

  /** Copies {@code in} to {@code out} with the content of the entry {@code name} replaced (a manifest). */
  public static Result replacing(Path in, Path out, String name, byte[] content) throws IOException {
    return rewrite(new JarRewriter(Set.of(), java.util.Map.of(name, content)), in, out);
  }

  /** Copies {@code in} to {@code out} without the entries in {@code drop} (paths as {@link NativeScan} gives them). */
  public static Result without(Path in, Path out, Set<String> drop) throws IOException {
    return rewrite(new JarRewriter(drop, java.util.Map.of()), in, out);
  }

  private static Result rewrite(JarRewriter r, Path in, Path out) throws IOException {
    String name = in.getFileName().toString();
    try (FileChannel ch = FileChannel.open(in); OutputStream o = new BufferedOutputStream(Files.newOutputStream(out),
        1 << 16)) {
      List<RawZip.Entry> raw = ch.size() < Integer.MAX_VALUE
          ? RawZip.read(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size())) : null;
      if (raw == null || !r.copy(name, "", raw, o)) {
        r.write(name, "", inflated(in), o);
      }
    }
    return new Result(r.removed, List.copyOf(r.unsigned));
  }

  /** Every entry of {@code jar} inflated, through ZipFile: for the zips {@link RawZip} does not take. */
  private static List<Entry> inflated(Path jar) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> e = zip.entries();
      while (e.hasMoreElements()) {
        ZipEntry z = e.nextElement();
        try (InputStream s = zip.getInputStream(z)) {
          entries.add(new Entry(z.getName(), z.getMethod(), s.readAllBytes()));
        }
      }
    }
    return entries;
  }

  /**
   * The fast path: entries copied as stored, only nested jars that lose entries inflated, rewritten and stored or
   * deflated again. False, with nothing written, when the result would need ZIP64.
   */
  private boolean copy(String jarName, String prefix, List<RawZip.Entry> entries, OutputStream out)
      throws IOException {
    int removedBefore = removed;
    int unsignedBefore = unsigned.size();
    boolean changed = false;
    boolean signed = false;
    List<RawZip.Entry> kept = new ArrayList<>();
    for (RawZip.Entry e : entries) {
      signed |= isSignatureFile(e.name());
      String path = prefix + e.name();
      Fate fate = fate(path);
      switch (fate) {
        case DROP -> removed++;
        case REWRITE -> kept.add(stored(e, rewriteNested(path, path + "!/", contentOf(e))));
        case REPLACE -> kept.add(stored(e, replace.get(path)));
        case KEEP -> kept.add(e);
      }
      changed |= fate != Fate.KEEP;
    }
    if (signed && changed) {
      kept.removeIf(e -> SIGNATURE.matcher(e.name()).matches());
    }
    if (!RawZip.Writer.fits(kept)) {
      removed = removedBefore; // the caller writes this jar again the other way, nested jars included
      unsigned.subList(unsignedBefore, unsigned.size()).clear();
      return false;
    }
    if (signed && changed) {
      unsigned.add(jarName);
    }
    RawZip.Writer zip = new RawZip.Writer(out);
    for (RawZip.Entry e : kept) {
      zip.add(e);
    }
    zip.finish();
    return true;
  }

  /** A nested jar without its dropped entries, by the fast path where it can. */
  private byte[] rewriteNested(String path, String inner, byte[] jar) throws IOException {
    ByteArrayOutputStream nested = new ByteArrayOutputStream(jar.length);
    List<RawZip.Entry> raw = RawZip.read(ByteBuffer.wrap(jar));
    if (raw == null || !copy(path, inner, raw, nested)) {
      nested.reset();
      write(path, inner, readNested(jar), nested);
    }
    return nested.toByteArray();
  }

  private enum Fate { KEEP, DROP, REWRITE, REPLACE }

  /**
   * What becomes of the entry at {@code path}: kept, dropped, replaced, or a nested jar rewritten without some of
   * its own.
   */
  private Fate fate(String path) {
    if (drop.contains(path)) {
      return Fate.DROP;
    }
    if (replace.containsKey(path)) {
      return Fate.REPLACE;
    }
    String inner = path + "!/";
    return drop.stream().anyMatch(d -> d.startsWith(inner)) ? Fate.REWRITE : Fate.KEEP;
  }

  private static boolean isSignatureFile(String name) {
    return SIGNATURE.matcher(name).matches() && name.toUpperCase(java.util.Locale.ROOT).endsWith(".SF");
  }

  /** An entry's content: its data as stored, or inflated. */
  private static byte[] contentOf(RawZip.Entry e) throws IOException {
    ByteBuffer data = e.data().duplicate();
    if (e.method() == ZipEntry.STORED) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      return b;
    }
    if (e.method() != ZipEntry.DEFLATED) {
      throw new IOException(e.name() + ": a nested jar compressed with method " + e.method() + " is not read");
    }
    // deflate expands at most about 1032 to 1: a directory claiming more is damaged, and would cost the memory
    if (e.size() > Integer.MAX_VALUE - 8 || e.size() > 1032L * data.remaining() + 1024) {
      throw new IOException(e.name() + ": its directory entry claims " + e.size() + " bytes from " + data.remaining()
          + " compressed: the jar is damaged");
    }
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(data);
      byte[] b = new byte[(int) e.size()];
      int n = 0;
      while (n < b.length && !inflater.finished()) {
        int got = inflater.inflate(b, n, b.length - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
      if (n != b.length) {
        throw new IOException(e.name() + ": the entry inflates to " + n + " bytes, not the " + b.length
            + " its directory says");
      }
      return b;
    } catch (java.util.zip.DataFormatException x) {
      throw new IOException(e.name() + ": " + x.getMessage(), x);
    } finally {
      inflater.end();
    }
  }

  /** {@code content} in place of {@code e}'s, stored or deflated as {@code e} was. */
  private static RawZip.Entry stored(RawZip.Entry e, byte[] content) {
    CRC32 crc = new CRC32();
    crc.update(content);
    ByteBuffer data;
    if (e.method() == ZipEntry.STORED) {
      data = ByteBuffer.wrap(content);
    } else {
      Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
      ByteArrayOutputStream d = new ByteArrayOutputStream(content.length / 2 + 64);
      try {
        deflater.setInput(content);
        deflater.finish();
        byte[] chunk = new byte[64 * 1024];
        while (!deflater.finished()) {
          d.write(chunk, 0, deflater.deflate(chunk));
        }
      } finally {
        deflater.end();
      }
      data = ByteBuffer.wrap(d.toByteArray());
    }
    return new RawZip.Entry(e.name(), e.rawName(), e.flags(), e.method() == ZipEntry.STORED ? ZipEntry.STORED
        : ZipEntry.DEFLATED, (int) crc.getValue(), content.length, data);
  }

  private record Entry(String name, int method, byte[] content) {}

  private void write(String jarName, String prefix, List<Entry> entries, OutputStream out) throws IOException {
    boolean changed = false;
    boolean signed = false;
    List<Entry> kept = new ArrayList<>();
    for (Entry e : entries) {
      signed |= isSignatureFile(e.name());
      String path = prefix + e.name();
      Fate fate = fate(path);
      switch (fate) {
        case DROP -> removed++;
        case REWRITE -> {
          ByteArrayOutputStream nested = new ByteArrayOutputStream(e.content().length);
          write(path, path + "!/", readNested(e.content()), nested);
          kept.add(new Entry(e.name(), e.method(), nested.toByteArray()));
        }
        case REPLACE -> kept.add(new Entry(e.name(), e.method(), replace.get(path)));
        case KEEP -> kept.add(e);
      }
      changed |= fate != Fate.KEEP;
    }
    if (signed && changed) {
      kept.removeIf(e -> SIGNATURE.matcher(e.name()).matches());
      unsigned.add(jarName);
    }
    ZipOutputStream zip = new ZipOutputStream(out);
    java.util.Set<String> written = new java.util.HashSet<>();
    for (Entry e : kept) {
      if (!written.add(e.name())) {
        continue; // a name twice (Beam's vendored gRPC jar has META-INF/maven/ twice): java reads the first
      }
      ZipEntry z = new ZipEntry(e.name());
      z.setTime(FIXED_TIME);
      z.setMethod(e.method() == ZipEntry.STORED ? ZipEntry.STORED : ZipEntry.DEFLATED);
      if (e.method() == ZipEntry.STORED) {
        CRC32 crc = new CRC32();
        crc.update(e.content());
        z.setSize(e.content().length);
        z.setCompressedSize(e.content().length);
        z.setCrc(crc.getValue());
      }
      zip.putNextEntry(z);
      zip.write(e.content());
      zip.closeEntry();
    }
    zip.finish();
  }

  private static List<Entry> readNested(byte[] jar) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
      for (ZipEntry z; (z = zip.getNextEntry()) != null; ) {
        entries.add(new Entry(z.getName(), z.getMethod(), zip.readAllBytes()));
      }
    }
    return entries;
  }
}
