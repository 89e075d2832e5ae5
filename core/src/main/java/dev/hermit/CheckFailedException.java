package dev.hermit;

/**
 * A check the user asked for found a problem (for instance: native code in a build that allows none). Front ends
 * exit with their "check failed" code (3) rather than the general failure code.
 */
public class CheckFailedException extends HermitException {
  private static final long serialVersionUID = 1L;

  public CheckFailedException(String message) {
    super(message);
  }

  /** {@code setting}: the request setting that asked for the check (NATIVES, ...). */
  public CheckFailedException(String message, Setting setting) {
    super(message, setting, null, null);
  }
}
