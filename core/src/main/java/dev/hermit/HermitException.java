package dev.hermit;

import java.util.Optional;

/**
 * A problem the user can act on: bad input, a missing tool, an unusable JDK. The message is written for users and
 * names the offending value in the build's own terms (never a front end's flag or XML element); {@link #setting()}
 * says which part of the build request is at fault, so a front end can point at its own spelling of it. The
 * subclasses say what kind of problem it is: {@link InputException}, {@link JdkException}, {@link TargetException},
 * {@link IOFailureException}, {@link CheckFailedException}.
 */
public class HermitException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Setting setting;
  private final String value;

  public HermitException(String message) {
    this(message, null, null, null);
  }

  public HermitException(String message, Throwable cause) {
    this(message, null, null, cause);
  }

  protected HermitException(String message, Setting setting, Object value, Throwable cause) {
    super(message, cause);
    this.setting = setting;
    this.value = value == null ? null : value.toString();
  }

  /** The part of the build request to change, when one is. */
  public Optional<Setting> setting() {
    return Optional.ofNullable(setting);
  }

  /** The offending value as the user gave or the build found it (a path, a class name, a target), when there is one. */
  public Optional<String> value() {
    return Optional.ofNullable(value);
  }
}
