package dev.hermit;

/**
 * A problem the user can act on: bad input, a missing tool, an unusable JDK. The message is written for users and
 * names the offending value; front ends print it as one line.
 */
public class HermitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HermitException(String message) {
    super(message);
  }

  public HermitException(String message, Throwable cause) {
    super(message, cause);
  }
}
