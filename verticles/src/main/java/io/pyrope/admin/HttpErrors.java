package io.pyrope.admin;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The one mapping from Pyrope's error codes to HTTP statuses, and the JSON error body
 * {@code {"code": "...", "message": "..."}} every admin route answers with.
 */
public final class HttpErrors {
  /** Routing-context key under which the error sent ({code, message}) is kept for the audit trail. */
  public static final String ERROR_KEY = "pyrope.error";

  private HttpErrors() {}

  public static int status(ErrorCode code) {
    return switch (code) {
      case VEC_ERR_NOT_FOUND -> 404;
      case VEC_ERR_EXISTS -> 409;
      case VEC_ERR_AUTH -> 401;
      case VEC_ERR_PERM -> 403;
      case VEC_ERR_QUOTA -> 429;
      case VEC_ERR_BUSY, VEC_ERR_UNAVAILABLE -> 503;
      case VEC_ERR_INTERNAL -> 500;
      case ERR, VEC_ERR_DIM, VEC_ERR_SYNTAX, VEC_ERR_LIMIT -> 400;
    };
  }

  /** Answers with the error's status and JSON body. */
  public static void send(RoutingContext ctx, Throwable failure) {
    VecException e = VecException.from(failure);
    send(ctx, status(e.code()), e.code().name(), e.getMessage());
  }

  public static void send(RoutingContext ctx, int status, String code, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.put(ERROR_KEY, new JsonObject().put("code", code).put("message", message)); // for the audit record
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", code).put("message", message).encode());
  }

  /** A 400 for a body that does not fit its schema; the message names the field. */
  public static VecException badBody(String message) {
    return new VecException(ErrorCode.VEC_ERR_SYNTAX, message);
  }
}
