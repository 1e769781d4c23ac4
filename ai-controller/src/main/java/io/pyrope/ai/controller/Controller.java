package io.pyrope.ai.controller;

import io.pyrope.ai.features.FeatureStore;
import io.pyrope.ai.features.FeatureTableWriter;
import io.pyrope.ai.features.TraceWriter;
import io.pyrope.ai.sim.HeuristicSettings;
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
 * <p><b>Threading.</b> Three threads of its own: "pyrope-ai-consumer" ({@link LogConsumer}: the
 * Kafka consumer, feature updates, trace files), "pyrope-ai-cadence" ({@link PolicyCadence}:
 * snapshot, feature file, heuristic, publishing) and, unless {@code --evaluate-ms 0},
 * "pyrope-ai-evaluate" ({@link EvaluationCadence}: replays of the trace files, evaluation records).
 * They share only the {@link FeatureStore} (synchronized), the {@link ControllerStats} (atomic),
 * the consumer's readiness flag and the published table (volatile). The producer is thread-safe
 * and used by the two cadences.
 *
 * <p><b>Shutdown</b> ({@link #close}, from the SIGTERM hook): a running evaluation ends after the
 * replay in flight, the cadence stops (a tick in flight finishes), the consumer is woken, commits
 * its offsets, flushes and closes the trace files, and the producer flushes and closes. Idempotent.
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
  private final EvaluationCadence evaluation;           // null with --evaluate-ms 0
  private final ScheduledExecutorService evaluator;     // its own thread: an evaluation never delays a table
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
    if (options.evaluateMs() > 0) {
      HeuristicSettings heuristic = new HeuristicSettings(options.publishMs(), options.windowMs(), options.maxKeys());
      this.evaluation = new EvaluationCadence(id, options.dataDir(), heuristic, cadence::table, cadence::sequence,
          producer, consumer::caughtUp, stats, clock);
      this.evaluator = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pyrope-ai-evaluate");
        t.setPriority(Thread.MIN_PRIORITY);  // the consumer and the table cadence come first
        return t;
      });
    } else {
      this.evaluation = null;
      this.evaluator = null;
    }
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
    if (c.evaluator != null) {
      // With a fixed delay: a long round is not followed at once by the next.
      c.evaluator.scheduleWithFixedDelay(c.evaluation, options.evaluateMs(), options.evaluateMs(),
          TimeUnit.MILLISECONDS);
    }
    LOG.atInfo().addKeyValue("controller", c.id).addKeyValue("bootstrap", options.bootstrap())
        .addKeyValue("group", options.group()).addKeyValue("publish_ms", options.publishMs())
        .addKeyValue("window_ms", options.windowMs()).addKeyValue("data_dir", options.dataDir())
        .addKeyValue("admin_url", options.adminUrl()).addKeyValue("max_keys", options.maxKeys())
        .addKeyValue("evaluate_ms", options.evaluateMs())
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
    if (evaluator != null) {
      evaluation.stop();
      evaluator.shutdownNow();
    }
    scheduler.shutdown();
    try {
      if (evaluator != null && !evaluator.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.atWarn().log("an evaluation was still running at shutdown");
      }
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
        .addKeyValue("tables_published", stats.tablesPublished())
        .addKeyValue("evaluations_published", stats.evaluationsPublished()).log("ai-controller stopped");
  }
}
