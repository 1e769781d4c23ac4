package io.pyrope.ai.controller;

import io.pyrope.ai.features.FeatureStore;
import io.pyrope.ai.features.FeatureTableWriter;
import io.pyrope.ai.features.TraceWriter;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ai-controller process's body: wires the log consumer, the feature store, the trace and
 * feature files and the policy cadence, and owns their lifetimes.
 *
 * <p><b>Threading.</b> Two threads of its own: "pyrope-ai-consumer" ({@link LogConsumer}: the
 * Kafka consumer, feature updates, trace files) and "pyrope-ai-cadence" ({@link PolicyCadence}:
 * snapshot, feature file, heuristic, publishing). They share only the {@link FeatureStore}
 * (synchronized), the {@link ControllerStats} (atomic) and the consumer's readiness flag. The
 * producer is thread-safe and used by the cadence only.
 *
 * <p><b>Shutdown</b> ({@link #close}, from the SIGTERM hook): the cadence stops (a tick in flight
 * finishes), the consumer is woken, commits its offsets, flushes and closes the trace files, and
 * the producer flushes and closes. Idempotent.
 */
public final class Controller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
  /** How long close() waits for each thread. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private final ControllerOptions options;
  private final String id = UUID.randomUUID().toString();
  private final ControllerStats stats = new ControllerStats();
  private final FeatureStore store;
  private final LogConsumer consumer;
  private final Thread consumerThread;
  private final Producer<byte[], byte[]> producer;
  private final PolicyCadence cadence;
  private final ScheduledExecutorService scheduler;
  private boolean closed;

  private Controller(ControllerOptions options, String adminKey, Clock clock) throws IOException {
    this.options = options;
    Files.createDirectories(options.dataDir());
    KafkaClients clients = new KafkaClients(options.bootstrap());
    String clientId = "pyrope-ai-controller-" + id.substring(0, 8);
    this.store = new FeatureStore(options.windowMs(), options.maxKeys());
    this.consumer = new LogConsumer(clients, clientId, options.group(), store, new TraceWriter(options.dataDir()), stats,
        clock);
    this.producer = new KafkaProducer<>(clients.producer(clientId + "-policy"));
    AdminMetricsScraper scraper = options.adminUrl() == null ? null : new AdminMetricsScraper(options.adminUrl(), adminKey);
    this.cadence = new PolicyCadence(id, store, new FeatureTableWriter(options.dataDir()), scraper, producer,
        consumer::caughtUp, stats, clock);
    this.consumerThread = new Thread(consumer, "pyrope-ai-consumer");
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "pyrope-ai-cadence"));
  }

  /**
   * Starts a controller: the consumer thread at once, the first table after one cadence.
   *
   * @param adminKey bearer key for {@code --admin-url}, or null
   */
  public static Controller start(ControllerOptions options, String adminKey, Clock clock) throws IOException {
    Controller c = new Controller(options, adminKey, clock);
    c.consumerThread.start();
    c.scheduler.scheduleAtFixedRate(c.cadence, options.publishMs(), options.publishMs(), TimeUnit.MILLISECONDS);
    LOG.atInfo().addKeyValue("controller", c.id).addKeyValue("bootstrap", options.bootstrap())
        .addKeyValue("group", options.group()).addKeyValue("publish_ms", options.publishMs())
        .addKeyValue("window_ms", options.windowMs()).addKeyValue("data_dir", options.dataDir())
        .addKeyValue("admin_url", options.adminUrl()).addKeyValue("max_keys", options.maxKeys())
        .log("ai-controller started");
    return c;
  }

  /** This controller instance's id (in every table it publishes). */
  public String id() {
    return id;
  }

  public ControllerStats stats() {
    return stats;
  }

  public FeatureStore features() {
    return store;
  }

  /** The current table, or null before the first tick. */
  public JsonObject table() {
    return cadence.table();
  }

  public long sequence() {
    return cadence.sequence();
  }

  /** Whether the consumer thread is still running. */
  public boolean consuming() {
    return consumerThread.isAlive();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        scheduler.shutdownNow();
      }
      consumer.stop();
      consumerThread.join(STOP_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
    LOG.atInfo().addKeyValue("controller", id).addKeyValue("queries", stats.queryRecords())
        .addKeyValue("decisions", stats.decisionRecords()).addKeyValue("bad_records", stats.badTotal())
        .addKeyValue("tables_published", stats.tablesPublished()).log("ai-controller stopped");
  }
}
