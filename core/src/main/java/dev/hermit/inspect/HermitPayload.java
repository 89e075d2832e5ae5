package dev.hermit.inspect;

import dev.hermit.payload.BuildInfo;
import java.util.List;
import java.util.Optional;

/**
 * The payload of a hermit executable, as found behind its launcher: the trailer's facts, the manifest's program,
 * and the embedded build information ({@code info}, read; {@code infoText} as stored; {@code infoProblem} why
 * it could not be read). {@code hermeticity}
 * is absent when the payload fails its hash (its tree is not read then). {@code fileTime} is the MTIME record's
 * seconds (the time extracted files get), empty without one.
 */
public record HermitPayload(
    long launcherSize,
    int formatVersion,
    String codec,
    long manifestLength,
    long treeLength,
    long treeSize,
    String sha256,
    boolean hashVerified,
    String exec,
    List<String> args,
    List<String> env,
    java.util.OptionalLong fileTime,
    Optional<BuildInfo> info,
    Optional<String> infoText,
    Optional<String> infoProblem,
    Optional<Hermeticity> hermeticity) {
  public HermitPayload {
    args = List.copyOf(args);
    env = List.copyOf(env);
  }

  /** Bytes after the launcher: manifest, tree and trailer. */
  public long payloadSize() {
    return manifestLength + treeLength + 72;
  }
}
