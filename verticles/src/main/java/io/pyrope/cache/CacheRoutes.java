package io.pyrope.cache;

import io.pyrope.admin.AdminRoutes;
import io.pyrope.admin.HttpErrors;
import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.cache.ai.PolicyControl;
import io.pyrope.cache.impl.IndexShard;
import io.pyrope.cache.impl.ResultCache;
import io.pyrope.cache.policy.PolicyJson;
import io.pyrope.security.Permissions;
import io.pyrope.security.http.HttpSecurity;
import io.pyrope.engine.filter.FilterParser;
import io.pyrope.engine.filter.FilterSyntaxException;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The cache's admin routes:
 * <ul>
 *   <li>{@code GET /v1/cache/policies} → the policy table in force ({@link PolicyJson}) with
 *       {@code mode}, {@code model_version}, {@code source} and {@code table_age_ms};
 *   <li>{@code PUT /v1/cache/policies} {@code {"mode"?: "auto"|"static"|"lru", …table?}} → sets the
 *       mode and/or replaces the table atomically (a table without a mode pins it: static), answers
 *       as GET; see {@link PolicyControl#put};
 *   <li>{@code POST /v1/cache/flush} {@code {"tenant"?, "index"?}} → removes all entries, a
 *       tenant's, or an index's; answers {@code {"removed": n}};
 *   <li>{@code POST /v1/cache/invalidate} {@code {"tenant", "index", "query"?: {"vector": [..],
 *       "topk"?, "filter"?}}} → removes an index's entries, or those one query could be served
 *       from; answers {@code {"removed": n}}.
 * </ul>
 * Bad input is a 400 {@code {"code","message"}} naming the field; an unknown index a 404.
 * Flushes and invalidations scan entries, so they run on a worker, never on the event loop.
 */
final class CacheRoutes implements AdminRoutes {
  static final Set<String> FLUSH_FIELDS = Set.of("tenant", "index");
  static final Set<String> INVALIDATE_FIELDS = Set.of("tenant", "index", "query");
  static final Set<String> QUERY_FIELDS = Set.of("vector", "topk", "filter");

  private final ResultCache cache;
  private final PolicyControl control;  // the one writer of the policy table
  private Vertx vertx;

  CacheRoutes(ResultCache cache, PolicyControl control) {
    this.cache = cache;
    this.control = control;
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    this.vertx = vertx;
    // PolicyControl serializes its callers (the policy-update thread may hold it for a table's
    // validation): answered from a worker, never waiting on the event loop.
    router.get("/v1/cache/policies").handler(ctx -> vertx.executeBlocking(control::policies, false)
        .onSuccess(p -> ok(ctx, p)).onFailure(t -> HttpErrors.send(ctx, t)));
    router.put("/v1/cache/policies").handler(this::putPolicies);
    router.post("/v1/cache/flush").handler(this::flush);
    router.post("/v1/cache/invalidate").handler(this::invalidate);
  }

  private void putPolicies(RoutingContext ctx) {
    try {
      JsonObject body = object(ctx, false);
      if (body.containsKey("mode")) { // a mode change: its own audit action, the mode as target
        ctx.put(HttpSecurity.AUDIT_ACTION, "cache.policies.mode").put(HttpSecurity.AUDIT_TARGET,
            "mode=" + Permissions.printable(String.valueOf(body.getValue("mode"))));
      }
      // Serialized inside (two PUTs each build on the table the other left), on a worker.
      vertx.executeBlocking(() -> {
        control.put(body);
        return control.policies();
      }, false).onSuccess(p -> ok(ctx, p)).onFailure(t -> HttpErrors.send(ctx, t));
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, e);
    }
  }

  private void flush(RoutingContext ctx) {
    try {
      JsonObject body = object(ctx, true);
      fields(body, FLUSH_FIELDS, "");
      String tenant = optString(body, "tenant");
      String index = optString(body, "index");
      if (index != null && tenant == null) {
        throw bad("field 'index' needs 'tenant'");
      }
      vertx.executeBlocking(() -> cache.flush(tenant, index), false)
          .onSuccess(n -> ok(ctx, new JsonObject().put("removed", n)))
          .onFailure(t -> HttpErrors.send(ctx, t));
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, e);
    }
  }

  private void invalidate(RoutingContext ctx) {
    try {
      JsonObject body = object(ctx, false);
      fields(body, INVALIDATE_FIELDS, "");
      String tenant = optString(body, "tenant");
      String index = optString(body, "index");
      if (tenant == null || index == null) {
        throw bad("fields 'tenant' and 'index' are required");
      }
      Object qv = body.getValue("query");
      if (qv != null && !(qv instanceof JsonObject)) {
        throw bad("field 'query' must be an object {\"vector\": [..], \"topk\"?, \"filter\"?}");
      }
      JsonObject query = (JsonObject) qv;
      float[] vector = null;
      int topK = 0;
      String filter = null;
      if (query != null) {
        fields(query, QUERY_FIELDS, "query.");
        vector = vector(query);
        Object k = query.getValue("topk");
        if (k != null) {
          if (!(k instanceof Integer i) || i < 1) {
            throw bad("field 'query.topk' must be a positive integer, got " + k);
          }
          topK = i;
        }
        String f = optString(query, "filter");
        if (f != null) {
          try {
            filter = FilterParser.parse(f).canonical();
          } catch (FilterSyntaxException e) {
            throw e.toVecException();
          }
        }
      }
      IndexShard shard = cache.shard(tenant, index);
      if (shard == null) {
        throw new VecException(ErrorCode.VEC_ERR_NOT_FOUND, "index " + tenant + "/" + index + " not found");
      }
      float[] v = vector;
      int k = topK;
      String fl = filter;
      vertx.executeBlocking(() -> v == null ? cache.invalidate(shard) : cache.invalidate(shard, v, k, fl), false)
          .onSuccess(n -> ok(ctx, new JsonObject().put("removed", n)))
          .onFailure(t -> HttpErrors.send(ctx, t));
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, e);
    }
  }

  private static float[] vector(JsonObject query) {
    Object v = query.getValue("vector");
    if (!(v instanceof JsonArray arr) || arr.isEmpty()) {
      throw bad("field 'query.vector' is required: a non-empty array of numbers");
    }
    float[] out = new float[arr.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(arr.getValue(i) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
        throw bad("field 'query.vector[" + i + "]' must be a finite number, got " + arr.getValue(i));
      }
      out[i] = n.floatValue();
    }
    return out;
  }

  private static JsonObject object(RoutingContext ctx, boolean emptyOk) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      if (emptyOk) {
        return new JsonObject();
      }
      throw bad("the request body is empty: send a JSON object");
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(text);
    } catch (DecodeException e) {
      throw bad("the request body is not valid JSON: " + e.getMessage());
    }
    if (!(parsed instanceof JsonObject o)) {
      throw bad("the request body must be a JSON object");
    }
    return o;
  }

  private static void fields(JsonObject o, Set<String> allowed, String where) {
    for (String f : o.fieldNames()) {
      if (!allowed.contains(f)) {
        throw bad("unknown field '" + where + f + "'; accepted: " + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
  }

  private static String optString(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || s.isEmpty()) {
      throw bad("field '" + field + "' must be a non-empty string, got " + v);
    }
    return s;
  }

  private static void ok(RoutingContext ctx, JsonObject body) {
    ctx.response().setStatusCode(200).putHeader("content-type", "application/json").end(body.encode());
  }

  private static VecException bad(String message) {
    return HttpErrors.badBody(message);
  }
}
