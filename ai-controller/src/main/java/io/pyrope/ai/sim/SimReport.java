package io.pyrope.ai.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of a sweep (policies × cache sizes) as JSON ({@value #SCHEMA}; fields in
 * docs/simulator.md, the ai-controller publishes the same object as an evaluation report) and as
 * a text table. Also computes each run's share of the LRU→Belady gap closed:
 * {@code (hit_ratio − hit_ratio(lru)) / (hit_ratio(belady) − hit_ratio(lru))} at the same size,
 * null when either is missing from the sweep or the gap is zero.
 */
public final class SimReport {
  public static final String SCHEMA = "pyrope.sim-report/v1";

  private final Trace trace;
  private final List<String> policies;
  private final List<Long> sizes;
  private final List<RunResult> runs;
  private final long warmup;
  private final JsonObject settings;

  /** {@code runs} holds one result per policy per size; {@code settings} the ttl and table used. */
  public SimReport(Trace trace, List<String> policies, List<Long> sizes, List<RunResult> runs, long warmup,
      JsonObject settings) {
    this.trace = trace;
    this.policies = List.copyOf(policies);
    this.sizes = List.copyOf(sizes);
    this.runs = List.copyOf(runs);
    this.warmup = warmup;
    this.settings = settings;
  }

  public List<RunResult> runs() {
    return runs;
  }

  public List<String> policies() {
    return policies;
  }

  public List<Long> sizes() {
    return sizes;
  }

  /** The run of {@code policy} at {@code size}, or null. */
  public RunResult find(String policy, long size) {
    for (RunResult r : runs) {
      if (r.policy.equals(policy) && r.cacheBytes == size) {
        return r;
      }
    }
    return null;
  }

  /** Share of the LRU→Belady hit-ratio gap this run closes; null when not defined. */
  public Double gapClosed(RunResult r) {
    RunResult lru = find("lru", r.cacheBytes);
    RunResult opt = find("belady", r.cacheBytes);
    if (lru == null || opt == null) {
      return null;
    }
    double gap = opt.hitRatio() - lru.hitRatio();
    if (Math.abs(gap) < 1e-12) {
      return null;
    }
    return (r.hitRatio() - lru.hitRatio()) / gap;
  }

  public JsonObject toJson() {
    JsonArray results = new JsonArray();
    for (RunResult r : runs) {
      results.add(r.toJson(gapClosed(r)));
    }
    JsonObject t = new JsonObject().put("source", trace.source()).put("records", trace.size())
        .put("searches", trace.searches()).put("writes", trace.writes()).put("keys", trace.keys())
        .put("tenant_indexes", trace.scopes()).put("has_ids", trace.hasIds()).put("has_groups", trace.hasGroups());
    return new JsonObject().put("schema", SCHEMA).put("generated_at", Instant.now().toString()).put("trace", t)
        .put("warmup_searches", warmup).put("policies", new JsonArray(new ArrayList<>(policies)))
        .put("cache_bytes", new JsonArray(new ArrayList<>(sizes))).put("settings", settings).put("results", results);
  }

  /** The human table: one row per policy and size. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "trace %s: %d records (searches %d, writes %d), %d keys, %d tenant/index%s%n",
        trace.source(), trace.size(), trace.searches(), trace.writes(), trace.keys(), trace.scopes(),
        warmup > 0 ? ", first " + warmup + " searches are warm-up" : ""));
    String head = String.format(Locale.ROOT, "%-12s %8s %9s %9s %10s %8s %10s %10s %10s%n", "policy", "cache",
        "hit", "byte hit", "saved cost", "recall", "wrong hit", "evictions", "gap closed");
    sb.append(head);
    sb.append("-".repeat(head.length() - 1)).append('\n');
    for (long size : sizes) {
      for (String p : policies) {
        RunResult r = find(p, size);
        if (r == null) {
          continue;
        }
        sb.append(String.format(Locale.ROOT, "%-12s %8s %9s %9s %10s %8s %10s %10d %10s%n", p, Sizes.format(size),
            pct(r.hitRatio()), pct(r.byteHitRatio()), pct(r.savedCostShare()), num(r.recall()),
            r.wrongHitShare() == null ? "n/a" : pct(r.wrongHitShare()), r.evictions(), pctOrNa(gapClosed(r))));
      }
    }
    sb.append("hit = hit ratio; saved cost = share of total proxy cost saved by hits; recall = mean recall@k of"
        + " served answers; wrong hit = hits served from another group's entry; gap closed = share of the"
        + " LRU->Belady hit-ratio gap.\n");
    return sb.toString();
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }

  private static String pctOrNa(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static String num(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
  }
}
