package io.pyrope.security.http;

import io.pyrope.admin.AdminRoutes;
import io.pyrope.admin.HttpErrors;
import io.pyrope.admin.JsonBody;
import io.pyrope.security.Role;
import io.pyrope.security.SecurityStore;
import io.pyrope.security.TenantQuotas;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Tenants, their quotas, users and API keys over HTTP. Who may call what is decided by the gate
 * ({@link HttpSecurity}) from the permission table; these handlers only validate and act.
 * <ul>
 *   <li>{@code POST /v1/tenants} {@code {"name"}} → 201 the tenant (node admin)
 *   <li>{@code GET /v1/tenants} → {@code {"tenants":[…]}} (node admin)
 *   <li>{@code GET /v1/tenants/{tenant}} → the tenant with its users and their key ids
 *   <li>{@code GET|PUT /v1/tenants/{tenant}/quotas} {@code {"qps","concurrent_searches","cache_bytes",
 *       "daily_compute_seconds"}} (each optional, null = no limit; PUT replaces them all). Stored
 *       and served; enforcement comes with the tenancy work.
 *   <li>{@code POST /v1/tenants/{tenant}/users} {@code {"name","role"}} → 201 the user
 *   <li>{@code DELETE /v1/tenants/{tenant}/users/{user}} → the user and the key ids revoked with it
 *   <li>{@code POST /v1/tenants/{tenant}/users/{user}/keys} {@code {}} or {@code {"replaces": keyId}}
 *       → 201 {@code {"key", "key_id", …}}: the key is in this response and nowhere else, ever
 *   <li>{@code DELETE /v1/tenants/{tenant}/keys/{keyId}} → the revoked key's id and owner
 * </ul>
 * Store writes touch the disk, so they run on a worker thread.
 */
public final class TenantRoutes implements AdminRoutes {
  static final Set<String> CREATE_TENANT_FIELDS = Set.of("name");
  static final Set<String> CREATE_USER_FIELDS = Set.of("name", "role");
  static final Set<String> CREATE_KEY_FIELDS = Set.of("replaces");

  private final SecurityStore store;
  private Vertx vertx;

  public TenantRoutes(SecurityStore store) {
    this.store = store;
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    this.vertx = vertx;
    router.post("/v1/tenants").handler(safe(this::createTenant));
    router.get("/v1/tenants").handler(ctx -> reply(ctx, 200, Future.succeededFuture(tenantList())));
    router.get("/v1/tenants/:tenant").handler(safe(this::getTenant));
    router.get("/v1/tenants/:tenant/quotas").handler(safe(ctx -> reply(ctx, 200, Future.succeededFuture(
        tenant(ctx.pathParam("tenant")).quotas().toJson()))));
    router.put("/v1/tenants/:tenant/quotas").handler(safe(this::putQuotas));
    router.post("/v1/tenants/:tenant/users").handler(safe(this::createUser));
    router.delete("/v1/tenants/:tenant/users/:user").handler(safe(this::deleteUser));
    router.post("/v1/tenants/:tenant/users/:user/keys").handler(safe(this::createKey));
    router.delete("/v1/tenants/:tenant/keys/:key").handler(safe(this::revokeKey));
  }

  /** Turns anything a handler throws (bad bodies, missing tenants) into the JSON error reply. */
  private static io.vertx.core.Handler<RoutingContext> safe(io.vertx.core.Handler<RoutingContext> h) {
    return ctx -> {
      try {
        h.handle(ctx);
      } catch (RuntimeException e) {
        HttpErrors.send(ctx, e);
      }
    };
  }

  private void createTenant(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx, CREATE_TENANT_FIELDS);
    String name = body.requiredString("name");
    ctx.put(HttpSecurity.AUDIT_TENANT, name).put(HttpSecurity.AUDIT_TARGET, name);
    reply(ctx, 201, blocking(() -> json(store.createTenant(name, null))));
  }

  private JsonObject tenantList() {
    JsonArray out = new JsonArray();
    store.tenants().forEach(t -> out.add(json(t)));
    return new JsonObject().put("tenants", out);
  }

  private void getTenant(RoutingContext ctx) {
    SecurityStore.Tenant t = tenant(ctx.pathParam("tenant"));
    JsonArray users = new JsonArray();
    for (SecurityStore.User u : store.users(t.name())) {
      JsonArray keys = new JsonArray();
      store.keys(t.name(), u.name()).forEach(k -> keys.add(json(k)));
      users.add(json(u).put("keys", keys));
    }
    reply(ctx, 200, Future.succeededFuture(json(t).put("users", users)));
  }

  private void putQuotas(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx, TenantQuotas.FIELDS);
    TenantQuotas q = new TenantQuotas(body.optionalDouble("qps", 0), body.optionalLong("concurrent_searches", 0),
        body.optionalLong("cache_bytes", 0), body.optionalDouble("daily_compute_seconds", 0));
    String tenant = ctx.pathParam("tenant");
    reply(ctx, 200, blocking(() -> store.putQuotas(tenant, q).quotas().toJson()));
  }

  private void createUser(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx, CREATE_USER_FIELDS);
    String name = body.requiredString("name");
    Role role = Role.parse(body.requiredString("role"));
    String tenant = ctx.pathParam("tenant");
    ctx.put(HttpSecurity.AUDIT_TARGET, tenant + "/" + name);
    reply(ctx, 201, blocking(() -> json(store.createUser(tenant, name, role))));
  }

  private void deleteUser(RoutingContext ctx) {
    String tenant = ctx.pathParam("tenant");
    String user = ctx.pathParam("user");
    reply(ctx, 200, blocking(() -> {
      JsonArray revoked = new JsonArray();
      store.keys(tenant, user).forEach(k -> revoked.add(k.keyId()));
      return json(store.deleteUser(tenant, user)).put("revoked_keys", revoked);
    }));
  }

  private void createKey(RoutingContext ctx) {
    String replaces = null;
    if (ctx.body() != null && !ctx.body().isEmpty() && !ctx.body().asString().isBlank()) {
      replaces = JsonBody.of(ctx, CREATE_KEY_FIELDS).optionalString("replaces");
    }
    String tenant = ctx.pathParam("tenant");
    String user = ctx.pathParam("user");
    String old = replaces;
    if (old != null) {
      ctx.put(HttpSecurity.AUDIT_ACTION, "key.rotate");
    }
    reply(ctx, 201, blocking(() -> {
      SecurityStore.IssuedKey k = store.issueKey(tenant, user, old);
      ctx.put(HttpSecurity.AUDIT_TARGET, tenant + "/" + user + "/" + k.info().keyId());
      // The clear key leaves the node here, once; no cache may keep the response.
      ctx.response().putHeader("Cache-Control", "no-store");
      return json(k.info()).put("key", k.key()).put("replaced", k.replacedKeyId());
    }));
  }

  private void revokeKey(RoutingContext ctx) {
    String tenant = ctx.pathParam("tenant");
    String keyId = ctx.pathParam("key");
    reply(ctx, 200, blocking(() -> json(store.revokeKey(tenant, keyId)).put("revoked", true)));
  }

  private SecurityStore.Tenant tenant(String name) {
    return store.tenant(name).orElseThrow(() -> new io.pyrope.bus.VecException(io.pyrope.bus.ErrorCode.VEC_ERR_NOT_FOUND,
        "tenant '" + io.pyrope.security.Permissions.printable(name) + "' does not exist"));
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  private static void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onSuccess(json -> ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(json.encode())).onFailure(t -> HttpErrors.send(ctx, t));
  }

  static JsonObject json(SecurityStore.Tenant t) {
    return new JsonObject().put("name", t.name()).put("created", t.createdMillis()).put("quotas", t.quotas().toJson());
  }

  static JsonObject json(SecurityStore.User u) {
    return new JsonObject().put("tenant", u.tenant()).put("name", u.name()).put("role", u.role().wireName())
        .put("created", u.createdMillis());
  }

  static JsonObject json(SecurityStore.KeyInfo k) {
    return new JsonObject().put("key_id", k.keyId()).put("tenant", k.tenant()).put("user", k.user())
        .put("created", k.createdMillis());
  }
}
