package dev.hermit.inspect;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One DT_NEEDED entry of one object, and where the loader would find it. {@code path} is empty when it would not
 * ("not found", ldd's words); {@code problem} says why a found file could not be used, if it could not.
 */
public record Dependency(String name, Optional<Path> path, Source source, Optional<String> problem) {
  /** Which part of the search found the library (in the loader's order). */
  public enum Source {
    ALREADY_LOADED("already loaded"),
    PATH("path in DT_NEEDED"),
    RPATH("DT_RPATH"),
    RUNPATH("DT_RUNPATH"),
    LD_SO_CONF("ld.so.conf"),
    DEFAULT("default directories"),
    NOT_FOUND("not found");

    private final String label;

    Source(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  public boolean found() {
    return path.isPresent() && problem.isEmpty();
  }
}
