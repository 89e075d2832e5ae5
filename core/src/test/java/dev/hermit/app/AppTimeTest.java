package dev.hermit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.TimeZone;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's build time as its jars record it: newest entry, zone-independent, reproducible jars' 1980 ignored. */
class AppTimeTest {
  @TempDir Path dir;

  private static final LocalDateTime BUILT = LocalDateTime.of(2026, 11, 30, 14, 15, 16);
  private static final long BUILT_UTC = BUILT.toEpochSecond(ZoneOffset.UTC);

  /** A jar whose entries have these MS-DOS local times (as javac's jar tool and Maven's archiver write them). */
  private Path dosJar(String name, LocalDateTime... times) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream f = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(f)) {
      for (int i = 0; i < times.length; i++) {
        ZipEntry e = new ZipEntry("e" + i);
        e.setTimeLocal(times[i]);
        z.putNextEntry(e);
        z.write(i);
        z.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void theNewestDosTimeReadAsUtcWhateverTheZone() throws IOException {
    Path jar = dosJar("app.jar", BUILT.minusDays(3), BUILT, BUILT.minusHours(1));
    TimeZone saved = TimeZone.getDefault();
    try {
      for (String zone : new String[] {"UTC", "Asia/Tokyo", "America/Los_Angeles"}) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        assertEquals(OptionalLong.of(BUILT_UTC), AppTime.of(List.of(jar)), zone);
      }
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void anExtendedTimestampIsTakenAsTheInstantItIs() throws IOException {
    Path jar = dir.resolve("ext.jar");
    Instant at = Instant.parse("2026-12-01T10:00:05Z");
    try (OutputStream f = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(f)) {
      ZipEntry e = new ZipEntry("x");
      e.setLastModifiedTime(FileTime.from(at)); // writes the extended timestamp beside the DOS fields
      z.putNextEntry(e);
      z.closeEntry();
    }
    TimeZone saved = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
      assertEquals(OptionalLong.of(at.getEpochSecond()), AppTime.of(List.of(jar)));
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void theNewestAcrossJarsAndNothingFromOtherFiles() throws IOException {
    Path lib = dosJar("lib.jar", BUILT.minusYears(2));
    Path app = dosJar("app.jar", BUILT);
    Path conf = Files.writeString(dir.resolve("app.conf"), "not a zip");
    assertEquals(OptionalLong.of(BUILT_UTC), AppTime.of(List.of(lib, conf, app, dir)));
    assertEquals(OptionalLong.of(BUILT_UTC - 2 * 365 * 86400L), AppTime.of(List.of(lib)));
  }

  @Test
  void reproducibleJarsFixedTimesAreNoBuildTime() throws IOException {
    // Gradle's and hermit's own fixed time, and zip's epoch: a fixed time would never change between versions
    Path fixed = dosJar("fixed.jar", LocalDateTime.of(1980, 2, 1, 0, 0), LocalDateTime.of(1980, 1, 1, 0, 0));
    assertEquals(OptionalLong.empty(), AppTime.of(List.of(fixed)));
    assertEquals(OptionalLong.empty(), AppTime.of(List.of()));
    Path late = dosJar("late.jar", LocalDateTime.of(2040, 1, 1, 0, 0), BUILT);
    assertEquals(OptionalLong.of(BUILT_UTC), AppTime.of(List.of(late)), "past 2038 is skipped, not clamped");
  }

  @Test
  void aZip64DirectoryAndALaunchScriptInFrontAreRead() throws IOException {
    Path big = dir.resolve("big.jar"); // over 65,535 entries: the ZIP64 end record holds the directory's place
    // buffered: unbuffered, each header field is a write of its own (20 s of a CI run)
    try (ZipOutputStream z = new ZipOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(big)))) {
      z.setLevel(0);
      for (int i = 0; i < 70_000; i++) {
        ZipEntry e = new ZipEntry("e" + i);
        e.setTimeLocal(i == 65_600 ? BUILT : BUILT.minusDays(1));
        z.putNextEntry(e);
        z.closeEntry();
      }
    }
    assertEquals(OptionalLong.of(BUILT_UTC), AppTime.of(List.of(big)));
    Path plain = dosJar("plain.jar", BUILT);
    Path scripted = dir.resolve("scripted.jar"); // Trino's CLI: a shell script in front of the jar
    Files.write(scripted, ("#!/bin/sh\nexec java -jar \"$0\" \"$@\"\n").getBytes());
    Files.write(scripted, Files.readAllBytes(plain), java.nio.file.StandardOpenOption.APPEND);
    assertEquals(OptionalLong.of(BUILT_UTC), AppTime.of(List.of(scripted)));
    Path broken = Files.write(dir.resolve("broken.jar"), new byte[] {'P', 'K', 3, 4, 0});
    assertEquals(OptionalLong.empty(), AppTime.of(List.of(broken)), "no time from what is not a zip");
  }

  @Test
  void aTimeMoreThanADayAheadIsWarnedOf() {
    long now = BUILT_UTC;
    assertEquals(java.util.Optional.empty(), AppTime.future(now + 86_400, now), "a zone's difference is no warning");
    assertEquals(java.util.Optional.empty(), AppTime.future(-1, now));
    String w = AppTime.future(now + 86_401, now).orElseThrow();
    assertEquals(true, w.startsWith("the newest entry time in the app's jars, 2026-12-01T14:15:17Z, is in the future"), w);
  }
}
