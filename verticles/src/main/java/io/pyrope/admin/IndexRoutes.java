package io.pyrope.admin;

import io.pyrope.bus.Addresses;
import io.pyrope.bus.vec.CreateIndexRequest;
import io.pyrope.bus.vec.IndexList;
import io.pyrope.bus.vec.IndexRef;
import io.pyrope.bus.vec.IndexStats;
import io.pyrope.bus.vec.ListIndexesRequest;
import io.pyrope.engine.Limits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Index management over HTTP, the same operations as the RESP VEC.* commands and through the
 * same event-bus contracts:
 * <ul>
 *   <li>{@code POST /v1/indexes} {@code {"tenant","name","dim","metric","factory"?,"params"?}} → 201 stats
 *   <li>{@code GET /v1/indexes[?tenant=t]} → {@code {"indexes":[stats…]}}
 *   <li>{@code GET /v1/indexes/{tenant}/{index}} and {@code …/stats} → stats
 *   <li>{@code DELETE /v1/indexes/{tenant}/{index}} → the stats it had
 *   <li>{@code POST /v1/indexes/{tenant}/{index}/build} → stats once the rebuilt tail serves
 * </ul>
 */
public final class IndexRoutes implements AdminRoutes {
  /** Fields POST /v1/indexes accepts. */
  static final Set<String> CREATE_FIELDS = Set.of("tenant", "name", "dim", "metric", "factory", "params");
  /** Index management may wait for a background build. */
  private static final DeliveryOptions SLOW = new DeliveryOptions().setSendTimeout(120_000);
  /** A rebuild may take minutes. */
  private static final DeliveryOptions BUILD = new DeliveryOptions().setSendTimeout(Limits.BUILD_WAIT_MS);

  private Vertx vertx;

  @Override
  public void mount(Vertx vertx, Router router) {
    this.vertx = vertx;
    router.post("/v1/indexes").handler(this::create);
    router.get("/v1/indexes").handler(this::list);
    router.get("/v1/indexes/:tenant/:index").handler(ctx -> ref(ctx, IndexRef.Op.STATS, 200));
    router.get("/v1/indexes/:tenant/:index/stats").handler(ctx -> ref(ctx, IndexRef.Op.STATS, 200));
    router.delete("/v1/indexes/:tenant/:index").handler(ctx -> ref(ctx, IndexRef.Op.DROP, 200));
    router.post("/v1/indexes/:tenant/:index/build").handler(ctx -> ref(ctx, IndexRef.Op.BUILD, 200));
  }

  private void create(RoutingContext ctx) {
    JsonBody body;
    try {
      body = JsonBody.of(ctx, CREATE_FIELDS);
      CreateIndexRequest req = new CreateIndexRequest(body.requiredString("tenant"), body.requiredString("name"),
          body.requiredInt("dim"), body.requiredString("metric"), body.optionalString("factory"),
          body.optionalStringMap("params"));
      reply(ctx, 201, this.<IndexStats>send(req).map(IndexRoutes::json));
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, e);
    }
  }

  private void list(RoutingContext ctx) {
    String tenant = ctx.request().getParam("tenant");
    reply(ctx, 200, this.<IndexList>send(new ListIndexesRequest(tenant)).map(l -> {
      JsonArray out = new JsonArray();
      l.indexes().forEach(s -> out.add(json(s)));
      return new JsonObject().put("indexes", out);
    }));
  }

  private void ref(RoutingContext ctx, IndexRef.Op op, int status) {
    IndexRef ref = new IndexRef(ctx.pathParam("tenant"), ctx.pathParam("index"), op);
    reply(ctx, status, this.<IndexStats>send(ref, op == IndexRef.Op.BUILD ? BUILD : SLOW).map(IndexRoutes::json));
  }

  private <T> Future<T> send(Object message) {
    return send(message, SLOW);
  }

  private <T> Future<T> send(Object message, DeliveryOptions options) {
    return vertx.eventBus().<T>request(Addresses.VEC_ADMIN, message, options).map(m -> m.body());
  }

  private static void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onSuccess(json -> ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(json.encode())).onFailure(t -> HttpErrors.send(ctx, t));
  }

  static JsonObject json(IndexStats stats) {
    return new JsonObject(new java.util.LinkedHashMap<>(stats.fields()));
  }
}
