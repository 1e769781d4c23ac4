package io.pyrope.ai.sim;

import io.pyrope.ai.features.DecisionEvent;
import io.pyrope.ai.features.QueryEvent;
import java.util.List;

/**
 * Turns trace records into the events the {@link io.pyrope.ai.features.FeatureStore} takes, so a
 * replay can feed the warm path the way the query and decision logs feed the controller. A trace
 * carries less than a log record; what the features need is derived from it and what they do not
 * read is neutral:
 *
 * <ul>
 *   <li>key, proxy cost ({@code cost}), topK and time come from the record; the hit is what the
 *       replayed cache did (the node logs its own hits).
 *   <li>The result count is the number of {@code result_ids}, else topK; no vector dimension, norm,
 *       filter, level, latency or queue wait (unknown: 0, NaN, null, -1).
 *   <li>The entry size ({@code bytes}) reaches the features as the node's does: through a
 *       decision-log event after each miss, whose verdict is what the replayed cache decided.
 * </ul>
 *
 * The node name is {@value #NODE}, the session 0. Stateless.
 */
final class TraceEvents {
  /** Node name of replayed events. */
  static final String NODE = "simulator";

  private TraceEvents() {}

  /** The query-log event of search record {@code r}; {@code hit} is whether the replayed cache served it. */
  static QueryEvent query(TraceRecord r, boolean hit) {
    int results = r.resultIds() != null ? r.resultIds().length : r.topK();
    return new QueryEvent(r.timeMs(), NODE, r.tenant(), r.index(), r.key(), 0, null, Double.NaN, r.topK(), null, -1,
        hit, hit ? "served" : "admitted", "ok", r.cost(), 0, 0, List.of(), results, 0);
  }

  /**
   * The decision-log event after a miss of {@code r}: {@code admitted} when the replayed cache stored
   * it, else {@code verdict} (rejected_min_cost, rejected_budget, …), with the entry's size.
   */
  static DecisionEvent decision(TraceRecord r, boolean admitted, String verdict) {
    return new DecisionEvent(r.timeMs(), NODE, r.tenant(), r.index(), r.key(), false, admitted ? "admitted" : verdict,
        r.bytes(), 0, 0);
  }

  /**
   * The decision-log outcome of an entry evicted to make room (reason {@code budget}): {@code r} is
   * the entry's latest search (for tenant, index, key), {@code nowMs} the time of the eviction.
   */
  static DecisionEvent evicted(TraceRecord r, Entry e, long nowMs) {
    return new DecisionEvent(nowMs, NODE, r.tenant(), r.index(), r.key(), true, "budget", e.bytes, e.hits,
        e.hits * Math.max(0, e.cost));
  }
}
