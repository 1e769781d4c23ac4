package io.pyrope.telemetry;

import io.pyrope.bus.Topics;
import io.pyrope.cache.CacheLayer;
import io.pyrope.cache.CacheQuery;
import io.pyrope.cache.impl.CacheEntry;
import io.pyrope.cache.impl.CacheEvents;
import io.pyrope.cache.impl.IndexShard;
import io.pyrope.cache.impl.KeyHashes;
import io.pyrope.cache.policy.Decision;
import io.pyrope.cache.policy.PolicyRule;
import io.pyrope.cache.policy.PolicyTable;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The node's query and decision logs: turns finished searches ({@link #admitQuery} then {@link #searchedAdmitted}), admission
 * decisions and entries leaving the cache ({@link CacheEvents}) into records on
 * {@code pyrope.query-log} and {@code pyrope.decision-log}, through one {@link LogPublisher}.
 *
 * <p>Threading: every method is called on the thread that did the work (event loops, the cache
 * verticle's worker, index writers), concurrently. Each one captures immutable values into a
 * lambda or a {@link QuerySample} and offers it to the publisher, which never blocks; the JSON
 * is built and encoded on the publisher's drain thread. Nothing here holds state of its own.
 *
 * <p>Records are keyed by {@code tenant/index}, so one index's records keep their order on a
 * partition. Layouts: {@code pyrope.query-log.v1.json} and {@code pyrope.decision-log.v1.json}
 * in bus-schemas.
 */
public final class Telemetry implements CacheEvents {
  /** Result ids kept per query-log record. */
  public static final int MAX_RESULT_IDS = 100;
  /** Longest canonical filter logged as text; longer ones are logged by hash and length only. */
  public static final int MAX_FILTER_TEXT = 256;
  /** Schema id of decision-log records. */
  public static final String DECISION_SCHEMA = "pyrope.decision-log/v1";
  /** Model version of a hand-written policy table (the ai-controller's tables name theirs). */
  public static final String STATIC_MODEL = PolicyTable.STATIC_MODEL;

  private final LogPublisher publisher; // shared, thread-safe
  private final String node;            // this node instance's id

  public Telemetry(LogPublisher publisher, String node) {
    this.publisher = publisher;
    this.node = node;
    publisher.track(Topics.QUERY_LOG);
    publisher.track(Topics.DECISION_LOG);
  }

    /**
   * Whether the query log takes one more record now (the rate cap); ask before building the
   * {@link QuerySample}, which a flood of cache hits would otherwise build only to shed. A false
   * is counted as a dropped record; a true must be followed by {@link #searchedAdmitted}.
   */
  public boolean admitQuery() {
    return publisher.admit(Topics.QUERY_LOG);
  }

  /** Queues a query-log record that {@link #admitQuery} let through. */
  public void searchedAdmitted(QuerySample s) {
    publisher.offerAdmitted(Topics.QUERY_LOG, s.tenant() + "/" + s.index(), (LogRecord) out -> s.writeTo(out, node));
  }

  @Override
  public void decided(IndexShard shard, CacheQuery q, PolicyRule rule, PolicyTable table, Decision d, long proxyCost,
      long bytes, CacheLayer layer) {
    long policyVersion = table.version();
    String model = table.modelVersion();
    long now = System.currentTimeMillis();
    long usedTenant = shard.usage();
    publisher.offer(Topics.DECISION_LOG, q.tenant + "/" + q.index, () -> {
      String key = KeyHashes.l0(q.vectorBytes, q.fromValues, q.filter, q.topK, q.withMeta, q.nprobe, q.ef);
      if (layer == CacheLayer.L1) {
        key = KeyHashes.l1(shard, q.vector(), q.filter, q.topK, q.withMeta, q.nprobe, q.ef);
      }
      return base("decision", now, q.tenant, q.index, key)
          .put("layer", layer.wireName())
          .put("decision", d.wireName())
          .put("ttl_ms", rule.ttlMillis())
          .put("priority", rule.priority())
          .put("policy_version", policyVersion)
          .put("model_version", model)
          .put("bytes", bytes)
          .put("features", new JsonObject()
              .put("proxy_cost", proxyCost)
              .put("admission", rule.admission().wireName())
              .put("min_proxy_cost", rule.minProxyCost())
              .put("top_k", q.topK)
              .put("level", rule.level())
              .put("filtered", q.filter != null)
              .put("tenant_used_bytes", usedTenant));
    });
  }

  @Override
  public void left(CacheEntry e, String reason, long nowNanos) {
    long now = System.currentTimeMillis();
    IndexShard s = e.shard();
    long lifetimeMs = Math.max(0, (nowNanos - e.createdNanos()) / 1_000_000);
    int hits = e.hitCount();
    publisher.offer(Topics.DECISION_LOG, s.tenant() + "/" + s.index(), () ->
        base("outcome", now, s.tenant(), s.index(), KeyHashes.of(e))
            .put("layer", e.layer().wireName())
            .put("reason", reason)
            .put("hits_served", hits)
            .put("bytes", e.bytes())
            .put("lifetime_ms", lifetimeMs)
            .put("proxy_cost", e.proxyCost())
            .put("saved_proxy_cost", hits * e.proxyCost()));
  }

  private JsonObject base(String kind, long timeMillis, String tenant, String index, String key) {
    return new JsonObject()
        .put("schema", DECISION_SCHEMA)
        .put("kind", kind)
        .put("time", Instant.ofEpochMilli(timeMillis).toString())
        .put("time_ms", timeMillis)
        .put("node", node)
        .put("tenant", tenant)
        .put("index", index)
        .put("key", key);
  }
}
