package dev.hermit.binary;

import java.io.IOException;

/**
 * The bytes of a file do not form a valid ELF, PE or Mach-O structure. Carries the byte offset at which the
 * problem was found, so that a user can look at it with a hex dump.
 */
public class BinaryFormatException extends IOException {
  private static final long serialVersionUID = 1L;
  private final long offset;

  public BinaryFormatException(String message, long offset) {
    super(message + " (at byte offset " + offset + ")");
    this.offset = offset;
  }

  /** The byte offset in the file (or in the slice of a universal file) where the problem was found. */
  public long offset() {
    return offset;
  }
}
