package io.pyrope.ai.controller;

import io.pyrope.ai.features.FeatureSnapshot;
import io.pyrope.ai.features.FeatureStore;
import io.pyrope.ai.features.FeatureTableWriter;
import io.pyrope.ai.features.SystemFeatures;
import io.pyrope.ai.policy.IndexDecision;
import io.pyrope.ai.policy.PolicyLimits;
import io.pyrope.ai.policy.WarmHeuristic;
import io.pyrope.bus.Topics;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cadence tick, every {@code --publish-ms}: scrape the node's gauges (with
 * {@code --admin-url}), snapshot the features, write the feature table file, compute the warm-path
 * table and publish it on {@code pyrope.policy} under key {@value #TABLE_KEY}.
 *
 * <p>A table is republished at every tick even when unchanged (same sequence): nodes take its age
 * as the controller's heartbeat. The sequence moves only when the computed table differs from the
 * previous one. A table that fails {@link PolicyLimits} is not published (the previous one is
 * republished) and logged at ERROR: that is a bug in the heuristic, not bad input.
 *
 * <p><b>Threading.</b> Runs on the controller's single cadence thread; its fields are touched by
 * no other thread except the volatile ones read by tests.
 */
final class PolicyCadence implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyCadence.class);
  /** Record key of the table on pyrope.policy. */
  static final String TABLE_KEY = "table";
  /** Schema id of pyrope.policy records. */
  static final String POLICY_SCHEMA = "pyrope.policy/v1";
  /** model_version prefix: the policy that made the table. */
  static final String MODEL = "warm-heuristic";

  private final String controllerId;
  private final FeatureStore store;
  private final FeatureTableWriter featureFile;
  private final AdminMetricsScraper scraper;  // null without --admin-url
  private final Producer<byte[], byte[]> producer;
  private final BooleanSupplier mayPublish;
  private final ControllerStats stats;
  private final Clock clock;
  private volatile JsonObject table;          // the current table (the last valid one computed)
  private volatile long sequence;             // its sequence, 0 before the first
  private Map<String, IndexDecision> lastDecisions = Map.of();
  private boolean scrapeFailing;
  private boolean publishFailing;

  PolicyCadence(String controllerId, FeatureStore store, FeatureTableWriter featureFile, AdminMetricsScraper scraper,
      Producer<byte[], byte[]> producer, BooleanSupplier mayPublish, ControllerStats stats, Clock clock) {
    this.controllerId = controllerId;
    this.store = store;
    this.featureFile = featureFile;
    this.scraper = scraper;
    this.producer = producer;
    this.mayPublish = mayPublish;
    this.stats = stats;
    this.clock = clock;
  }

  JsonObject table() {
    return table;
  }

  long sequence() {
    return sequence;
  }

  @Override
  public void run() {
    try {
      tick();
    } catch (RuntimeException | Error e) {
      // A scheduled task that throws is never run again: log and keep the cadence alive.
      LOG.atError().addKeyValue("error", e.toString()).log("cadence tick failed", e);
    }
  }

  void tick() {
    // Read before the snapshot: once the consumer has caught up, the snapshot holds the whole window.
    boolean publish = mayPublish.getAsBoolean();
    long now = clock.millis();
    scrape(now);
    FeatureSnapshot snap = store.snapshot(now);
    try {
      featureFile.write(snap);
      stats.featureFiles.incrementAndGet();
    } catch (java.io.IOException e) {
      LOG.atWarn().addKeyValue("file", featureFile.file()).addKeyValue("error", e.toString())
          .log("writing the feature table failed");
    }
    WarmHeuristic.Result result = WarmHeuristic.compute(snap);
    List<String> problems = PolicyLimits.problems(result.table());
    if (!problems.isEmpty()) {
      LOG.atError().addKeyValue("problems", String.join("; ", problems))
          .log("computed policy table is invalid; keeping the previous one");
    } else if (!result.table().equals(table)) {
      table = result.table();
      sequence++;
      logChanges(result.decisions());
      LOG.atInfo().addKeyValue("sequence", sequence).addKeyValue("rules", table.getJsonArray("rules").size())
          .addKeyValue("keys", snap.keys().size()).addKeyValue("queries", stats.queryRecords())
          .addKeyValue("bad_records", stats.badTotal()).log("policy table changed");
    }
    if (table != null && publish) {
      // (Not yet: still waiting for Kafka and the topics, or replaying the window; the consumer logs which.)
      publish(now);
    }
  }

  private void publish(long now) {
    JsonObject rec = new JsonObject().put("schema", POLICY_SCHEMA).put("kind", "table")
        .put("controller", controllerId).put("issued_ms", now).put("sequence", sequence)
        .put("model_version", MODEL + "/" + sequence).put("table", table.copy());
    try {
      producer.send(new ProducerRecord<>(Topics.POLICY, TABLE_KEY.getBytes(StandardCharsets.UTF_8),
              rec.encode().getBytes(StandardCharsets.UTF_8)))
          .get(KafkaClients.POLICY_DELIVERY_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
      stats.tablesPublished.incrementAndGet();
      if (publishFailing) {
        publishFailing = false;
        LOG.atInfo().addKeyValue("sequence", sequence).log("policy table published again");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      stats.publishFailures.incrementAndGet();
      if (!publishFailing) {
        publishFailing = true;
        LOG.atWarn().addKeyValue("error", e.getCause() != null ? e.getCause().toString() : e.toString())
            .log("publishing the policy table failed; retrying every cadence");
      }
    }
  }

  private void scrape(long now) {
    if (scraper == null) {
      return;
    }
    try {
      SystemFeatures s = scraper.scrape(now);
      store.onSystem(s);
      if (scrapeFailing) {
        scrapeFailing = false;
        LOG.atInfo().addKeyValue("url", scraper.uri()).log("admin metrics readable again");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!scrapeFailing) {
        scrapeFailing = true;
        LOG.atWarn().addKeyValue("url", scraper.uri()).addKeyValue("error", e.toString())
            .log("admin metrics scrape failed; system features keep their last values");
      }
    }
  }

  private void logChanges(List<IndexDecision> decisions) {
    Map<String, IndexDecision> now = new HashMap<>();
    for (IndexDecision d : decisions) {
      String id = d.tenant() + "/" + d.index();
      now.put(id, d);
      IndexDecision before = lastDecisions.get(id);
      boolean same = before != null && before.decided() == d.decided() && java.util.Objects.equals(before.admit(),
          d.admit()) && before.minProxyCost() == d.minProxyCost() && before.ttlMs() == d.ttlMs()
          && before.priority() == d.priority() && before.level() == d.level();
      if (!same && d.decided()) {
        LOG.atInfo().addKeyValue("tenant", d.tenant()).addKeyValue("index", d.index()).addKeyValue("admit", d.admit())
            .addKeyValue("min_proxy_cost", d.minProxyCost()).addKeyValue("ttl_ms", d.ttlMs())
            .addKeyValue("priority", d.priority()).addKeyValue("why", d.reason()).log("index rule");
      }
    }
    lastDecisions = now;
  }
}
