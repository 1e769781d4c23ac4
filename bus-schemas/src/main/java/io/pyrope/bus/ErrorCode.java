package io.pyrope.bus;

/**
 * Every error a client can see from the data plane. The RESP reply starts with {@link #name()},
 * then a human sentence ({@code VEC_ERR_DIM expected 384 got 128}); over the event bus the
 * {@link #failureCode()} travels as the {@code ReplyException} failure code.
 *
 * <p>Codes are part of the wire contract: never renumber one, only add.
 */
public enum ErrorCode {
  /** A generic error with Redis's own wording ({@code ERR unknown command ...}). */
  ERR(1, false),
  /** Vector dimension does not match the index. */
  VEC_ERR_DIM(100, false),
  /** Tenant, index or id does not exist. */
  VEC_ERR_NOT_FOUND(101, false),
  /** The id or index already exists. */
  VEC_ERR_EXISTS(102, false),
  /** The command's arguments do not parse. */
  VEC_ERR_SYNTAX(103, false),
  /** A tenant quota is exhausted. */
  VEC_ERR_QUOTA(104, false),
  /** The node is overloaded, or a cache-only request missed. Retry later. */
  VEC_ERR_BUSY(105, false),
  /** Authentication is missing or wrong. */
  VEC_ERR_AUTH(106, false),
  /** Authenticated, but not allowed to do this. */
  VEC_ERR_PERM(107, false),
  /** A named limit (id length, meta bytes, tags, dim, topK, ...) was exceeded. */
  VEC_ERR_LIMIT(108, false),
  /** A dependency (Kafka, storage) is unavailable; nothing was applied. */
  VEC_ERR_UNAVAILABLE(109, false),
  /** A bug or an unexpected native failure; the message says what. */
  VEC_ERR_INTERNAL(199, true);

  private final int failureCode;
  private final boolean internal;

  ErrorCode(int failureCode, boolean internal) {
    this.failureCode = failureCode;
    this.internal = internal;
  }

  /** The numeric code carried by an event-bus {@code ReplyException}. */
  public int failureCode() {
    return failureCode;
  }

  /** True for the node's own faults, false for errors caused by the request. */
  public boolean internal() {
    return internal;
  }

  /** The code for a {@code ReplyException} failure code; unknown codes map to {@link #VEC_ERR_INTERNAL}. */
  public static ErrorCode ofFailureCode(int code) {
    for (ErrorCode c : values()) {
      if (c.failureCode == code) {
        return c;
      }
    }
    return VEC_ERR_INTERNAL;
  }
}
