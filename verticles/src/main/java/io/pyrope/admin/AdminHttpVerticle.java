package io.pyrope.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP admin API under {@code /v1}. For now: {@code GET /v1/health} (liveness and readiness,
 * readiness includes every registered {@link HealthCheck}, Kafka first among them) and
 * {@code GET /v1/metrics} (Prometheus text from the node's Micrometer registry).
 *
 * <p>Runs on one event loop; every handler is non-blocking.
 */
public final class AdminHttpVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final PrometheusMeterRegistry registry;
  private final List<HealthCheck> checks;
  private HttpServer server;

  public AdminHttpVerticle(String host, int port, PrometheusMeterRegistry registry, List<HealthCheck> checks) {
    this.host = host;
    this.port = port;
    this.registry = registry;
    this.checks = List.copyOf(checks);
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/v1/health").handler(this::health);
    router.get("/v1/metrics").handler(PrometheusScrapingHandler.create(registry));
    router.route().last().handler(ctx -> error(ctx, 404, "NOT_FOUND",
        "no route " + ctx.request().method() + " " + ctx.normalizedPath()));
    router.errorHandler(500, ctx -> error(ctx, 500, "INTERNAL", String.valueOf(ctx.failure())));
    server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
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

  static void error(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", code).put("message", message).encode());
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown();
  }
}
