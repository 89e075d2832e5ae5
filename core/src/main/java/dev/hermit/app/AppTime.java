package dev.hermit.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.OptionalLong;

/**
 * When the app was built, as its jars record it: the newest entry time in any of them. The launcher gives every
 * extracted file this time (docs/FORMAT.md, MTIME), so what serves a file by its modification time sees the same
 * time in every container and every replica, and a later build of the app a later one: an HTTP {@code
 * Last-Modified} (Spring's and Jetty's static resources) and the resource URLs that carry it (Wicket) change when
 * the app does and only then. The extraction's own time changed on every fresh container; a fixed time (1970) would
 * have a browser keep an old version's files after an upgrade ("304 Not Modified").
 *
 * <p>Read from the jars' bytes, so a build stays reproducible, and independent of the build machine's time zone:
 * an entry's extended timestamp (a UTC instant) where it has one, else its NTFS time, else its MS-DOS date and time
 * read as UTC.
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
  private static final int CENTRAL = 0x02014b50;
  private static final int END = 0x06054b50;
  private static final int ZIP64_END = 0x06064b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;

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

  /**
   * The newest usable entry time in one zip, or -1 (also for a zip this does not read). Straight from the central
   * directory, no entry objects: ZipFile's entries took 2.4-4 times as long (400 jars of ~/.m2, 793 MB).
   */
  static long newest(Path zip) throws IOException {
    try (FileChannel ch = FileChannel.open(zip)) {
      long size = ch.size();
      int tailSize = (int) Math.min(size, 22 + 65_535 + 20 + 56);
      ByteBuffer tail = read(ch, size - tailSize, tailSize);
      int end = tailSize - 22;
      while (end >= 0 && tail.getInt(end) != END) {
        end--;
      }
      if (end < 0) {
        return -1;
      }
      long cenSize = Integer.toUnsignedLong(tail.getInt(end + 12));
      long cenEnd = size - tailSize + end; // the directory ends where its end record starts
      if (end >= 20 && tail.getInt(end - 20) == ZIP64_LOCATOR) {
        // ZIP64 (over 65,535 entries, or 4 GB): its end record, which the locator points to, follows the directory;
        // 56 bytes before the locator where the offset does not count a launch script in front
        long locator = cenEnd - 20;
        long z64 = tail.getLong(end - 12);
        ByteBuffer rec = read(ch, z64, 56);
        if (rec.getInt(0) != ZIP64_END) {
          rec = read(ch, z64 = locator - 56, 56);
        }
        if (rec.getInt(0) != ZIP64_END) {
          return -1;
        }
        cenSize = rec.getLong(40);
        cenEnd = z64;
      }
      if (cenSize > cenEnd || cenSize > Integer.MAX_VALUE) {
        return -1;
      }
      return newestIn(read(ch, cenEnd - cenSize, (int) cenSize));
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      return -1; // offsets past the file or before it: a damaged zip has no time to give (the scan names it)
    }
  }

  private static long newestIn(ByteBuffer cen) {
    long newest = -1;
    for (int p = 0; p + 46 <= cen.limit() && cen.getInt(p) == CENTRAL; ) {
      int nameLength = Short.toUnsignedInt(cen.getShort(p + 28));
      int extraLength = Short.toUnsignedInt(cen.getShort(p + 30));
      int commentLength = Short.toUnsignedInt(cen.getShort(p + 32));
      int extra = p + 46 + nameLength;
      if (extra + extraLength > cen.limit()) {
        break;
      }
      long t = instant(cen, extra, extraLength);
      if (t == Long.MIN_VALUE) {
        t = dos(Short.toUnsignedInt(cen.getShort(p + 14)), Short.toUnsignedInt(cen.getShort(p + 12)));
      }
      if (t >= EARLIEST && t <= LATEST) {
        newest = Math.max(newest, t);
      }
      p = extra + extraLength + commentLength;
    }
    return newest;
  }

  /** An extended timestamp's modification time (a UTC instant), else NTFS's; Long.MIN_VALUE without either. */
  private static long instant(ByteBuffer cen, int from, int length) {
    long ntfs = Long.MIN_VALUE;
    for (int p = from; p + 4 <= from + length; ) {
      int id = Short.toUnsignedInt(cen.getShort(p));
      int size = Short.toUnsignedInt(cen.getShort(p + 2));
      if (p + 4 + size > from + length) {
        break;
      }
      if (id == EXTENDED_TIMESTAMP && size >= 5 && (cen.get(p + 4) & 1) != 0) {
        return cen.getInt(p + 5);
      }
      // NTFS: 4 reserved bytes, then attribute 1 of 24 bytes: modification, access, creation in 100 ns from 1601
      if (id == NTFS && size >= 32 && cen.getShort(p + 8) == 1 && cen.getShort(p + 10) >= 24) {
        ntfs = Math.floorDiv(cen.getLong(p + 12), 10_000_000L) - 11_644_473_600L;
      }
      p += 4 + size;
    }
    return ntfs;
  }

  /** MS-DOS date and time fields as a time in UTC (they carry no zone); Long.MIN_VALUE when not a valid time. */
  static long dos(int date, int time) {
    int month = (date >> 5) & 15;
    int day = date & 31;
    int hour = time >> 11;
    int minute = (time >> 5) & 63;
    int second = (time & 31) * 2;
    if (month < 1 || month > 12 || day < 1 || day > 28 + 3 || hour > 23 || minute > 59 || second > 59) {
      return Long.MIN_VALUE;
    }
    try {
      return LocalDateTime.of(1980 + (date >> 9), month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
    } catch (java.time.DateTimeException e) { // February 30th
      return Long.MIN_VALUE;
    }
  }

  private static ByteBuffer read(FileChannel ch, long at, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
      // a short read: go on from where it stopped
    }
    return b.flip();
  }

  /**
   * A warning when the app's time is more than a day after {@code now} (a day's slack: MS-DOS times carry no zone):
   * every extracted file gets it, so a server answering If-Modified-Since from it answers 304 to every later build
   * until then.
   */
  public static java.util.Optional<String> future(long appTime, long now) {
    if (appTime <= now + 86_400) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of("the newest entry time in the app's jars, " + java.time.Instant.ofEpochSecond(appTime)
        + ", is in the future: every extracted file gets it, and a server answering If-Modified-Since from it (Spring "
        + "Boot's static resources) answers 304 to every later build until then; rebuild the jar that holds it");
  }

  private static boolean isZip(Path f) {
    String n = f.getFileName().toString();
    return n.endsWith(".jar") || n.endsWith(".war") || n.endsWith(".zip") || n.endsWith(".ear");
  }
}
