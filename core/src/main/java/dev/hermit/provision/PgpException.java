package dev.hermit.provision;

/** Malformed OpenPGP data; callers turn it into a user-facing message naming the file. */
final class PgpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PgpException(String message) {
    super(message);
  }
}
