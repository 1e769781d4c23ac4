package io.pyrope.cache.ai;

import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.cache.ai.AiMeters.Reason;
import io.pyrope.cache.impl.ResultCache;
import io.pyrope.cache.policy.EvictionMode;
import io.pyrope.cache.policy.PolicyJson;
import io.pyrope.cache.policy.PolicyTable;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the cache's policy table: the operator's {@code PUT /v1/cache/policies}, the
 * ai-controller's tables ({@link PolicyUpdates}) and the guardrail all go through here, so every
 * swap bumps the table version once and the mode, the table in force and the model version
 * never disagree.
 *
 * <p><b>Modes.</b> {@code auto}: valid AI tables are swapped in, one swap per new table (a
 * controller id and sequence); a republish of the table in force only proves the controller
 * alive. {@code static}: the <i>baseline</i> is pinned — the operator's last table, or the
 * configured one — and AI tables are only remembered. {@code lru}: the baseline with LRU
 * eviction is pinned.
 *
 * <p><b>Guardrail</b> (counted in {@code vector_db_ai_fallback_total{reason}}):
 * <ul>
 *   <li>{@code invalid}: a table fails validation; nothing changes (the node keeps its table);
 *   <li>{@code deadline}: in auto mode with an AI table in force, no valid table record for
 *       {@code ai.policy-deadline-ms}; the {@code ai.fallback} table is installed (baseline, or
 *       baseline with LRU). The next valid table is applied again, even with the same sequence;
 *   <li>{@code regression}: {@code ai.guard-window-ms} after an AI table was swapped in, and once
 *       it has served {@code ai.guard-min-lookups} lookups, its hit rate is below the previous
 *       table's (over that table's last one to two windows) by more than
 *       {@code ai.guard-hit-margin}, or its p99 above the previous one's times
 *       {@code ai.guard-p99-ratio}; the previous table (the last good one, AI or not) is put back
 *       and the regressing table is not applied again until a new sequence arrives;
 *   <li>{@code operator}: an operator's PUT replaced an AI table in force.
 * </ul>
 *
 * <p><b>Invariants.</b>
 * <ol>
 *   <li>The cache's table changes only here ({@code swap}), and each change is version + 1.
 *   <li>{@code applied} names the AI table in force, and is null exactly when none is (source
 *       config, operator or fallback); in static and lru mode it is always null.
 *   <li>The reverted table ({@code rejected}) is never applied again; a new sequence is.
 *   <li>A probation runs only for the AI table in force; any other swap ends it.
 * </ol>
 *
 * <p><b>Rejected alternatives.</b> Hit and latency counters per table version on the hot path:
 * the search path already records both per index, and reading them here costs the hot path
 * nothing. Flushing the cache on a swap: entries stay correct results (epochs guard them); a
 * new table changes what is admitted next and how long it lives. A consumer group for the topic:
 * every node must see every table (see {@link PolicyUpdates}).
 *
 * <p><b>Threading.</b> Every method is {@code synchronized}; each is short (JSON of one table,
 * a registry walk for {@link SearchStats}) and never blocks on I/O. Callers are the
 * policy-update thread and admin routes running on a worker ({@code executeBlocking}), never an
 * event loop. {@link #mode()} and the gauges read volatile fields without the lock. The hot
 * path never touches this class: it reads the cache's table.
 */
public final class PolicyControl {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyControl.class);
  /** Read-only fields of GET that a PUT ignores, so that a GET body can be PUT back. */
  static final java.util.Set<String> READ_ONLY_FIELDS = java.util.Set.of("model_version", "source", "table_age_ms");

  /** Where the table in force came from. */
  public enum Source {
    CONFIG, OPERATOR, AI, FALLBACK, LAST_GOOD;

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What became of a table record. */
  public enum Outcome {
    /** Swapped in. */
    APPLIED,
    /** The table in force, republished: liveness only. */
    REFRESHED,
    /** Valid, but the mode is static or lru: remembered, not applied. */
    IGNORED_MODE,
    /** The table that was reverted for a regression: not applied again. */
    IGNORED_REJECTED,
    /** Issued longer ago than the deadline (e.g. found on the topic at start-up): not applied. */
    STALE,
    /** Failed validation; counted. */
    INVALID
  }

  /** An AI table that passed validation, as received. */
  private record Received(PolicyRecord.Table record, PolicyTable table, long receivedMillis) {}

  /** What a revert puts back: the table in force before the AI table on probation. */
  private record Previous(PolicyTable table, Source source, String identity) {}

  private final ResultCache cache;          // holds the table in force
  private final AiSettings settings;
  private final RegressionGuard guard;      // measures tables, judges the one on probation
  private final LongSupplier clock;         // epoch milliseconds
  private final long nodeMaxBytes;          // cache.max-bytes: the ceiling of any budget in an AI table
  private final AiMeters meters;

  private volatile PolicyMode mode = PolicyMode.AUTO;
  private volatile long lastValidMillis = -1; // last valid table record (liveness); -1: none yet
  private PolicyTable baseline;             // the configured table, then the operator's last one
  private Source source = Source.CONFIG;    // of the table in force
  private Received latest;                  // newest valid AI table
  private String applied;                   // identity of the AI table in force; null when none is
  private String rejected;                  // identity reverted for a regression
  private Previous previous;                // while an AI table is on probation: what a revert restores
  private long tenureStartMillis;           // when the table in force was swapped in
  private String lastInvalid;               // the last validation error, for the status route

  public PolicyControl(ResultCache cache, AiSettings settings, SearchStats stats, LongSupplier clock,
      long nodeMaxBytes, MeterRegistry registry) {
    this.cache = cache;
    this.settings = settings;
    this.clock = clock;
    this.nodeMaxBytes = nodeMaxBytes;
    this.baseline = cache.policy();
    this.meters = new AiMeters(registry, () -> mode, this::ageSeconds);
    this.meters.model(cache.policy().modelVersion());
    this.tenureStartMillis = clock.getAsLong();
    this.guard = new RegressionGuard(stats, settings, tenureStartMillis);
  }

  public PolicyMode mode() {
    return mode;
  }

  public AiSettings settings() {
    return settings;
  }

  // ------------------------------------------------------------------ AI tables

  /** A table record from the topic (envelope already checked). */
  public synchronized Outcome onTable(PolicyRecord.Table r) {
    long now = clock.getAsLong();
    PolicyTable table;
    try {
      table = validate(r);
    } catch (RuntimeException e) {
      return invalid(r.identity() + ": " + e.getMessage());
    }
    if (now - r.issuedMillis() > settings.deadlineMillis()) {
      LOG.atInfo().addKeyValue("table", r.identity()).addKeyValue("issued_ms", r.issuedMillis())
          .log("ai policy: table older than the deadline, not applied");
      return Outcome.STALE;
    }
    lastValidMillis = now;
    latest = new Received(r, table, now);
    if (mode != PolicyMode.AUTO) {
      return Outcome.IGNORED_MODE;
    }
    if (r.identity().equals(rejected)) {
      return Outcome.IGNORED_REJECTED;
    }
    if (r.identity().equals(applied)) {
      return Outcome.REFRESHED;
    }
    applyAi(latest, now);
    return Outcome.APPLIED;
  }

  /** A table record that could not be read at all (not JSON, wrong envelope). */
  public synchronized Outcome onInvalid(String why) {
    return invalid(why);
  }

  private Outcome invalid(String why) {
    meters.fallback(Reason.INVALID);
    lastInvalid = why;
    LOG.atWarn().addKeyValue("error", why).log("ai policy: table rejected, keeping the table in force");
    return Outcome.INVALID;
  }

  /**
   * The table body checked as the admin API checks a PUT, against the baseline (omitted table
   * fields) and the configured rule (omitted rule fields), plus the node's own limits: no
   * budget above {@code cache.max-bytes} (a controller must not promise memory the node does not
   * give the cache).
   */
  private PolicyTable validate(PolicyRecord.Table r) {
    PolicyTable t = PolicyJson.fromJson(r.table(), baseline, cache.defaults());
    if (t.defaultTenantMaxBytes() > nodeMaxBytes) {
      throw new VecException(ErrorCode.VEC_ERR_LIMIT, "default_tenant_max_bytes " + t.defaultTenantMaxBytes()
          + " is above the node's cache.max-bytes " + nodeMaxBytes);
    }
    for (Map.Entry<String, Long> e : t.tenantMaxBytes().entrySet()) {
      if (e.getValue() > nodeMaxBytes) {
        throw new VecException(ErrorCode.VEC_ERR_LIMIT, "tenant_max_bytes." + e.getKey() + " " + e.getValue()
            + " is above the node's cache.max-bytes " + nodeMaxBytes);
      }
    }
    return t.withModel(r.modelVersion());
  }

  private void applyAi(Received r, long now) {
    Previous p = new Previous(cache.policy(), source, applied);
    guard.probation(now); // measures the table in force, then the new one from now
    swap(r.table(), Source.AI);
    tenureStartMillis = now;
    applied = r.record().identity();
    previous = p;
    LOG.atInfo().addKeyValue("table", applied).addKeyValue("model_version", r.record().modelVersion())
        .addKeyValue("policy_version", cache.policy().version()).log("ai policy: table swapped in");
  }

  // ------------------------------------------------------------------ guardrail

  /** The guardrail's clock: deadline, probation and windows. Called every few hundred ms. */
  public synchronized void tick() {
    long now = clock.getAsLong();
    guard.rotate(now);
    if (mode == PolicyMode.AUTO && applied != null && now - lastValidMillis > settings.deadlineMillis()) {
      PolicyTable fb = settings.fallback() == PolicyMode.LRU ? baseline.withEviction(EvictionMode.LRU) : baseline;
      LOG.atWarn().addKeyValue("table", applied).addKeyValue("silent_ms", now - lastValidMillis)
          .addKeyValue("fallback", settings.fallback().wireName()).log("ai policy: no table within the deadline, falling back");
      applied = null;
      install(fb.withModel(PolicyTable.STATIC_MODEL), Source.FALLBACK, now);
      meters.fallback(Reason.DEADLINE);
      return;
    }
    switch (guard.judge(now)) {
      case WAIT -> { }
      case KEEP -> kept();
      case REGRESSED -> revert(now);
    }
  }

  private void kept() {
    SearchStats.Window w = guard.lastMeasure();
    SearchStats.Window prev = guard.lastBaseline();
    LOG.atInfo().addKeyValue("table", applied).addKeyValue("hit_rate", w.hitRate())
        .addKeyValue("previous_hit_rate", prev == null ? null : prev.hitRate())
        .log(prev == null ? "ai policy: no baseline to compare with, table kept" : "ai policy: table passed its guard window");
    previous = null;
  }

  private void revert(long now) {
    SearchStats.Window w = guard.lastMeasure();
    SearchStats.Window prev = guard.lastBaseline();
    LOG.atWarn().addKeyValue("table", applied).addKeyValue("hit_rate", w.hitRate())
        .addKeyValue("previous_hit_rate", prev.hitRate()).addKeyValue("p99_us", w.p99Nanos() / 1e3)
        .addKeyValue("previous_p99_us", prev.p99Nanos() / 1e3)
        .log("ai policy: table regressed, reverting to the previous one");
    Previous p = previous;
    rejected = applied;
    install(p.table(), p.source() == Source.AI ? Source.LAST_GOOD : p.source(), now);
    applied = p.identity();
    meters.fallback(Reason.REGRESSION);
  }

  // ------------------------------------------------------------------ operator

  /**
   * {@code PUT /v1/cache/policies}: {@code "mode"} and/or a table. A table without a mode pins
   * it ({@code static}): otherwise the next AI table would overwrite the operator's edit.
   * Returns the table in force afterwards.
   */
  public synchronized PolicyTable put(JsonObject body) {
    JsonObject table = body.copy();
    READ_ONLY_FIELDS.forEach(table::remove);
    Object m = table.remove("mode");
    PolicyMode next = null;
    if (m != null) {
      next = m instanceof String s ? PolicyMode.of(s) : null;
      if (next == null) {
        throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "field 'mode' must be \"auto\", \"static\" or \"lru\", got " + m);
      }
    }
    boolean hasTable = !table.isEmpty();
    if (!hasTable && next == null) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "field 'rules' (a table) or 'mode' is required");
    }
    long now = clock.getAsLong();
    boolean aiInForce = applied != null;
    if (hasTable) {
      baseline = PolicyJson.fromJson(table, cache.policy(), cache.defaults()); // validates before anything changes
    }
    mode = next == null ? PolicyMode.STATIC : next;
    if (mode == PolicyMode.AUTO) {
      if (hasTable) { // the operator's table serves until the next AI table record (a republish too)
        installOperator(baseline, now);
        return aiInForce ? counted(cache.policy()) : cache.policy();
      }
      Received r = latest;
      if (r != null && !r.record().identity().equals(rejected) && !r.record().identity().equals(applied)
          && now - lastValidMillis <= settings.deadlineMillis()) {
        applyAi(r, now);
      }
    } else {
      installOperator(mode == PolicyMode.LRU ? baseline.withEviction(EvictionMode.LRU) : baseline, now);
    }
    return aiInForce && applied == null ? counted(cache.policy()) : cache.policy();
  }

  /** Counts an operator's PUT that took an AI table out of force. */
  private PolicyTable counted(PolicyTable now) {
    meters.fallback(Reason.OPERATOR);
    return now;
  }

  private void installOperator(PolicyTable t, long now) {
    applied = null;
    install(t.withModel(PolicyTable.STATIC_MODEL), Source.OPERATOR, now);
  }

  /** Swaps {@code t} in under the next version; ends any probation and starts a new measuring tenure. */
  private void install(PolicyTable t, Source from, long now) {
    swap(t, from);
    previous = null;
    guard.newTenure(now);
    tenureStartMillis = now;
  }

  /** The one place the cache's table is replaced: under the next version number. */
  private void swap(PolicyTable t, Source from) {
    cache.swapPolicy(t.withVersion(cache.policy().version() + 1));
    source = from;
    meters.model(t.modelVersion());
  }

  // ------------------------------------------------------------------ views

  private double ageSeconds() {
    long last = lastValidMillis;
    return last < 0 ? Double.NaN : (clock.getAsLong() - last) / 1000.0;
  }

  /** {@code GET /v1/cache/policies}: the table in force, with mode, model, source and AI table age. */
  public synchronized JsonObject policies() {
    PolicyTable t = cache.policy();
    return PolicyJson.toJson(t).put("mode", mode.wireName()).put("model_version", t.modelVersion())
        .put("source", source.wireName()).put("table_age_ms", lastValidMillis < 0 ? null
            : clock.getAsLong() - lastValidMillis);
  }

  /** {@code GET /v1/ai/status}: the policy loop as the node sees it. */
  public synchronized JsonObject status() {
    long now = clock.getAsLong();
    PolicyTable t = cache.policy();
    JsonObject fallbacks = new JsonObject();
    for (Reason r : Reason.values()) {
      fallbacks.put(r.wireName(), meters.fallbacks(r));
    }
    JsonObject s = new JsonObject().put("mode", mode.wireName()).put("source", source.wireName())
        .put("policy_version", t.version()).put("model_version", t.modelVersion())
        .put("ai_table_in_force", applied).put("rejected_table", rejected)
        .put("table_age_ms", lastValidMillis < 0 ? null : now - lastValidMillis)
        .put("in_force_ms", now - tenureStartMillis)
        .put("on_probation", guard.onProbation())
        .put("deadline_ms", settings.deadlineMillis()).put("fallback", settings.fallback().wireName())
        .put("fallbacks", fallbacks).put("last_invalid", lastInvalid);
    Received r = latest;
    if (r != null) {
      s.put("latest_table", new JsonObject().put("controller", r.record().controller())
          .put("sequence", r.record().sequence()).put("model_version", r.record().modelVersion())
          .put("issued_ms", r.record().issuedMillis()).put("received_ms", r.receivedMillis()));
    }
    return s;
  }
}
