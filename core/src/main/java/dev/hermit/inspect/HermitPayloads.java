package dev.hermit.inspect;

import dev.hermit.payload.BuildInfo;
import dev.hermit.binary.BinaryFormatException;
import dev.hermit.launcher.Launchers;
import dev.hermit.platform.Target;
import dev.hermit.payload.Manifest;
import dev.hermit.payload.PayloadReader;
import dev.hermit.payload.Trailer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Recognises hermit executables by their trailer and reads their payload through {@link PayloadReader}. */
final class HermitPayloads {
  private HermitPayloads() {}

  /**
   * Fails for a file that begins with one of this hermit's launchers but has no trailer: a hermit executable cut
   * short (its trailer is its last bytes), which would otherwise read as a healthy static program.
   */
  static void requireNotCutShort(Path file) throws IOException {
    long size = Files.size(file);
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(1 << 20);
    }
    for (Target target : Target.ALL) {
      if (!Launchers.available(target)) {
        continue;
      }
      byte[] launcher = Launchers.forTarget(target);
      if (head.length >= launcher.length && Arrays.equals(head, 0, launcher.length, launcher, 0, launcher.length)) {
        throw new BinaryFormatException("a hermit executable for " + target.id() + " cut short: hermit's launcher"
            + " with " + (size - launcher.length) + " bytes after it and no payload trailer at its end (a copy or"
            + " download that did not finish?); copy it again or rebuild it", size);
      }
    }
  }

  /** Empty when the file has no hermit trailer; an error when it has one but the payload is damaged. */
  static Optional<HermitPayload> read(Path file) throws IOException {
    if (!PayloadReader.isHermitExecutable(file)) {
      return Optional.empty();
    }
    long trailerOffset = Math.max(0, Files.size(file) - Trailer.SIZE);
    try (PayloadReader reader = PayloadReader.open(file)) {
      Trailer t = reader.trailer();
      Manifest m = reader.manifest();
      Optional<BuildInfo> info = Optional.empty();
      Optional<String> problem = Optional.empty();
      if (m.info() != null) {
        try {
          info = Optional.of(BuildInfo.parse(m.info()));
        } catch (IllegalArgumentException e) { // not JSON, or not what any hermit writes: say so, show the text
          problem = Optional.of(e.getMessage());
        }
      }
      boolean verified = reader.verify();
      Optional<Hermeticity> hermeticity = verified ? Optional.of(Hermeticity.of(reader, m)) : Optional.empty();
      return Optional.of(new HermitPayload(reader.payloadStart(), t.version(),
          t.codec().name().toLowerCase(Locale.ROOT), t.manifestLength(), t.treeLength(), t.treeSize(),
          t.sha256Hex(), verified, m.exec(), m.args(), m.env(),
          m.mtime() < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(m.mtime()), info, Optional.ofNullable(m.info()), problem,
          hermeticity));
    } catch (RuntimeException e) { // PayloadFormatException and other HermitExceptions
      throw new BinaryFormatException("hermit payload: " + e.getMessage(), trailerOffset);
    }
  }
}
