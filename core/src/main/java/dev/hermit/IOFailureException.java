package dev.hermit;

import java.io.IOException;
import java.nio.file.Path;

/** Reading or writing a file failed (disk full, permission denied, a file that vanished); {@link #value()}: the file. */
public class IOFailureException extends HermitException {
  private static final long serialVersionUID = 1L;

  public IOFailureException(String message, Path file, IOException cause) {
    super(message, null, file, cause);
  }
}
