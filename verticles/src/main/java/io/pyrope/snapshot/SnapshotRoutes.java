package io.pyrope.snapshot;

import io.pyrope.admin.HttpErrors;
import io.pyrope.admin.AdminRoutes;
import io.pyrope.bus.Addresses;
import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.SnapshotReply;
import io.pyrope.bus.vec.SnapshotRequest;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * HTTP routes for snapshots and restores, each a request on {@link Addresses#VEC_SNAPSHOT}:
 *
 * <ul>
 *   <li>{@code POST /v1/indexes/{tenant}/{index}/snapshot} — take one now; 200 with its id.
 *   <li>{@code GET /v1/indexes/{tenant}/{index}/snapshots} — the index's snapshots, newest first.
 *   <li>{@code POST /v1/indexes/{tenant}/{index}/load} {@code {"snapshot": "<id>"}} — make the
 *       index what that snapshot holds; 200 with the index's stats.
 *   <li>{@code POST /v1/indexes/{tenant}/{index}/restore} {@code {"timestamp": <epoch millis or
 *       ISO-8601>}} — make the index what it was at that time; 200 with its stats.
 * </ul>
 * Errors are {@code {"code": "VEC_ERR_…", "message": …}} with 400 (bad input), 404 (no such index
 * or snapshot), 503 (Kafka unavailable) or 500. Handlers never block: they only send on the bus.
 */
public final class SnapshotRoutes implements AdminRoutes {
  /** Largest request body accepted. */
  /** Restores replay the WAL and may take minutes on a big index. */
  private static final long TIMEOUT_MS = 600_000;
  private static final String BASE = "/v1/indexes/:tenant/:index";

  @Override
  public void mount(Vertx vertx, Router router) {
    router.post(BASE + "/snapshot").handler(ctx -> send(vertx, ctx, SnapshotRequest.take(t(ctx), i(ctx))));
    router.get(BASE + "/snapshots").handler(ctx -> send(vertx, ctx, SnapshotRequest.list(t(ctx), i(ctx))));
    router.post(BASE + "/load").handler(ctx -> {
      JsonObject body = body(ctx);
      if (body == null) {
        return;
      }
      send(vertx, ctx, SnapshotRequest.load(t(ctx), i(ctx), body.getString("snapshot")));
    });
    router.post(BASE + "/restore").handler(ctx -> {
      JsonObject body = body(ctx);
      if (body == null) {
        return;
      }
      long ts;
      try {
        ts = timestamp(body.getValue("timestamp"));
      } catch (IllegalArgumentException e) {
        HttpErrors.send(ctx, 400, ErrorCode.VEC_ERR_SYNTAX.name(), e.getMessage());
        return;
      }
      send(vertx, ctx, SnapshotRequest.restore(t(ctx), i(ctx), ts));
    });
  }

  private static String t(RoutingContext ctx) {
    return ctx.pathParam("tenant");
  }

  private static String i(RoutingContext ctx) {
    return ctx.pathParam("index");
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject b = ctx.body().asJsonObject();
      if (b == null) {
        HttpErrors.send(ctx, 400, ErrorCode.VEC_ERR_SYNTAX.name(), "expected a JSON object body");
      }
      return b;
    } catch (DecodeException | ClassCastException e) {
      HttpErrors.send(ctx, 400, ErrorCode.VEC_ERR_SYNTAX.name(), "body is not a JSON object");
      return null;
    }
  }

  /** Epoch millis as a number, or an ISO-8601 instant ("2025-01-31T12:00:00Z"). */
  static long timestamp(Object v) {
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Instant.parse(s).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("timestamp '" + s + "' is neither epoch millis nor ISO-8601");
      }
    }
    throw new IllegalArgumentException("restore needs \"timestamp\": epoch millis or an ISO-8601 instant");
  }

  private static void send(Vertx vertx, RoutingContext ctx, SnapshotRequest req) {
    vertx.eventBus().<SnapshotReply>request(Addresses.VEC_SNAPSHOT, req, new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
        .onSuccess(m -> ctx.response().putHeader("content-type", "application/json")
            .end(new JsonObject(m.body().fields()).encode()))
        .onFailure(t -> HttpErrors.send(ctx, t));
  }
}
