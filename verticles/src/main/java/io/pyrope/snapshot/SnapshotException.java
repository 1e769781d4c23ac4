package io.pyrope.snapshot;

/** A snapshot that cannot be used: missing files, a checksum that does not match, an unreadable layout. */
public final class SnapshotException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SnapshotException(String message) {
    super(message);
  }

  public SnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
