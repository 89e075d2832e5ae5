package dev.hermit;

import java.nio.file.Path;

/**
 * The JDK cannot make this runtime: not a JDK, for another platform, without jmods, older than the app's classes.
 * {@link #value()} is the JDK's directory when known.
 */
public class JdkException extends HermitException {
  private static final long serialVersionUID = 1L;

  public JdkException(String message, Path jdk) {
    super(message, Setting.JDK, jdk, null);
  }

  public JdkException(String message, Path jdk, Throwable cause) {
    super(message, Setting.JDK, jdk, cause);
  }
}
