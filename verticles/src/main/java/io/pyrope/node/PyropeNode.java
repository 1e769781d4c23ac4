package io.pyrope.node;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pyrope.admin.AdminHttpVerticle;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.search.SearchVerticle;
import io.pyrope.search.faiss.Faiss;
import io.pyrope.node.config.ConfigKeys;
import io.pyrope.node.config.PyropeConfig;
import io.pyrope.resp.NodeStats;
import io.pyrope.resp.RespServerVerticle;
import io.pyrope.resp.command.Authenticator;
import io.pyrope.resp.command.CommandRegistry;
import io.pyrope.resp.command.ServerInfo;
import io.pyrope.resp.protocol.RespLimits;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Pyrope node: Kafka (embedded or external), the Vert.x instance with its metrics, and the
 * verticles. {@link #start} blocks until the node serves or fails; {@link #close} stops it in the
 * reverse order — listeners first (draining in-flight requests), Kafka last — and is what the
 * SIGTERM/Ctrl-C hook calls.
 *
 * <p>Threading: start and close are called from one thread (main, a test, or the shutdown
 * hook); close is idempotent and safe after a failed start.
 */
public final class PyropeNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PyropeNode.class);
  /** The Pyrope version reported by HELLO and INFO. */
  public static final String VERSION = "0.1.0";
  /** The Redis version whose command replies we follow, for clients that look at it. */
  public static final String REDIS_COMPAT_VERSION = "7.4.0";
  /** How long a deployment may take before start fails. */
  private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(60);

  private final PyropeConfig config;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final NodeStats stats = new NodeStats();
  private final IndexRegistry indexes = new IndexRegistry();
  private NodeKafka kafka;
  private NodeDurability durability;
  private Vertx vertx;
  private String respDeployment;
  private int respPort;
  private int httpPort;
  private boolean closed;

  private PyropeNode(PyropeConfig config) {
    this.config = config;
  }

  /** Starts a node and returns once it serves RESP and HTTP. */
  public static PyropeNode start(PyropeConfig config) {
    PyropeNode node = new PyropeNode(config);
    try {
      node.doStart();
      return node;
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  private void doStart() {
    long t0 = System.nanoTime();
    Path dataDir = config.get(ConfigKeys.DATA_DIR).toAbsolutePath().normalize();
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("data.dir: cannot create " + dataDir, e);
    }
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);

    Faiss.ensureLoaded(); // a missing native library fails here, with build instructions, not at the first search
    kafka = NodeKafka.start(config, dataDir);
    durability = NodeDurability.start(config, dataDir, indexes, kafka.clients()); // recovery, before any listener opens

    int cores = Runtime.getRuntime().availableProcessors();
    vertx = Vertx.builder()
        .with(new VertxOptions().setEventLoopPoolSize(cores)
            .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(false)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();

    respPort = FreePort.resolve(config.get(ConfigKeys.RESP_PORT));
    httpPort = FreePort.resolve(config.get(ConfigKeys.HTTP_PORT));
    ServerInfo info = serverInfo(cores);

    await(vertx.deployVerticle(new SearchVerticle(indexes, durability.writes(), config.get(ConfigKeys.SEARCH_THREADS), 0,
        registry)),
        "search workers");
    await(vertx.deployVerticle(durability.verticle()), "snapshots");
    await(vertx.deployVerticle(new AdminHttpVerticle(config.get(ConfigKeys.HTTP_HOST), httpPort, registry,
        List.of(kafka.healthCheck()), List.of(durability.routes()))), "HTTP admin on " + config.get(ConfigKeys.HTTP_HOST) + ":" + httpPort);
    respDeployment = await(vertx.deployVerticle(() -> new RespServerVerticle(info, config.get(ConfigKeys.RESP_HOST),
        respPort, config.get(ConfigKeys.SHUTDOWN_DRAIN_MS)), new DeploymentOptions().setInstances(cores)),
        "RESP on " + config.get(ConfigKeys.RESP_HOST) + ":" + respPort);

    LOG.atInfo().addKeyValue("resp", config.get(ConfigKeys.RESP_HOST) + ":" + respPort)
        .addKeyValue("http", config.get(ConfigKeys.HTTP_HOST) + ":" + httpPort)
        .addKeyValue("kafka", kafka.bootstrap()).addKeyValue("embedded_kafka", kafka.embedded())
        .addKeyValue("data_dir", dataDir).addKeyValue("auth", config.authEnabled())
        .addKeyValue("start_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
        .log("node ready");
  }

  private ServerInfo serverInfo(int cores) {
    RespLimits limits = new RespLimits(config.get(ConfigKeys.RESP_MAX_BULK_BYTES), config.get(ConfigKeys.RESP_MAX_ARGS),
        RespLimits.DEFAULT_MAX_INLINE_BYTES, RespLimits.REQUEST_NESTING, RespLimits.DEFAULT_MAX_REQUEST_BYTES, true);
    CommandRegistry commands = new CommandRegistry(Commands.all(), registry);
    Gauge.builder("vector_db_resp_connections", stats, NodeStats::connectedClients)
        .description("Open RESP connections").register(registry);
    FunctionCounter.builder("vector_db_resp_protocol_errors_total", stats, s -> s.protocolErrors.sum())
        .description("RESP protocol errors that closed a connection").register(registry);
    FunctionCounter.builder("vector_db_resp_connections_rejected_total", stats, s -> s.connectionsRejected.sum())
        .description("RESP connections refused at resp.max-clients").register(registry);
    return new ServerInfo(VERSION, REDIS_COMPAT_VERSION, respPort, httpPort, config.get(ConfigKeys.RESP_MAX_CLIENTS),
        limits, config.get(ConfigKeys.RESP_MAX_PIPELINE), stats,
        new Authenticator(config.adminKey()), commands, this::extraInfo);
  }

  private Map<String, Map<String, Object>> extraInfo() {
    Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("kafka_bootstrap", kafka.bootstrap());
    k.put("kafka_embedded", kafka.embedded() ? 1 : 0);
    sections.put("kafka", k);
    Map<String, Object> ix = new LinkedHashMap<>();
    ix.put("indexes", indexes.all().size());
    sections.put("indexes", ix);
    return sections;
  }

  public int respPort() {
    return respPort;
  }

  public int httpPort() {
    return httpPort;
  }

  public String kafkaBootstrap() {
    return kafka.bootstrap();
  }

  public Vertx vertx() {
    return vertx;
  }

  public IndexRegistry indexes() {
    return indexes;
  }

  public NodeStats stats() {
    return stats;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Stops the node: RESP listeners close and drain their connections, the other verticles stop,
   * then Kafka clients and the embedded broker shut down. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long t0 = System.nanoTime();
    List<Throwable> errors = new ArrayList<>();
    if (vertx != null) {
      try {
        if (respDeployment != null) {
          await(vertx.undeploy(respDeployment), "stopping RESP");
        }
        await(vertx.close(), "closing Vert.x");
      } catch (RuntimeException e) {
        errors.add(e);
      }
    }
    if (durability != null) {
      durability.close();
    }
    indexes.close();
    if (kafka != null) {
      try {
        kafka.close();
      } catch (RuntimeException e) {
        errors.add(e);
      }
    }
    registry.close();
    LOG.atInfo().addKeyValue("stop_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
        .addKeyValue("errors", errors.size()).log("node stopped");
    errors.forEach(e -> LOG.warn("while stopping: {}", e.toString()));
  }

  private static <T> T await(io.vertx.core.Future<T> f, String what) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(DEPLOY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(what + ": no answer within " + DEPLOY_TIMEOUT.toSeconds() + " s", e);
    }
  }
}
