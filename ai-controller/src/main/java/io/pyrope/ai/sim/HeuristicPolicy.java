package io.pyrope.ai.sim;

import io.pyrope.ai.features.FeatureStore;
import io.pyrope.ai.policy.PolicyLimits;
import io.pyrope.ai.policy.WarmHeuristic;
import io.vertx.core.json.JsonObject;

/**
 * The warm-path heuristic, replayed closed-loop: a {@link LivePolicy} whose table the
 * {@link WarmHeuristic} recomputes as the trace goes, from features of the past only.
 *
 * <p>Every search is fed, as it is replayed, into a {@link FeatureStore} (through
 * {@link TraceEvents}: a query event with the replayed hit or miss, and after a miss a decision
 * event with the entry's size and what the cache decided), the way the query and decision logs feed
 * the controller. Every {@link HeuristicSettings#cadenceMs()} of <em>trace time</em> (the records'
 * {@code time_ms}, from the first record's; a trace may start at 0 or at an epoch instant), before
 * the first record at or past that instant is looked up, the store is snapshotted at that instant,
 * the heuristic computes a table, and the table is swapped into the live policy with the cache
 * contents kept (as a node swaps a published table). So the table deciding record {@code i} was
 * computed from records before {@code i} only: no peeking at the future, unlike Belady.
 *
 * <p>Before the first cadence the live policy runs the node's defaults ({@link LiveTable#defaults()}),
 * so a trace shorter than one cadence replays exactly as {@code live} with the defaults. When the
 * trace jumps over several cadences at once the table is computed once, at the last of them (no
 * record arrived in between, so the earlier ones would see the same records). A computed table that
 * fails {@link PolicyLimits} is not swapped in (the controller would not publish it).
 *
 * <p>Not thread-safe; deterministic (the feature store and the heuristic are).
 */
public final class HeuristicPolicy implements CachePolicy {
  private final Trace trace;
  private final HeuristicSettings settings;
  private final LivePolicy live;
  private final FeatureStore store;
  private long nextTickMs = Long.MIN_VALUE;  // trace time of the next table; MIN_VALUE before the first record
  private JsonObject tableJson;              // the last table swapped in, null before the first
  private long tables;                       // tables computed
  private long changes;                      // tables that differed from the one before
  private long nowMs;                        // trace time of the admission being replayed (passes run inside it)

  public HeuristicPolicy(Trace trace, long capacityBytes, HeuristicSettings settings) {
    this.trace = trace;
    this.settings = settings;
    this.live = new LivePolicy(trace, capacityBytes, LiveTable.defaults());
    this.store = new FeatureStore(settings.windowMs(), settings.maxKeys());
    // A node logs every entry its evictor removes as an outcome with reason budget: so does the replay.
    live.onEvicted(e -> store.onDecision(TraceEvents.evicted(trace.record(e.lastUsed), e, nowMs)));
  }

  @Override
  public String name() {
    return "heuristic";
  }

  @Override
  public long capacityBytes() {
    return live.capacityBytes();
  }

  @Override
  public long usedBytes() {
    return live.usedBytes();
  }

  @Override
  public void advanceTo(long nowMs) {
    if (nextTickMs == Long.MIN_VALUE) {
      nextTickMs = nowMs + settings.cadenceMs();
    } else if (nowMs >= nextTickMs) {
      long due = nextTickMs + (nowMs - nextTickMs) / settings.cadenceMs() * settings.cadenceMs();
      recompute(due);
      nextTickMs = due + settings.cadenceMs();
    }
    live.advanceTo(nowMs);
  }

  private void recompute(long atMs) {
    WarmHeuristic.Result result = WarmHeuristic.compute(store.windowSnapshot(atMs));
    tables++;
    if (!PolicyLimits.problems(result.table()).isEmpty() || result.table().equals(tableJson)) {
      return;
    }
    live.swapTable(LiveTable.fromJson(result.table()));
    tableJson = result.table();
    changes++;
  }

  @Override
  public Entry lookup(int i) {
    Entry e = live.lookup(i);
    store.onQuery(TraceEvents.query(trace.record(i), e != null));
    return e;
  }

  @Override
  public void admitAfterMiss(int i) {
    TraceRecord r = trace.record(i);
    nowMs = r.timeMs();
    live.clearRefusal();
    live.admitAfterMiss(i);
    boolean stored = live.holds(trace.keyId(i));
    String verdict = live.refusal() != null ? live.refusal() : "rejected_budget"; // larger than the whole cache
    store.onDecision(TraceEvents.decision(r, stored, verdict));
  }

  @Override
  public void invalidate(int scopeId) {
    live.invalidate(scopeId);
  }

  @Override
  public long evictions() {
    return live.evictions();
  }

  @Override
  public long expirations() {
    return live.expirations();
  }

  /** Tables computed so far (one per cadence reached). */
  public long tablesComputed() {
    return tables;
  }

  /** Tables swapped in that differed from the previous one. */
  public long tableChanges() {
    return changes;
  }

  /** The last table swapped in (the heuristic's JSON), or null while the defaults are in force. */
  public JsonObject table() {
    return tableJson == null ? null : tableJson.copy();
  }

  /** Admissions the table's rules refused. */
  public long refusedByRule() {
    return live.refusedByRule();
  }
}
