package io.pyrope.resp.command.vec;

import io.pyrope.bus.VecException;
import io.pyrope.engine.Limits;
import io.pyrope.resp.command.CommandContext;
import io.pyrope.search.SearchVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Sends a VEC request to the verticle that owns it and maps any bus failure back to a typed
 * {@link VecException}, so that a timeout reads {@code VEC_ERR_BUSY} rather than a Vert.x error.
 */
final class VecBus {
  /** Searches and point reads: past this the node is overloaded and says so. */
  static final long READ_TIMEOUT_MS = 30_000;
  /** Writes and index management, which may wait for a background build. */
  static final long WRITE_TIMEOUT_MS = 120_000;

  private static final DeliveryOptions READ = new DeliveryOptions().setSendTimeout(READ_TIMEOUT_MS);
  private static final DeliveryOptions WRITE = new DeliveryOptions().setSendTimeout(WRITE_TIMEOUT_MS);
  private static final DeliveryOptions BUILD = new DeliveryOptions().setSendTimeout(Limits.BUILD_WAIT_MS);

  private VecBus() {}

  static <T> Future<T> read(CommandContext ctx, String address, Object message) {
    return send(ctx, address, message, READ);
  }

  static <T> Future<T> write(CommandContext ctx, String address, Object message) {
    return send(ctx, address, message, WRITE);
  }

  /** A rebuild, which may take minutes ({@link Limits#BUILD_WAIT_MS}). */
  static <T> Future<T> build(CommandContext ctx, String address, Object message) {
    return send(ctx, address, message, BUILD);
  }

  /**
   * A data write that the connection may pipeline behind its other data writes: tagged with the
   * connection, so that the receiver starts the connection's writes one after another, in the
   * order sent ({@link SearchVerticle#WRITE_ORDER_HEADER}).
   */
  static <T> Future<T> orderedWrite(CommandContext ctx, String address, Object message) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(WRITE_TIMEOUT_MS)
        .addHeader(SearchVerticle.WRITE_ORDER_HEADER, "resp-" + ctx.session().id());
    return send(ctx, address, message, options);
  }

  private static <T> Future<T> send(CommandContext ctx, String address, Object message, DeliveryOptions options) {
    return ctx.vertx().eventBus().<T>request(address, message, options)
        .transform(ar -> ar.succeeded() ? Future.succeededFuture(ar.result().body())
            : Future.failedFuture(VecException.from(ar.cause())));
  }
}
