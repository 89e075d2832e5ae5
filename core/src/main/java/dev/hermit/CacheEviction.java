package dev.hermit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Which entries the build caches (linked runtimes, their compressed frames) delete when one is stored: the 12 most
 * recently used always stay; beyond them, what has not been used for 5 days goes, as Go's build cache trims, and
 * never more than 64 stay. A fixed count of 12 alone made a run of many apps link the same runtimes again and again
 * (hermit's own test suite links 59: 1.9 CPU-minutes of its 24, bench/RESULTS.md), while a user's cache of a few
 * apps stays as small as before once a week passes.
 */
public final class CacheEviction {
  static final int KEEP_RECENT = 12;
  static final int MAX = 64;
  static final Duration UNUSED = Duration.ofDays(5);

  private CacheEviction() {}

  /**
   * @param entries the cache's entries, in any order
   * @param lastUsed an entry's last use, in milliseconds since the epoch (read once per entry)
   * @param now the time now, in the same unit
   * @return the entries to delete
   */
  public static <T> List<T> stale(Collection<T> entries, ToLongFunction<T> lastUsed, long now) {
    return stale(entries, lastUsed, now, 1);
  }

  /**
   * As {@link #stale(Collection, ToLongFunction, long)} for a cache that keeps {@code perRuntime} entries for each
   * runtime (the frame cache: a runtime is three frames), so that it keeps as many runtimes' worth as the other.
   */
  public static <T> List<T> stale(Collection<T> entries, ToLongFunction<T> lastUsed, long now, int perRuntime) {
    Map<T, Long> used = new HashMap<>();
    entries.forEach(e -> used.put(e, lastUsed.applyAsLong(e)));
    List<T> newestFirst = new ArrayList<>(entries);
    newestFirst.sort(Comparator.comparing(used::get, Comparator.reverseOrder()));
    List<T> out = new ArrayList<>();
    for (int i = KEEP_RECENT * perRuntime; i < newestFirst.size(); i++) {
      T entry = newestFirst.get(i);
      if (i >= MAX * perRuntime || now - used.get(entry) > UNUSED.toMillis()) {
        out.add(entry);
      }
    }
    return out;
  }
}
