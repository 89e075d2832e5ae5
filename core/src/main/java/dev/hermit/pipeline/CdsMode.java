package dev.hermit.pipeline;

import dev.hermit.HermitException;
import java.util.Locale;

/**
 * Class-data sharing (docs/FORMAT.md "Class-data sharing"). {@code AUTO}: the launcher has the target's JVM dump
 * an archive of the runtime's and the app's classes after the first run, beside the cache entry, so the payload
 * stays reproducible. {@code BUILD}: jlink dumps the runtime's archive into the payload (host builds only, 3 MB,
 * not byte-reproducible; the app's classes are not in it). {@code OFF}: neither.
 */
public enum CdsMode {
  OFF, AUTO, BUILD;

  public static CdsMode parse(String s) {
    for (CdsMode m : values()) {
      if (m.id().equals(s)) {
        return m;
      }
    }
    throw new HermitException("unknown class-data sharing mode '" + s + "': use auto, off or build");
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
