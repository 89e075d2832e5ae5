package dev.hermit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The build caches' eviction: the 12 newest stay, then what was used within 5 days, 64 at most. */
class CacheEvictionTest {
  static final long NOW = 1_800_000_000_000L;
  static final long DAY = 24 * 3600 * 1000L;

  /** Entries named by their index, the i-th last used {@code ages[i]} days ago, handed over newest last. */
  static List<Integer> delete(double... ages) {
    List<Integer> entries = new java.util.ArrayList<>(IntStream.range(0, ages.length).boxed().toList());
    java.util.Collections.reverse(entries); // the cache lists its directory in any order
    return CacheEviction.stale(entries, i -> NOW - (long) (ages[i] * DAY), NOW).stream().sorted().toList();
  }

  @Test
  void aRunOfManyRuntimesKeepsThemAll() {
    assertEquals(List.of(), delete(new double[40])); // 40 used today: a test suite, a monorepo's apps
  }

  @Test
  void whatWentUnusedForFiveDaysGoesBeyondTheTwelveNewest() {
    double[] ages = new double[20];
    for (int i = 0; i < ages.length; i++) {
      ages[i] = i < 14 ? 1 : 6; // 14 used yesterday, 6 last week
    }
    assertEquals(List.of(14, 15, 16, 17, 18, 19), delete(ages));
    double[] old = new double[15];
    for (int i = 0; i < old.length; i++) {
      old[i] = 30 + i / 100.0; // all a month old: the 12 newest stay, as the cache always kept them
    }
    assertEquals(List.of(12, 13, 14), delete(old));
  }

  @Test
  void neverMoreThanSixtyFour() {
    double[] today = new double[70];
    for (int i = 0; i < today.length; i++) {
      today[i] = i / 1000.0; // all used today, the first most recently
    }
    assertEquals(IntStream.range(64, 70).boxed().toList(), delete(today));
  }

  /** The frame cache holds three entries a runtime: three times the counts, the same 5 days. */
  @Test
  void aCacheOfThreeEntriesARuntimeKeepsThreeTimesAsMany() {
    double[] today = new double[200];
    double[] old = new double[40];
    for (int i = 0; i < today.length; i++) {
      today[i] = i / 1000.0;
    }
    for (int i = 0; i < old.length; i++) {
      old[i] = 30 + i / 100.0;
    }
    List<Integer> all = IntStream.range(0, 200).boxed().toList();
    assertEquals(IntStream.range(192, 200).boxed().toList(), CacheEviction.stale(all, i -> NOW - (long) (today[i]
        * DAY), NOW, 3).stream().sorted().toList());
    List<Integer> some = IntStream.range(0, 40).boxed().toList();
    assertEquals(IntStream.range(36, 40).boxed().toList(), CacheEviction.stale(some, i -> NOW - (long) (old[i]
        * DAY), NOW, 3).stream().sorted().toList());
  }
}
