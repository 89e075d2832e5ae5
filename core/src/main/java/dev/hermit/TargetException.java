package dev.hermit;

/**
 * The target platform cannot be built for as asked: unknown, without a launcher, or lacking its C library or
 * runtime. {@link #value()} is the target (or the sysroot at fault); {@link #setting()} what to change (the target, the sysroot, the C
 * library mode, ...).
 */
public class TargetException extends HermitException {
  private static final long serialVersionUID = 1L;

  public TargetException(String message, Setting setting, Object value) {
    super(message, setting, value, null);
  }
}
