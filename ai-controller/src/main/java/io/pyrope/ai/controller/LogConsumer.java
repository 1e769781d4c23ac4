package io.pyrope.ai.controller;

import io.pyrope.ai.features.BadRecordException;
import io.pyrope.ai.features.DecisionEvent;
import io.pyrope.ai.features.FeatureStore;
import io.pyrope.ai.features.LogRecords;
import io.pyrope.ai.features.QueryEvent;
import io.pyrope.ai.features.TraceWriter;
import io.pyrope.bus.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer of {@code pyrope.query-log} and {@code pyrope.decision-log}: the body of the
 * controller's "pyrope-ai-consumer" thread.
 *
 * <p><b>Threading.</b> Everything here runs on that one thread: the Kafka consumer (NOT
 * thread-safe) and the {@link TraceWriter} are created, used and closed on it. Other threads
 * only call {@link #stop}, which sets a flag and {@code wakeup()}s the consumer.
 *
 * <p><b>Start.</b> Until the cluster answers and the three topics exist it retries with backoff
 * ({@value #FIRST_BACKOFF_MS} ms doubling to {@value #MAX_BACKOFF_MS} ms) and says so in one log
 * line, then one more when Kafka is ready. The publisher waits for {@link #caughtUp} (Kafka ready,
 * the window replayed: see {@link WarmStart}), so it never auto-creates the compacted policy topic
 * with broker defaults and never publishes a table built from half a window.
 *
 * <p><b>Delivery.</b> At least once: offsets are committed after a batch has been applied to the
 * features and its trace lines flushed (never below the offset traced before a restart's replay). A redelivered record counts twice (the logs are lossy and
 * may duplicate anyway). A bad record (not JSON, wrong schema, a bad field) is counted by reason
 * in {@link ControllerStats} and skipped; the first of each reason is logged at WARN.
 * Authentication and authorization errors are fatal (logged, thread ends); other Kafka errors are
 * logged and retried.
 */
final class LogConsumer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(LogConsumer.class);
  /** First wait between readiness attempts. */
  static final long FIRST_BACKOFF_MS = 500;
  /** Longest wait between readiness attempts. */
  static final long MAX_BACKOFF_MS = 30_000;
  /** How often a wait on the admin client checks for a stop. */
  static final long STOP_CHECK_MS = 100;
  /** Poll timeout: also how quickly a stop is noticed without wakeup. */
  static final Duration POLL = Duration.ofMillis(500);
  /** Topics that must exist before the controller consumes and publishes. */
  static final List<String> TOPICS = List.of(Topics.QUERY_LOG, Topics.DECISION_LOG, Topics.POLICY);

  private final KafkaClients clients;
  private final String clientId;
  private final String group;
  private final FeatureStore store;
  private final TraceWriter traces;
  private final ControllerStats stats;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean ready = new AtomicBoolean();
  private final long windowMs;
  private final java.time.Clock clock;
  private volatile WarmStart warm;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  LogConsumer(KafkaClients clients, String clientId, String group, FeatureStore store, TraceWriter traces,
      ControllerStats stats, java.time.Clock clock) {
    this.windowMs = store.windowMs();
    this.clock = clock;
    this.clients = clients;
    this.clientId = clientId;
    this.group = group;
    this.store = store;
    this.traces = traces;
    this.stats = stats;
  }

  /** Whether Kafka answered and the topics exist. */
  boolean ready() {
    return ready.get();
  }

  /** Whether the consumer has replayed the window and read up to where the logs ended at its start. */
  boolean caughtUp() {
    WarmStart w = warm;
    return ready.get() && w != null && w.caughtUp();
  }

  /** Asks the loop to commit, close and end. Any thread. */
  void stop() {
    running.set(false);
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  @Override
  public void run() {
    try {
      if (!awaitKafka()) {
        return;
      }
      try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(clients.consumer(clientId + "-logs", group))) {
        consumer = c;
        WarmStart w = new WarmStart(c, windowMs, clock);
        warm = w;
        c.subscribe(List.of(Topics.QUERY_LOG, Topics.DECISION_LOG), w);
        loop(c, w);
      }
    } catch (RuntimeException e) {
      LOG.atError().addKeyValue("error", e.toString()).log("log consumer stopped on an unexpected error", e);
    } finally {
      try {
        traces.close();
      } catch (IOException e) {
        LOG.atWarn().addKeyValue("error", e.getMessage()).log("closing trace files failed");
      }
    }
  }

  private void loop(KafkaConsumer<byte[], byte[]> c, WarmStart w) {
    long backoff = FIRST_BACKOFF_MS;
    while (running.get()) {
      ConsumerRecords<byte[], byte[]> batch;
      try {
        batch = c.poll(POLL);
        backoff = FIRST_BACKOFF_MS;
      } catch (WakeupException | InterruptException e) {
        break;
      } catch (AuthenticationException | AuthorizationException e) {
        LOG.atError().addKeyValue("error", e.getMessage()).log("kafka refused the controller; consumer stops");
        return;
      } catch (KafkaException e) {
        LOG.atWarn().addKeyValue("error", e.getMessage()).addKeyValue("retry_ms", backoff).log("poll failed");
        if (!sleep(backoff)) {
          break;
        }
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        continue;
      }
      if (batch.isEmpty()) {
        w.check();
        continue;
      }
      for (ConsumerRecord<byte[], byte[]> r : batch) {
        apply(r, w.replayed(new TopicPartition(r.topic(), r.partition()), r.offset()));
      }
      w.check();
      try {
        traces.flush();
      } catch (IOException e) {
        stats.traceErrors.incrementAndGet();
        warnOnce("trace-flush", "flushing trace files failed", e.getMessage());
      }
      try {
        c.commitSync(w.commitOffsets());
      } catch (WakeupException | InterruptException e) {
        commitQuietly(c, w);
        break;
      } catch (KafkaException e) {
        // Retried with the next batch; a rebalance may redeliver (records count twice, harmless).
        LOG.atWarn().addKeyValue("error", e.getMessage()).log("offset commit failed");
      }
    }
    commitQuietly(c, w);
  }

  /** Applies one record; a {@code replay} updates the features only (its trace line exists already). */
  void apply(ConsumerRecord<byte[], byte[]> r, boolean replay) {
    try {
      if (r.topic().equals(Topics.QUERY_LOG)) {
        QueryEvent e = LogRecords.query(r.value());
        long bytes = store.onQuery(e);
        stats.queryRecords.incrementAndGet();
        if (replay) {
          return;
        }
        try {
          if (traces.append(e, bytes)) {
            stats.traceRecords.incrementAndGet();
          }
        } catch (IOException io) {
          stats.traceErrors.incrementAndGet();
          warnOnce("trace-write", "writing a trace record failed", io.getMessage());
        }
      } else {
        DecisionEvent e = LogRecords.decision(r.value());
        store.onDecision(e);
        stats.decisionRecords.incrementAndGet();
      }
    } catch (BadRecordException e) {
      stats.bad(r.topic(), e.reason());
      if (warned.add(r.topic() + "/" + e.reason())) {
        LOG.atWarn().addKeyValue("topic", r.topic()).addKeyValue("partition", r.partition())
            .addKeyValue("offset", r.offset()).addKeyValue("reason", e.reason()).addKeyValue("error", e.getMessage())
            .log("skipping a bad record (further ones of this reason are only counted)");
      }
    } catch (RuntimeException e) {
      // A record the code did not foresee must not stop the pipeline: count it like a bad one.
      stats.bad(r.topic(), "unprocessable");
      warnOnce("unprocessable-" + r.topic(), "skipping a record that failed to apply", e.toString());
    }
  }

  private boolean awaitKafka() {
    long backoff = FIRST_BACKOFF_MS;
    int attempts = 0;
    String bootstrap = clients.bootstrap();
    Admin admin = Admin.create(clients.admin(clientId + "-admin"));
    try {
      while (running.get()) {
        attempts++;
        String problem;
        try {
          awaitFuture(admin.describeCluster().clusterId());
          Set<String> names = awaitFuture(admin.listTopics().names());
          List<String> missing = TOPICS.stream().filter(t -> !names.contains(t)).toList();
          problem = missing.isEmpty() ? null : "topics missing: " + String.join(",", missing);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        } catch (java.util.concurrent.CancellationException e) {
          return false; // stopped while waiting
        } catch (Exception e) {
          problem = e.getCause() != null ? e.getCause().toString() : e.toString();
        }
        if (problem == null) {
          ready.set(true);
          LOG.atInfo().addKeyValue("bootstrap", bootstrap).addKeyValue("attempts", attempts).log("kafka ready");
          return true;
        }
        if (attempts == 1) {
          LOG.atWarn().addKeyValue("bootstrap", bootstrap).addKeyValue("problem", problem)
              .addKeyValue("max_backoff_ms", MAX_BACKOFF_MS).log("kafka not ready; retrying with backoff");
        }
        if (!sleep(backoff)) {
          return false;
        }
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    } finally {
      admin.close(Duration.ofMillis(STOP_CHECK_MS)); // abandons a pending call rather than wait for its timeout
    }
    return false;
  }

  /** The future's value, checking every {@value #STOP_CHECK_MS} ms whether the loop was stopped. */
  private <T> T awaitFuture(org.apache.kafka.common.KafkaFuture<T> f) throws Exception {
    while (true) {
      try {
        return f.get(STOP_CHECK_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        if (!running.get()) {
          throw new java.util.concurrent.CancellationException("stopped");
        }
      }
    }
  }

  private boolean sleep(long ms) {
    long end = System.nanoTime() + ms * 1_000_000;
    while (running.get() && System.nanoTime() < end) {
      try {
        Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return running.get();
  }

  private void commitQuietly(KafkaConsumer<byte[], byte[]> c, WarmStart w) {
    try {
      traces.flush();
      try {
        c.commitSync(w.commitOffsets(), Duration.ofSeconds(5));
      } catch (WakeupException e) {
        c.commitSync(w.commitOffsets(), Duration.ofSeconds(5)); // a stop()'s wakeup was pending; it is consumed now
      }
    } catch (IOException | RuntimeException e) {
      LOG.atWarn().addKeyValue("error", e.getMessage()).log("final offset commit failed; records may be read again");
    }
  }

  private void warnOnce(String id, String msg, String error) {
    if (warned.add(id)) {
      LOG.atWarn().addKeyValue("error", error).log(msg + " (further failures are only counted)");
    }
  }
}
