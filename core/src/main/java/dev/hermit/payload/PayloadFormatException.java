package dev.hermit.payload;

import dev.hermit.HermitException;

/** A payload that does not follow docs/FORMAT.md; the message says where and what. */
public final class PayloadFormatException extends HermitException {
  private static final long serialVersionUID = 1L;

  public PayloadFormatException(String message) {
    super(message);
  }
}
