package io.pyrope.cache.ai;

import io.pyrope.admin.AdminRoutes;
import io.pyrope.admin.HttpErrors;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The AI loop's admin routes:
 * <ul>
 *   <li>{@code GET /v1/ai/evaluations[?tenant=t[&index=i]]} → {@code {"evaluations": [{tenant,
 *       index, controller, issued_ms, received_ms, report}]}}, the latest simulator report per
 *       index as received on the policy topic. A tenant's key sees its own tenant only (the
 *       security gate sets {@code ?tenant=}).
 *   <li>{@code GET /v1/ai/status} → mode, table in force, model, AI table age, fallbacks by
 *       reason, the latest AI table received ({@link PolicyControl#status}); node admin only.
 * </ul>
 * Evaluations are read from a concurrent map on the event loop; the status takes
 * {@link PolicyControl}'s lock, so it is built on a worker.
 */
public final class AiRoutes implements AdminRoutes {
  private final PolicyControl control;      // null when the cache is off
  private final Evaluations evaluations;
  private final PolicyUpdates updates;      // null when ai.policy-updates=false

  public AiRoutes(PolicyControl control, Evaluations evaluations, PolicyUpdates updates) {
    this.control = control;
    this.evaluations = evaluations;
    this.updates = updates;
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.get("/v1/ai/evaluations").handler(this::evaluations);
    router.get("/v1/ai/status").handler(this::status);
  }

  private void evaluations(RoutingContext ctx) {
    String tenant = ctx.request().getParam("tenant");
    String index = ctx.request().getParam("index");
    ok(ctx, evaluations.toJson(tenant == null || tenant.isEmpty() ? null : tenant,
        index == null || index.isEmpty() ? null : index));
  }

  private void status(RoutingContext ctx) {
    ctx.vertx().executeBlocking(this::status, false).onSuccess(s -> ok(ctx, s))
        .onFailure(t -> HttpErrors.send(ctx, t));
  }

  private JsonObject status() {
    JsonObject s = control == null ? new JsonObject().put("cache", "disabled") : control.status();
    s.put("policy_updates", updates != null);
    if (updates != null) {
      s.put("records_read", updates.records()).put("caught_up", updates.caughtUp());
    }
    s.put("evaluations", evaluations.size()).put("evaluations_dropped", evaluations.dropped());
    return s;
  }

  private static void ok(RoutingContext ctx, JsonObject body) {
    ctx.response().setStatusCode(200).putHeader("content-type", "application/json").end(body.encode());
  }
}
