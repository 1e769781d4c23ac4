package io.pyrope.bench;

/**
 * A user error: a bad option, a missing or malformed dataset, an unreachable node, a server
 * that refused a command. {@link BenchMain} prints its message on one line and exits with
 * {@link BenchMain#EXIT_USAGE}; no stack trace, because nothing is wrong with the tool.
 */
public final class BenchException extends RuntimeException {

  public BenchException(String message) {
    super(message);
  }

  public BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
