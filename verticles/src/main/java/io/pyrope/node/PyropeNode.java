package io.pyrope.node;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pyrope.time.CoarseClock;
import io.pyrope.admin.AdminHttpVerticle;
import io.pyrope.admin.IndexRoutes;
import io.pyrope.audit.AuditLog;
import io.pyrope.security.AuthThrottle;
import io.pyrope.security.Security;
import io.pyrope.security.SecurityStore;
import io.pyrope.security.Tls;
import io.pyrope.node.config.ConfigException;
import io.pyrope.security.http.AuditRoutes;
import io.pyrope.security.http.HttpSecurity;
import io.pyrope.security.http.TenantRoutes;
import io.vertx.core.http.HttpServerOptions;
import io.pyrope.cache.CacheSettings;
import io.pyrope.cache.CacheVerticle;
import io.pyrope.cache.ai.AiRoutes;
import io.pyrope.cache.ai.AiSettings;
import io.pyrope.cache.ai.DecisionMeters;
import io.pyrope.cache.ai.Evaluations;
import io.pyrope.cache.ai.PolicyControl;
import io.pyrope.cache.ai.PolicyMode;
import io.pyrope.cache.ai.PolicyUpdates;
import io.pyrope.cache.ai.SearchStats;
import io.pyrope.cache.impl.ResultCache;
import io.pyrope.cache.policy.Consistency;
import io.pyrope.cache.policy.EvictionMode;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.kafka.KafkaClientFactory;
import io.pyrope.telemetry.LogPublisher;
import io.pyrope.telemetry.Telemetry;
import io.pyrope.search.SearchLanes;
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
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
      new io.prometheus.metrics.model.registry.PrometheusRegistry(), io.pyrope.time.MeterClock.INSTANCE);
  private final NodeStats stats = new NodeStats();
  private final IndexRegistry indexes = new IndexRegistry();
  /** This node instance, stamped on its audit records. */
  private final String nodeId = java.util.UUID.randomUUID().toString();
  private NodeKafka kafka;
  private AuditLog audit;
  private Security security;
  private NodeDurability durability;
  private Vertx vertx;
  /** Socket transport the listeners run on (net.transport). */
  private io.vertx.core.transport.Transport transport;
  private String respDeployment;
  private AdminHttpVerticle admin;
  private ResultCache cache;        // null when cache.enabled=false
  private PolicyControl policyControl; // the policy table's one writer; null with cache
  private PolicyUpdates policyUpdates; // reads pyrope.policy; null when ai.policy-updates=false
  private final Evaluations evaluations = new Evaluations(); // simulator reports from the policy topic
  private SearchLanes searchLanes;  // FAISS threads: VEC.SEARCH calls them directly, the search verticle serves the bus with them
  private LogPublisher logs;        // query and decision logs; null when telemetry.enabled=false
  private Telemetry telemetry;      // builds their records; null with logs
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
    // Two of Micrometer's standard meters break Prometheus naming rules (promtool check metrics
    // flags "system_cpu_count" for its _count suffix and "process_cpu_time_ns_total" for its
    // abbreviated unit); process_cpu_usage and system_cpu_usage carry the same information.
    registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("system.cpu.count")
        || id.getName().equals("process.cpu.time")));
    registry.config().meterFilter(KafkaMeters.FILTER);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);

    Faiss.ensureLoaded(); // a missing native library fails here, with build instructions, not at the first search
    kafka = NodeKafka.start(config, dataDir);
    audit = new AuditLog(nodeId, KafkaMeters.bind(registry, kafka.clients().walProducer("pyrope-audit-" + nodeId)), AuditLog.DEFAULT_RING_CAPACITY,
        registry);
    audit.follow(kafka.clients().walReader("pyrope-audit-follower-" + nodeId));
    security = new Security(config.adminKey(), SecurityStore.open(dataDir), audit, new AuthThrottle(registry,
        config.get(ConfigKeys.AUTH_FAILURE_ALLOWANCE)));
    durability = NodeDurability.start(config, dataDir, indexes, kafka.clients(), registry); // recovery, before any listener opens
    startTelemetry();

    int cores = Runtime.getRuntime().availableProcessors();
    // Default: one event loop per two cores. A loop answers ~1M cache hits/s (about 1 us each), and
    // the search lanes (one per core) need the cores for FAISS; on 2 cores a second loop measured
    // slower, not faster (docs/benchmarks/cache.md).
    int eventLoops = config.get(ConfigKeys.NET_EVENT_LOOPS) == 0 ? Math.max(1, cores / 2)
        : config.get(ConfigKeys.NET_EVENT_LOOPS);
    transport = NetTransport.choose(config.get(ConfigKeys.NET_TRANSPORT));
    vertx = Vertx.builder()
        .withTransport(transport)
        .with(new VertxOptions().setEventLoopPoolSize(eventLoops)
            .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(false)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();

    respPort = FreePort.resolve(config.get(ConfigKeys.RESP_PORT));
    httpPort = FreePort.resolve(config.get(ConfigKeys.HTTP_PORT));
    List<io.pyrope.admin.AdminRoutes> routes = new ArrayList<>(List.of(new IndexRoutes(),
        new TenantRoutes(security.store()), new AuditRoutes(audit), durability.routes()));
    startCache(routes);
    startPolicyUpdates(routes);
    searchLanes = new SearchLanes(indexes, config.get(ConfigKeys.SEARCH_THREADS), 0,
        config.get(ConfigKeys.SEARCH_SPIN_US), registry);
    ServerInfo info = serverInfo(cores);

    await(vertx.deployVerticle(new SearchVerticle(indexes, durability.writes(), searchLanes, registry)),
        "search workers");
    await(vertx.deployVerticle(durability.verticle()), "snapshots");
    Tls tls = tls();
    HttpServerOptions http = new HttpServerOptions().setHost(config.get(ConfigKeys.HTTP_HOST)).setPort(httpPort);
    admin = new AdminHttpVerticle(tls == null ? http : tls.applyTo(http),
        new HttpSecurity(security, config.get(ConfigKeys.HTTP_METRICS_PUBLIC)), registry, List.of(kafka.healthCheck()),
        routes);
    await(vertx.deployVerticle(admin), "HTTP admin on " + config.get(ConfigKeys.HTTP_HOST) + ":" + httpPort);
    respDeployment = await(vertx.deployVerticle(() -> new RespServerVerticle(info, config.get(ConfigKeys.RESP_HOST),
        respPort, config.get(ConfigKeys.SHUTDOWN_DRAIN_MS), tls), new DeploymentOptions().setInstances(eventLoops)),
        "RESP on " + config.get(ConfigKeys.RESP_HOST) + ":" + respPort);

    LOG.atInfo().addKeyValue("resp", config.get(ConfigKeys.RESP_HOST) + ":" + respPort)
        .addKeyValue("http", config.get(ConfigKeys.HTTP_HOST) + ":" + httpPort)
        .addKeyValue("transport", transport.name().toLowerCase(java.util.Locale.ROOT))
        .addKeyValue("kafka", kafka.bootstrap()).addKeyValue("embedded_kafka", kafka.embedded())
        .addKeyValue("data_dir", dataDir).addKeyValue("auth", config.authEnabled())
        .addKeyValue("tls", tls == null ? "off" : "client-auth=" + tls.clientAuth().name().toLowerCase(java.util.Locale.ROOT))
        .addKeyValue("start_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
        .log("node ready");
  }

  /** TLS settings from tls.*, or null when TLS is off; a bad combination stops start-up naming the key. */
  private Tls tls() {
    try {
      return Tls.of(config.get(ConfigKeys.TLS_CERT), config.get(ConfigKeys.TLS_KEY), config.get(ConfigKeys.TLS_CA),
          config.get(ConfigKeys.TLS_CLIENT_AUTH));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** The result cache (shared with VEC.SEARCH) and its verticle, unless cache.enabled=false. */
  private void startCache(List<io.pyrope.admin.AdminRoutes> routes) {
    CacheSettings cs = new CacheSettings(config.get(ConfigKeys.CACHE_ENABLED), config.get(ConfigKeys.CACHE_MAX_BYTES),
        config.get(ConfigKeys.CACHE_TENANT_MAX_BYTES), EvictionMode.of(config.get(ConfigKeys.CACHE_EVICTION)),
        config.get(ConfigKeys.CACHE_SIMHASH_BITS), config.get(ConfigKeys.CACHE_SIMHASH_SEED),
        config.get(ConfigKeys.CACHE_SWEEP_MS), config.get(ConfigKeys.CACHE_TTL_MS),
        config.get(ConfigKeys.CACHE_QUERY_KEY_LEVEL), Consistency.of(config.get(ConfigKeys.CACHE_CONSISTENCY)));
    if (!cs.enabled()) {
      return;
    }
    cache = new ResultCache(indexes, registry, CoarseClock::nanoTime, cs.maxBytes(), cs.simhashBits(), cs.simhashSeed(),
        cs.initialPolicy(), cs.defaultRule());
    cache.onEvents(new DecisionMeters(registry, telemetry));
    CacheVerticle cv = new CacheVerticle(cache, cs.sweepMillis());
    await(vertx.deployVerticle(cv), "result cache");
    policyControl = new PolicyControl(cache, aiSettings(), new SearchStats(registry), System::currentTimeMillis,
        cs.maxBytes(), registry);
    routes.add(cv.routes(policyControl));
  }

  private AiSettings aiSettings() {
    return new AiSettings(config.get(ConfigKeys.AI_POLICY_UPDATES), config.get(ConfigKeys.AI_POLICY_TOPIC),
        config.get(ConfigKeys.AI_POLICY_DEADLINE_MS), config.get(ConfigKeys.AI_GUARD_WINDOW_MS),
        config.get(ConfigKeys.AI_GUARD_MIN_LOOKUPS), config.get(ConfigKeys.AI_GUARD_HIT_MARGIN),
        config.get(ConfigKeys.AI_GUARD_P99_RATIO), PolicyMode.of(config.get(ConfigKeys.AI_FALLBACK)));
  }

  /**
   * The ai-controller's side of the loop: tables and evaluations from the policy topic, read on a
   * thread of its own (never an event loop), unless ai.policy-updates=false. The AI routes are
   * mounted either way.
   */
  private void startPolicyUpdates(List<io.pyrope.admin.AdminRoutes> routes) {
    if (config.get(ConfigKeys.AI_POLICY_UPDATES)) {
      // A group-less reader: every node reads the whole topic (see PolicyUpdates).
      policyUpdates = new PolicyUpdates(kafka.clients().walReader("pyrope-policy-" + nodeId),
          config.get(ConfigKeys.AI_POLICY_TOPIC), policyControl, evaluations, System::currentTimeMillis);
      policyUpdates.start();
    }
    routes.add(new AiRoutes(policyControl, evaluations, policyUpdates));
  }

  /**
   * The query and decision logs: a lossy producer (on telemetry.kafka-bootstrap when set, else the
   * node's Kafka) behind a bounded queue, so that Kafka being slow or down costs drops, not latency.
   */
  private void startTelemetry() {
    if (!config.get(ConfigKeys.TELEMETRY_ENABLED)) {
      return;
    }
    String own = config.get(ConfigKeys.TELEMETRY_KAFKA_BOOTSTRAP);
    KafkaClientFactory clients = own.isEmpty() ? kafka.clients() : new KafkaClientFactory(own);
    logs = new LogPublisher(KafkaMeters.bind(registry, clients.logProducer("pyrope-log-" + nodeId)),
        config.get(ConfigKeys.TELEMETRY_QUEUE), config.get(ConfigKeys.TELEMETRY_MAX_RATE), registry);
    telemetry = new Telemetry(logs, nodeId);
  }

  private ServerInfo serverInfo(int cores) {
    RespLimits limits = new RespLimits(config.get(ConfigKeys.RESP_MAX_BULK_BYTES), config.get(ConfigKeys.RESP_MAX_ARGS),
        RespLimits.DEFAULT_MAX_INLINE_BYTES, RespLimits.REQUEST_NESTING, RespLimits.DEFAULT_MAX_REQUEST_BYTES, true);
    CommandRegistry commands = new CommandRegistry(Commands.all(cache, telemetry, searchLanes, registry), registry);
    Gauge.builder("vector_db_resp_connections", stats, NodeStats::connectedClients)
        .description("Open RESP connections").register(registry);
    FunctionCounter.builder("vector_db_resp_protocol_errors_total", stats, s -> s.protocolErrors.sum())
        .description("RESP protocol errors that closed a connection").register(registry);
    FunctionCounter.builder("vector_db_resp_connections_rejected_total", stats, s -> s.connectionsRejected.sum())
        .description("RESP connections refused at resp.max-clients").register(registry);
    return new ServerInfo(VERSION, REDIS_COMPAT_VERSION, respPort, httpPort, config.get(ConfigKeys.RESP_MAX_CLIENTS),
        limits, config.get(ConfigKeys.RESP_MAX_PIPELINE), stats,
        new Authenticator(security), commands, this::extraInfo);
  }

  private Map<String, Map<String, Object>> extraInfo() {
    Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("kafka_bootstrap", kafka.bootstrap());
    k.put("kafka_embedded", kafka.embedded() ? 1 : 0);
    sections.put("kafka", k);
    // Redis reports its durability here (aof_enabled, …); ours is the Kafka WAL.
    Map<String, Object> persistence = new LinkedHashMap<>();
    persistence.put("wal_enabled", config.get(ConfigKeys.WAL_ENABLED) ? 1 : 0);
    persistence.put("wal_topic", config.get(ConfigKeys.WAL_TOPIC));
    sections.put("persistence", persistence);
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

  /** The admin API's mounted routes ("METHOD /path"). */
  public List<String> adminRoutes() {
    return admin.mountedRoutes();
  }

  /** The result cache, or null when cache.enabled=false. */
  public ResultCache cache() {
    return cache;
  }

  /** The policy modes and guardrail, or null when cache.enabled=false. */
  public PolicyControl policyControl() {
    return policyControl;
  }

  public IndexRegistry indexes() {
    return indexes;
  }

  /** Tenants, users, keys, permissions, audit: the node's security services. */
  public Security security() {
    return security;
  }

  /** This node instance's id (a UUID per start), as stamped on its audit records. */
  public String nodeId() {
    return nodeId;
  }

  /** The node's data directory, absolute. */
  public Path dataDir() {
    return config.get(ConfigKeys.DATA_DIR).toAbsolutePath().normalize();
  }

  public NodeStats stats() {
    return stats;
  }

  /** The query/decision log publisher, or null when telemetry.enabled=false. */
  public LogPublisher logPublisher() {
    return logs;
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
    if (policyUpdates != null) {
      policyUpdates.close(); // before Kafka: its consumer must not wait on a broker that is gone
    }
    if (durability != null) {
      durability.close();
    }
    indexes.close();
    if (audit != null) {
      audit.close(); // before Kafka: queued records still reach the broker
    }
    if (logs != null) {
      logs.close(); // idem, after every producer of records (RESP, cache) has stopped
    }
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
