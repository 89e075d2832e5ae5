package dev.hermit.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Enumeration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * When the app was built, as its jars record it: the newest entry time in any of them. The launcher gives every
 * extracted file this time (docs/FORMAT.md, MTIME), so what serves a file by its modification time sees the same
 * time in every container and every replica, and a later build of the app a later one: an HTTP {@code
 * Last-Modified} (Spring's and Jetty's static resources) and the resource URLs that carry it (Wicket) change when
 * the app does and only then. The extraction's own time changed on every fresh container; a fixed time (1970) would
 * have a browser keep an old version's files after an upgrade ("304 Not Modified").
 *
 * <p>Read from the jars' bytes, so a build stays reproducible, and independent of the build machine's time zone:
 * an entry's extended timestamp (a UTC instant) where it has one, else its MS-DOS date and time read as UTC.
 * Times before 1981 are not build times (zip's epoch is 1980; reproducible jars, hermit's own among them, use
 * 1980-02-01), nor are those from 2038 on (the launcher's 32-bit arches take no more).
 */
public final class AppTime {
  private AppTime() {}

  /** 1981-01-01T00:00:00Z. */
  static final long EARLIEST = 347_155_200L;
  /** 2^31 - 1: the last second a 32-bit time_t holds. */
  static final long LATEST = Integer.MAX_VALUE;
  private static final int EXTENDED_TIMESTAMP = 0x5455;
  private static final int NTFS = 0x000a;

  /** The newest build time among these files' zip entries (files that are not zips are skipped); empty if none. */
  public static OptionalLong of(Iterable<Path> files) throws IOException {
    long newest = -1;
    for (Path f : files) {
      if (Files.isRegularFile(f) && isZip(f)) {
        newest = Math.max(newest, newest(f));
      }
    }
    return newest < 0 ? OptionalLong.empty() : OptionalLong.of(newest);
  }

  /** The newest usable entry time in one zip, or -1. */
  static long newest(Path zip) throws IOException {
    long newest = -1;
    try (ZipFile z = new ZipFile(zip.toFile())) {
      for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
        long t = seconds(en.nextElement());
        if (t >= EARLIEST && t <= LATEST) {
          newest = Math.max(newest, t);
        }
      }
    }
    return newest;
  }

  /** An entry's time in seconds since 1970, the same whatever the default time zone. */
  static long seconds(ZipEntry e) {
    if (hasInstant(e.getExtra())) {
      return e.getLastModifiedTime().to(TimeUnit.SECONDS);
    }
    return e.getTimeLocal().toEpochSecond(ZoneOffset.UTC);
  }

  /** Whether the extra fields hold a time ZipEntry reads as an instant (extended timestamp, NTFS). */
  private static boolean hasInstant(byte[] extra) {
    for (int p = 0; extra != null && p + 4 <= extra.length; ) {
      int id = (extra[p] & 0xff) | (extra[p + 1] & 0xff) << 8;
      int size = (extra[p + 2] & 0xff) | (extra[p + 3] & 0xff) << 8;
      boolean mtime = id == EXTENDED_TIMESTAMP && size >= 5 && p + 4 < extra.length && (extra[p + 4] & 1) != 0;
      if (mtime || id == NTFS && size >= 32) {
        return true;
      }
      p += 4 + size;
    }
    return false;
  }

  private static boolean isZip(Path f) throws IOException {
    String n = f.getFileName().toString();
    return n.endsWith(".jar") || n.endsWith(".war") || n.endsWith(".zip") || n.endsWith(".ear");
  }
}
