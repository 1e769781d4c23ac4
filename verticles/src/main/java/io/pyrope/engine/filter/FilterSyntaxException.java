package io.pyrope.engine.filter;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;

/**
 * A filter expression that does not parse, or that exceeds one of the limits in
 * {@link FilterParser}. It is the only exception {@link FilterParser#parse} throws, for any input.
 *
 * <p>The message is complete and meant for the client ({@code bad filter at position 12: expected
 * ')' but found end of input}); {@link #position()} is the 0-based index (in UTF-16 chars) of the
 * offending character in the filter text. No stack trace is captured: a bad filter is an ordinary
 * outcome of a client request, produced on the request path.
 */
public final class FilterSyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** 0-based character index in the filter text where the problem was found. */
  private final int position;
  /** True when a named limit was exceeded, rather than the grammar broken. */
  private final boolean limitExceeded;

  private FilterSyntaxException(int position, String message, boolean limitExceeded) {
    super(message, null, false, false);
    this.position = position;
    this.limitExceeded = limitExceeded;
  }

  /** The text breaks the grammar or the typing rules. */
  public static FilterSyntaxException syntax(int position, String message) {
    return new FilterSyntaxException(position, message, false);
  }

  /** The text is well formed so far but exceeds a limit of {@link FilterParser}. */
  public static FilterSyntaxException limit(int position, String message) {
    return new FilterSyntaxException(position, message, true);
  }

  /** 0-based character index in the filter text where the problem was found. */
  public int position() {
    return position;
  }

  /** True when a named limit was exceeded (length, depth, terms, list size). */
  public boolean limitExceeded() {
    return limitExceeded;
  }

  /** {@code VEC_ERR_LIMIT} for an exceeded limit, {@code VEC_ERR_SYNTAX} otherwise. */
  public ErrorCode errorCode() {
    return limitExceeded ? ErrorCode.VEC_ERR_LIMIT : ErrorCode.VEC_ERR_SYNTAX;
  }

  /** The client-facing error, e.g. {@code VEC_ERR_SYNTAX bad filter at position 3: ...}. */
  public VecException toVecException() {
    return new VecException(errorCode(), getMessage());
  }
}
