package dev.hermit;

/** The app's inputs are unusable: a missing or broken jar, no main class, sources that do not compile. */
public class InputException extends HermitException {
  private static final long serialVersionUID = 1L;

  /** {@code setting}: which input to change (INPUT, MAIN_CLASS, CLASS_PATH or OUTPUT); {@code value}: the culprit. */
  public InputException(String message, Setting setting, Object value) {
    super(message, setting, value, null);
  }

  public InputException(String message, Setting setting, Object value, Throwable cause) {
    super(message, setting, value, cause);
  }
}
