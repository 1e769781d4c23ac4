package io.pyrope.security.http;

import io.pyrope.admin.AdminGate;
import io.pyrope.admin.HttpErrors;
import io.pyrope.audit.AuditEvent;
import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.audit.AuditRecord;
import io.pyrope.security.AuthThrottle;
import io.pyrope.security.Operation;
import io.pyrope.security.Permissions;
import io.pyrope.security.Principal;
import io.pyrope.security.Security;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The admin API's gate, in front of every {@code /v1} route:
 * <ol>
 *   <li>before the body is read — a request id ({@code X-Request-Id}, the client's if it is sane,
 *       else a new one, echoed back); public routes pass; otherwise
 *       {@code Authorization: Bearer <key>} must hold the node admin key or a user's API key
 *       (401 {@code VEC_ERR_AUTH} otherwise, after the brute-force throttle's wait);
 *   <li>after the body is read — the request is matched to its line of {@link Permissions}, its
 *       tenant taken from the path, query or body, and the principal checked (403
 *       {@code VEC_ERR_PERM}); a management route gets one audit record when its response ends.
 * </ol>
 *
 * <p>Public without a key: {@code GET /v1/health} and {@code GET /v1/openapi.json}, and
 * {@code GET /v1/metrics} only when {@code http.metrics-public} is set (its labels carry tenant
 * and index names, so by default it needs the admin key).
 *
 * <p>A tenant key listing indexes or reading the audit trail without {@code ?tenant=} gets its own
 * tenant: the gate sets the query parameter, so the route needs no security code.
 *
 * <p>Runs on the admin verticle's event loop; never blocks (throttle waits are timers).
 */
public final class HttpSecurity implements AdminGate {
  /** Routing-context key of the request's {@link Principal}. */
  public static final String PRINCIPAL = "pyrope.principal";
  /** Routing-context key of the request id. */
  public static final String REQUEST_ID = "pyrope.request-id";
  /** Routing-context keys a route may set to refine its audit record. */
  public static final String AUDIT_ACTION = "pyrope.audit.action";
  public static final String AUDIT_TENANT = "pyrope.audit.tenant";
  public static final String AUDIT_TARGET = "pyrope.audit.target";
  /** The request id header, read and written. */
  public static final String REQUEST_ID_HEADER = "X-Request-Id";
  private static final String MATCH = "pyrope.route";
  private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final String TRANSPORT = AuthThrottle.HTTP;

  private final Security security;
  private final boolean metricsPublic;

  public HttpSecurity(Security security, boolean metricsPublic) {
    this.security = security;
    this.metricsPublic = metricsPublic;
  }

  @Override
  public void beforeBody(Router router) {
    router.route("/v1/*").handler(this::authenticate);
  }

  @Override
  public void afterBody(Router router) {
    router.route("/v1/*").handler(this::authorize);
  }

  /** The principal of a request that passed the gate (null on public routes). */
  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  private void authenticate(RoutingContext ctx) {
    String rid = ctx.request().getHeader(REQUEST_ID_HEADER);
    if (rid == null || !SANE_REQUEST_ID.matcher(rid).matches()) {
      rid = UUID.randomUUID().toString();
    }
    ctx.put(REQUEST_ID, rid);
    ctx.response().putHeader(REQUEST_ID_HEADER, rid);
    Permissions.RouteMatch m = Permissions.route(ctx.request().method().name(), ctx.normalizedPath());
    ctx.put(MATCH, m);
    if (m != null && (m.rule().op() == Operation.PUBLIC
        || (metricsPublic && m.rule().path().equals("/v1/metrics")))) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null) {
      Principal initial = security.initialPrincipal();
      if (initial != null) {
        ctx.put(PRINCIPAL, initial);
        ctx.next();
      } else {
        unauthorized(ctx, "authentication required: send 'Authorization: Bearer <key>'");
      }
      return;
    }
    String key = bearer(header);
    String address = AuthThrottle.host(remote(ctx));
    long wait = security.throttle().admit(address);
    if (wait < 0) {
      ctx.response().putHeader("Retry-After", Long.toString(AuthThrottle.MAX_WAIT_MS / 1000));
      unauthorized(ctx, "too many failed authentication attempts from this address; retry later");
      return;
    }
    if (wait == 0) {
      check(ctx, key, address);
      return;
    }
    ctx.request().pause(); // the body handler resumes it once the check has passed
    ctx.vertx().setTimer(wait, id -> check(ctx, key, address));
  }

  private void check(RoutingContext ctx, String key, String address) {
    Principal p = key == null ? null : security.authenticateBearer(key);
    if (p != null) {
      ctx.put(PRINCIPAL, p);
      ctx.next();
      return;
    }
    security.throttle().failed(TRANSPORT, address);
    String why = key == null ? "the Authorization header must be 'Bearer <key>'" : "invalid key";
    event(ctx, "auth").claimedUser(null).target(ctx.request().method().name() + " " + ctx.normalizedPath())
        .result(AuditRecord.UNAUTHENTICATED, ErrorCode.VEC_ERR_AUTH.name(), why).record();
    unauthorized(ctx, why);
  }

  private void authorize(RoutingContext ctx) {
    Principal p = ctx.get(PRINCIPAL);
    if (p == null) {
      ctx.next(); // a public route
      return;
    }
    Permissions.RouteMatch m = ctx.get(MATCH);
    if (m == null) {
      if (p.nodeAdmin()) {
        ctx.next(); // unknown path: the router answers 404
      } else {
        forbidden(ctx, p, "route", null, null, "no permission rule covers " + ctx.request().method() + " "
            + Permissions.printable(ctx.normalizedPath()) + "; only the node admin may call it");
      }
      return;
    }
    Permissions.RouteRule rule = m.rule();
    String tenant = switch (rule.tenantFrom()) {
      case NONE -> null;
      case PATH -> m.pathParams().get("tenant");
      case QUERY -> ctx.request().getParam("tenant");
      case BODY -> bodyTenant(ctx);
    };
    if (tenant == null && !p.nodeAdmin() && rule.tenantFrom() != Permissions.TenantFrom.NONE
        && rule.tenantFrom() != Permissions.TenantFrom.PATH) {
      // QUERY: a tenant key means its own tenant. BODY: the field is missing or not a string, and
      // the route rejects the body with a 400 naming it before acting on any tenant.
      tenant = p.tenant();
      if (rule.tenantFrom() == Permissions.TenantFrom.QUERY) {
        ctx.request().params().set("tenant", tenant);
      }
    }
    String target = rule.tenantFrom() == Permissions.TenantFrom.BODY && tenant != null && bodyName(ctx) != null
        ? tenant + "/" + bodyName(ctx) : target(ctx, m);
    String denial = Permissions.denial(p, rule.op(), tenant);
    if (denial != null) {
      forbidden(ctx, p, rule.action(), tenant, target, denial);
      return;
    }
    if (rule.audited()) {
      String t = tenant;
      ctx.addEndHandler(v -> audited(ctx, p, rule, t, target));
    }
    ctx.next();
  }

  private void audited(RoutingContext ctx, Principal p, Permissions.RouteRule rule, String tenant, String target) {
    String action = ctx.get(AUDIT_ACTION, rule.action());
    AuditEvent e = event(ctx, action).actor(p).tenant(ctx.get(AUDIT_TENANT, tenant))
        .target(ctx.get(AUDIT_TARGET, target));
    int status = ctx.response().getStatusCode();
    if (status >= 400) {
      JsonObject err = ctx.get(HttpErrors.ERROR_KEY);
      e.result(AuditRecord.ERROR, err == null ? Integer.toString(status) : err.getString("code"),
          err == null ? "HTTP " + status : err.getString("message"));
    }
    e.record();
  }

  private void forbidden(RoutingContext ctx, Principal p, String action, String tenant, String target, String why) {
    event(ctx, action).actor(p).tenant(tenant).target(target)
        .result(AuditRecord.DENIED, ErrorCode.VEC_ERR_PERM.name(), why).record();
    HttpErrors.send(ctx, 403, ErrorCode.VEC_ERR_PERM.name(), why);
  }

  private static void unauthorized(RoutingContext ctx, String why) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"pyrope\"");
    HttpErrors.send(ctx, 401, ErrorCode.VEC_ERR_AUTH.name(), why);
  }

  private AuditEvent event(RoutingContext ctx, String action) {
    return security.audit().event(action).request(TRANSPORT, remote(ctx), ctx.get(REQUEST_ID));
  }

  /** {@code tenant/index}, {@code tenant/user}, … from the path parameters; the path when there are none. */
  private static String target(RoutingContext ctx, Permissions.RouteMatch m) {
    if (m.pathParams().isEmpty()) {
      return ctx.normalizedPath();
    }
    return String.join("/", m.pathParams().values().stream().map(Permissions::printable).toList());
  }

  /** The body's {@code tenant} string, or null when the body is not a JSON object with one. */
  private static String bodyTenant(RoutingContext ctx) {
    return bodyString(ctx, "tenant");
  }

  /** The body's {@code name} string (what a create call names, for the audit target), or null. */
  private static String bodyName(RoutingContext ctx) {
    String n = bodyString(ctx, "name");
    return n == null ? null : Permissions.printable(n);
  }

  private static String bodyString(RoutingContext ctx, String field) {
    try {
      if (ctx.body() == null || ctx.body().isEmpty()) {
        return null;
      }
      Object v = ctx.body().asJsonObject().getValue(field);
      return v instanceof String s ? s : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The key of {@code Bearer <key>} (scheme case-insensitive), or null when the header is not that. */
  static String bearer(String header) {
    int sp = header.indexOf(' ');
    if (sp <= 0 || !header.substring(0, sp).toLowerCase(Locale.ROOT).equals("bearer")) {
      return null;
    }
    String key = header.substring(sp + 1).trim();
    return key.isEmpty() ? null : key;
  }

  private static String remote(RoutingContext ctx) {
    SocketAddress a = ctx.request().remoteAddress();
    return a == null ? "?" : a.hostAddress() + ":" + a.port();
  }
}
