package io.pyrope.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP admin API under {@code /v1}: {@code GET /v1/health} (liveness and readiness,
 * readiness includes every registered {@link HealthCheck}, Kafka first among them),
 * {@code GET /v1/metrics} (Prometheus text from the node's Micrometer registry), and the route
 * groups other parts of the node contribute as {@link AdminRoutes}. An {@link AdminGate} in
 * front of them authenticates, authorizes and audits.
 *
 * <p>Runs on one event loop; every handler is non-blocking.
 */
public final class AdminHttpVerticle extends VerticleBase {
  /** Largest request body: admin bodies are small JSON documents. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  private final HttpServerOptions options;
  private final AdminGate gate;
  private final PrometheusMeterRegistry registry;
  private final List<HealthCheck> checks;
  private final List<AdminRoutes> routes;
  private HttpServer server;
  private volatile List<String> mountedRoutes = List.of();

  public AdminHttpVerticle(String host, int port, PrometheusMeterRegistry registry, List<HealthCheck> checks,
      List<AdminRoutes> routes) {
    this(new HttpServerOptions().setHost(host).setPort(port), AdminGate.OPEN, registry, checks, routes);
  }

  /**
   * @param options listener options: host, port, TLS
   * @param gate authentication and authorization in front of the routes
   */
  public AdminHttpVerticle(HttpServerOptions options, AdminGate gate, PrometheusMeterRegistry registry,
      List<HealthCheck> checks, List<AdminRoutes> routes) {
    this.options = new HttpServerOptions(options);
    this.gate = gate;
    this.registry = registry;
    this.checks = List.copyOf(checks);
    this.routes = List.copyOf(routes);
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    gate.beforeBody(router);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    gate.afterBody(router);
    router.get("/v1/openapi.json").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
        .end(OpenApi.document()));
    router.get("/v1/health").handler(this::health);
    router.get("/v1/metrics").handler(PrometheusScrapingHandler.create(registry));
    routes.forEach(r -> r.mount(vertx, router));
    router.route().last().handler(ctx -> HttpErrors.send(ctx, 404, "NOT_FOUND",
        "no route " + ctx.request().method() + " " + ctx.normalizedPath()));
    router.errorHandler(413, ctx -> HttpErrors.send(ctx, 413, "VEC_ERR_LIMIT",
        "the request body is over " + MAX_BODY_BYTES + " bytes"));
    router.errorHandler(405, ctx -> HttpErrors.send(ctx, 405, "METHOD_NOT_ALLOWED",
        ctx.request().method() + " is not allowed on " + ctx.normalizedPath()));
    router.errorHandler(400, ctx -> HttpErrors.send(ctx, 400, "VEC_ERR_SYNTAX", String.valueOf(ctx.failure())));
    router.errorHandler(500, ctx -> HttpErrors.send(ctx, ctx.failure()));
    List<String> mounted = new ArrayList<>();
    for (var r : router.getRoutes()) {
      if (r.getPath() != null && r.methods() != null) {
        r.methods().forEach(m -> mounted.add(m.name() + " " + r.getPath()));
      }
    }
    this.mountedRoutes = List.copyOf(mounted);
    server = vertx.createHttpServer(options);
    return server.requestHandler(router).listen();
  }

  /**
   * {@code GET /v1/health}: 200 with {@code "status":"ready"} when every check passes, 503 with
   * {@code "status":"not_ready"} and the failing checks' reasons otherwise. The process answering
   * at all is the liveness signal, so {@code live} is always true.
   */
  private void health(RoutingContext ctx) {
    List<Future<JsonObject>> probes = new ArrayList<>();
    for (HealthCheck c : checks) {
      probes.add(c.probe());
    }
    Future.join(probes).onComplete(ignored -> {
      JsonObject results = new JsonObject();
      boolean ready = true;
      for (int i = 0; i < checks.size(); i++) {
        Future<JsonObject> f = probes.get(i);
        if (f.succeeded()) {
          results.put(checks.get(i).name(), new JsonObject().put("status", "up").mergeIn(f.result()));
        } else {
          ready = false;
          results.put(checks.get(i).name(), new JsonObject().put("status", "down")
              .put("reason", String.valueOf(f.cause().getMessage())));
        }
      }
      JsonObject body = new JsonObject().put("status", ready ? "ready" : "not_ready").put("live", true)
          .put("checks", results);
      ctx.response().setStatusCode(ready ? 200 : 503).putHeader("content-type", "application/json")
          .end(body.encode());
    });
  }

  /** "METHOD /path" of every route with a method, as mounted; for the OpenAPI coverage test. */
  public List<String> mountedRoutes() {
    return mountedRoutes;
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown();
  }
}
