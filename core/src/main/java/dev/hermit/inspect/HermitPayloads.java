package dev.hermit.inspect;

import dev.hermit.payload.BuildInfo;
import dev.hermit.binary.BinaryFormatException;
import dev.hermit.payload.Manifest;
import dev.hermit.payload.PayloadReader;
import dev.hermit.payload.Trailer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Recognises hermit executables by their trailer and reads their payload through {@link PayloadReader}. */
final class HermitPayloads {
  private HermitPayloads() {}

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
          t.sha256Hex(), verified, m.exec(), m.args(), m.env(), info, Optional.ofNullable(m.info()), problem,
          hermeticity));
    } catch (RuntimeException e) { // PayloadFormatException and other HermitExceptions
      throw new BinaryFormatException("hermit payload: " + e.getMessage(), trailerOffset);
    }
  }
}
