package dev.hermit.app;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Writes a copy of a jar without some entries, descending into nested jars ({@code BOOT-INF/lib/x.jar!/path}).
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
  private final List<String> unsigned = new ArrayList<>();
  private int removed;

  private JarRewriter(Set<String> drop) {
    this.drop = drop;
  }

  /** Copies {@code in} to {@code out} without the entries in {@code drop} (paths as {@link NativeScan} gives them). */
  public static Result without(Path in, Path out, Set<String> drop) throws IOException {
    JarRewriter r = new JarRewriter(drop);
    List<Entry> entries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(in.toFile())) {
      Enumeration<? extends ZipEntry> e = zip.entries();
      while (e.hasMoreElements()) {
        ZipEntry z = e.nextElement();
        try (InputStream s = zip.getInputStream(z)) {
          entries.add(new Entry(z.getName(), z.getMethod(), s.readAllBytes()));
        }
      }
    }
    try (OutputStream o = Files.newOutputStream(out)) {
      r.write(in.getFileName().toString(), "", entries, o);
    }
    return new Result(r.removed, List.copyOf(r.unsigned));
  }

  private record Entry(String name, int method, byte[] content) {}

  private void write(String jarName, String prefix, List<Entry> entries, OutputStream out) throws IOException {
    boolean changed = false;
    boolean signed = false;
    List<Entry> kept = new ArrayList<>();
    for (Entry e : entries) {
      signed |= SIGNATURE.matcher(e.name()).matches() && e.name().toUpperCase(java.util.Locale.ROOT).endsWith(".SF");
      String path = prefix + e.name();
      if (drop.contains(path)) {
        removed++;
        changed = true;
        continue;
      }
      String inner = path + "!/";
      if (drop.stream().anyMatch(d -> d.startsWith(inner))) {
        ByteArrayOutputStream nested = new ByteArrayOutputStream(e.content().length);
        write(path, inner, readNested(e.content()), nested);
        kept.add(new Entry(e.name(), e.method(), nested.toByteArray()));
        changed = true;
      } else {
        kept.add(e);
      }
    }
    if (signed && changed) {
      kept.removeIf(e -> SIGNATURE.matcher(e.name()).matches());
      unsigned.add(jarName);
    }
    ZipOutputStream zip = new ZipOutputStream(out);
    for (Entry e : kept) {
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
