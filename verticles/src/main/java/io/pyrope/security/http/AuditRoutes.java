package io.pyrope.security.http;

import io.pyrope.admin.AdminRoutes;
import io.pyrope.admin.HttpErrors;
import io.pyrope.audit.AuditLog;
import io.pyrope.bus.VecException;
import io.pyrope.bus.audit.AuditRecord;
import io.pyrope.engine.Names;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /v1/audit[?tenant=t][&action=a][&since=s][&limit=n]}: the newest audit records kept
 * by this node, newest first, as {@code {"records":[…]}}. {@code action} matches an action or
 * its family ({@code index} matches {@code index.create}); {@code since} is epoch milliseconds or
 * an ISO-8601 instant; {@code limit} is 1 to {@value AuditLog#MAX_QUERY_LIMIT} (default
 * {@value AuditLog#DEFAULT_QUERY_LIMIT}). A tenant admin sees its own tenant only (the gate
 * fills in {@code tenant}); the node admin sees all.
 */
public final class AuditRoutes implements AdminRoutes {
  /** Longest action filter. */
  private static final int MAX_ACTION = 64;

  private final AuditLog audit;

  public AuditRoutes(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.get("/v1/audit").handler(ctx -> {
      try {
        query(ctx);
      } catch (RuntimeException e) {
        HttpErrors.send(ctx, e);
      }
    });
  }

  private void query(RoutingContext ctx) {
    String tenant = ctx.request().getParam("tenant");
    if (tenant != null) {
      Names.check("tenant", tenant);
    }
    String action = ctx.request().getParam("action");
    if (action != null && (action.isEmpty() || action.length() > MAX_ACTION || !action.matches("[a-z0-9._-]+"))) {
      throw bad("query parameter 'action' must be an action name such as index.create (lower case, at most "
          + MAX_ACTION + " characters)");
    }
    Long since = since(ctx.request().getParam("since"));
    int limit = limit(ctx.request().getParam("limit"));
    JsonArray out = new JsonArray();
    for (AuditRecord r : audit.query(tenant, action, since, limit)) {
      out.add(r.toJson());
    }
    ctx.response().putHeader("content-type", "application/json").end(new JsonObject().put("records", out).encode());
  }

  private static Long since(String s) {
    if (s == null) {
      return null;
    }
    if (s.matches("[0-9]{1,15}")) {
      return Long.parseLong(s);
    }
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw bad("query parameter 'since' must be epoch milliseconds or an ISO-8601 instant "
          + "(2025-01-31T12:00:00Z), got '" + io.pyrope.security.Permissions.printable(s) + "'");
    }
  }

  private static int limit(String s) {
    if (s == null) {
      return AuditLog.DEFAULT_QUERY_LIMIT;
    }
    if (!s.matches("[0-9]{1,4}") || Integer.parseInt(s) < 1 || Integer.parseInt(s) > AuditLog.MAX_QUERY_LIMIT) {
      throw bad("query parameter 'limit' must be an integer from 1 to " + AuditLog.MAX_QUERY_LIMIT + ", got '"
          + io.pyrope.security.Permissions.printable(s) + "'");
    }
    return Integer.parseInt(s);
  }

  private static VecException bad(String message) {
    return HttpErrors.badBody(message);
  }
}
