package io.pyrope.cache.ai;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest simulator report per tenant/index, as the ai-controller published it on the policy
 * topic, for {@code GET /v1/ai/evaluations}. Bounded: at most {@link #MAX_EVALUATIONS} indexes
 * (a report for one more is dropped and counted; a newer report for a known index replaces the
 * old one), each at most {@link PolicyRecord#MAX_EVALUATION_BYTES}.
 *
 * <p>Threading: written by the policy-update thread, read by the admin event loop; a sorted
 * concurrent map of immutable entries, so readers never wait.
 */
public final class Evaluations {
  private static final Logger LOG = LoggerFactory.getLogger(Evaluations.class);
  /** Most indexes whose report is kept. */
  public static final int MAX_EVALUATIONS = 4096;

  /** One report as received. */
  private record Entry(PolicyRecord.Evaluation evaluation, long receivedMillis) {}

  private final Map<String, Entry> byIndex = new ConcurrentSkipListMap<>(); // tenant + '\0' + index
  private final AtomicLong dropped = new AtomicLong();

  /** Keeps {@code e} as the latest report of its index; false when the store is full. */
  public boolean put(PolicyRecord.Evaluation e, long receivedMillis) {
    String key = e.tenant() + '\0' + e.index();
    if (!byIndex.containsKey(key) && byIndex.size() >= MAX_EVALUATIONS) {
      if (dropped.getAndIncrement() == 0) {
        LOG.atWarn().addKeyValue("max", MAX_EVALUATIONS).log("ai evaluations: store full, dropping reports of new indexes");
      }
      return false;
    }
    byIndex.put(key, new Entry(e, receivedMillis));
    return true;
  }

  /** Forgets an index's report (a tombstone on the topic). */
  public void remove(String tenant, String index) {
    byIndex.remove(tenant + '\0' + index);
  }

  public int size() {
    return byIndex.size();
  }

  /** Reports dropped because the store was full. */
  public long dropped() {
    return dropped.get();
  }

  /**
   * {@code {"evaluations": [{tenant, index, controller, issued_ms, received_ms, report}]}} sorted
   * by tenant and index; {@code tenant} and {@code index} filter when not null.
   */
  public JsonObject toJson(String tenant, String index) {
    JsonArray out = new JsonArray();
    for (Entry en : byIndex.values()) {
      PolicyRecord.Evaluation e = en.evaluation();
      if ((tenant == null || tenant.equals(e.tenant())) && (index == null || index.equals(e.index()))) {
        out.add(new JsonObject().put("tenant", e.tenant()).put("index", e.index()).put("controller", e.controller())
            .put("issued_ms", e.issuedMillis()).put("received_ms", en.receivedMillis()).put("report", e.report()));
      }
    }
    return new JsonObject().put("evaluations", out);
  }
}
