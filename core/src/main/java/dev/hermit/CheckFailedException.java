package dev.hermit;

/** A check the user asked to be strict about found a problem: front ends exit with their "check failed" code (3). */
public class CheckFailedException extends HermitException {
  private static final long serialVersionUID = 1L;

  public CheckFailedException(String message) {
    super(message);
  }
}
