package io.pyrope.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * A typed error with its {@link ErrorCode}. Thrown inside a verticle, turned into a
 * {@link ReplyException} to cross the event bus, and back into a RESP error by the ingress.
 * No stack trace: these are expected outcomes, and they are created on hot paths.
 */
public final class VecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public VecException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  /** The RESP error line, code first: {@code VEC_ERR_DIM expected 384 got 128}. */
  public String toRespError() {
    return code == ErrorCode.ERR ? "ERR " + getMessage() : code.name() + " " + getMessage();
  }

  /** The event-bus form of this error. */
  public ReplyException toReplyException() {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code.failureCode(), getMessage());
  }

  /** Recovers the typed error from any failure that came back over the bus. */
  public static VecException from(Throwable failure) {
    if (failure instanceof VecException v) {
      return v;
    }
    if (failure instanceof ReplyException r) {
      if (r.failureType() == ReplyFailure.TIMEOUT) {
        return new VecException(ErrorCode.VEC_ERR_BUSY, "the request timed out inside the node");
      }
      if (r.failureType() == ReplyFailure.NO_HANDLERS) {
        return new VecException(ErrorCode.VEC_ERR_UNAVAILABLE, "no handler is serving this request");
      }
      return new VecException(ErrorCode.ofFailureCode(r.failureCode()), r.getMessage());
    }
    String msg = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return new VecException(ErrorCode.VEC_ERR_INTERNAL, msg);
  }
}
