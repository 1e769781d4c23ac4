package io.pyrope.ai.policy;

import io.pyrope.ai.features.FeatureSnapshot;
import io.pyrope.ai.features.KeyFeatures;
import io.pyrope.ai.features.ScopeFeatures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The warm-path policy: a policy table computed by fixed rules from the live features. Pure and
 * deterministic: the same snapshot gives the same table. The rules and their reasoning are in
 * docs/ai-controller.md ("Warm-path heuristic"); in short, per tenant/index with at least
 * {@value #MIN_QUERIES_PER_INDEX} answered searches in the window:
 *
 * <ol>
 *   <li><b>Admission.</b> Keys are grouped into cost classes (powers of two of their proxy cost).
 *       A class is "cold" when at least {@value #MIN_KEYS_PER_CLASS} of its keys were seen and
 *       fewer than {@value #REUSE_FLOOR} of them were referenced twice in the window (one-hit
 *       wonders: scans, unique queries). The cold classes at the bottom of the cost range are
 *       refused with {@code min_cost} at the first class above them; without such a prefix, admit
 *       {@code always}; when every judged class is cold, the threshold goes above the dearest key
 *       seen (new, dearer queries still get in). Then, when at least {@value #ONE_HIT_SHARE} of
 *       the keys that would be stored (at least {@value #MIN_ADMISSION_KEYS} of them, a decision
 *       logged for each) were referenced once in the window and the index's cache evicted or
 *       refused for budget, {@code seen_before}: a key is stored on its second miss.
 *   <li><b>TTL.</b> From the re-reference intervals of re-used keys: the
 *       {@value #TTL_QUANTILE} quantile of their mean intervals × {@value #TTL_SLACK}, between
 *       {@value #MIN_TTL_MS} ms and {@value #MAX_TTL_MS} ms; 0 (none) when that reaches the window
 *       (re-use is long-lived, eviction decides), the node's default when nothing was re-used.
 *   <li><b>Priority.</b> Saved proxy cost per stored byte of the index (re-references × cost /
 *       bytes) relative to the median index, clamped to [{@value #MIN_PRIORITY},
 *       {@value #MAX_PRIORITY}] and rounded to two significant digits so noise does not churn tables.
 *   <li><b>query_key_level</b> stays what the node applied (seen in the query log); the heuristic
 *       has no recall evidence to change it.
 * </ol>
 *
 * Indexes with less data get no rule: the catch-all {@code *}/{@code *}, with only tenant and
 * index set, keeps the node's configured defaults for them. Budgets are not set (the node keeps
 * its own); eviction is {@code score}, the order that reads the priorities.
 */
public final class WarmHeuristic {
  /** Answered searches of an index in the window before the heuristic decides for it. */
  public static final long MIN_QUERIES_PER_INDEX = 200;
  /** Keys a cost class needs before it can be judged cold. */
  public static final int MIN_KEYS_PER_CLASS = 20;
  /** Share of a class's keys that must be re-referenced within the window for it to be admitted. */
  public static final double REUSE_FLOOR = 0.10;
  /**
   * Share of the keys offered to the cache (a decision was logged for them) referenced only once in
   * the window at or above which, under budget pressure, admission becomes {@code seen_before}.
   */
  public static final double ONE_HIT_SHARE = 0.5;
  /** Keys offered to the cache in the window before their one-hit share is trusted. */
  public static final int MIN_ADMISSION_KEYS = 100;
  /** Quantile of re-used keys' mean re-reference intervals the TTL covers. */
  public static final double TTL_QUANTILE = 0.9;
  /**
   * Margin on that interval: an entry outlives a typical gap ten times over. A TTL expires a hot
   * entry however often it is hit (the node does not extend it on hits), so each expiry costs one
   * miss: with ten re-references per lifetime a key at the quantile loses at most about a tenth
   * of its hits to expiry. (A margin of 2 lost a third of them: the simulator showed it.)
   */
  public static final double TTL_SLACK = 10.0;
  /** Shortest TTL given. */
  public static final long MIN_TTL_MS = 1_000;
  /** Longest TTL given: a day (the node would take a year; a day keeps stale risk bounded). */
  public static final long MAX_TTL_MS = 24L * 3600 * 1000;
  /** Lowest priority given. */
  public static final double MIN_PRIORITY = 0.1;
  /** Highest priority given. */
  public static final double MAX_PRIORITY = 10.0;
  /** Eviction order of every table: the one that reads the rules' priorities. */
  public static final String EVICTION = "score";

  /** The table and the per-index decisions behind it. */
  public record Result(JsonObject table, List<IndexDecision> decisions) {}

  private record Plan(ScopeFeatures scope, List<KeyFeatures> keys, double density) {}

  private WarmHeuristic() {}

  /** The policy table for {@code s}. */
  public static Result compute(FeatureSnapshot s) {
    Map<String, List<KeyFeatures>> byIndex = new HashMap<>();
    for (KeyFeatures k : s.keys()) {
      if (k.refsWindow() > 0) {
        byIndex.computeIfAbsent(id(k.tenant(), k.index()), x -> new ArrayList<>()).add(k);
      }
    }
    List<IndexDecision> decisions = new ArrayList<>();
    List<Plan> plans = new ArrayList<>();
    for (ScopeFeatures ix : s.indexes()) {
      List<KeyFeatures> keys = byIndex.getOrDefault(id(ix.tenant(), ix.index()), List.of());
      if (ix.tenant().equals(PolicyLimits.ANY) || ix.index().equals(PolicyLimits.ANY)) {
        decisions.add(undecided(ix, "a name of \"*\" cannot be told from the catch-all"));
      } else if (ix.queriesWindow() < MIN_QUERIES_PER_INDEX) {
        decisions.add(undecided(ix, ix.queriesWindow() + " searches in the window, below "
            + MIN_QUERIES_PER_INDEX + ": node defaults"));
      } else {
        plans.add(new Plan(ix, keys, density(keys)));
      }
    }
    // Most rules a table holds, less the catch-all: keep the busiest indexes.
    plans.sort(Comparator.comparingLong((Plan p) -> -p.scope().queriesWindow())
        .thenComparing(p -> p.scope().tenant()).thenComparing(p -> p.scope().index()));
    while (plans.size() > PolicyLimits.MAX_RULES - 1) {
      Plan dropped = plans.remove(plans.size() - 1);
      decisions.add(undecided(dropped.scope(), "beyond the " + (PolicyLimits.MAX_RULES - 1) + " busiest indexes"));
    }
    double reference = median(plans.stream().mapToDouble(Plan::density).filter(d -> d > 0).toArray());
    TreeMap<String, JsonObject> rules = new TreeMap<>();
    for (Plan p : plans) {
      IndexDecision d = decide(p, reference, s.windowMs());
      decisions.add(d);
      JsonObject rule = new JsonObject().put("tenant", d.tenant()).put("index", d.index()).put("admit", d.admit());
      if (d.admit().equals("min_cost")) {
        rule.put("min_proxy_cost", d.minProxyCost());
      }
      if (d.ttlMs() >= 0) {
        rule.put("ttl_ms", d.ttlMs());
      }
      if (d.level() >= 0) {
        rule.put("query_key_level", d.level());
      }
      rule.put("priority", d.priority());
      rules.put(id(d.tenant(), d.index()), rule);
    }
    JsonArray arr = new JsonArray();
    rules.values().forEach(arr::add);
    arr.add(new JsonObject().put("tenant", PolicyLimits.ANY).put("index", PolicyLimits.ANY));
    decisions.sort(Comparator.comparing(IndexDecision::tenant).thenComparing(IndexDecision::index));
    return new Result(new JsonObject().put("eviction", EVICTION).put("rules", arr), List.copyOf(decisions));
  }

  private static IndexDecision decide(Plan p, double reference, long windowMs) {
    ScopeFeatures ix = p.scope();
    // Admission: the bottom run of cold cost classes is refused.
    TreeMap<Integer, int[]> classes = new TreeMap<>();  // class → {keys, re-used keys}
    int top = 0;
    for (KeyFeatures k : p.keys()) {
      int c = costClass(k.proxyCost());
      top = Math.max(top, c);
      int[] n = classes.computeIfAbsent(c, x -> new int[2]);
      n[0]++;
      if (k.refsWindow() >= 2) {
        n[1]++;
      }
    }
    int highestCold = -1;
    boolean warmSeen = false;
    int judged = 0;
    for (Map.Entry<Integer, int[]> e : classes.entrySet()) {
      int[] n = e.getValue();
      if (n[0] < MIN_KEYS_PER_CLASS) {
        continue;
      }
      judged++;
      if ((double) n[1] / n[0] < REUSE_FLOOR) {
        if (!warmSeen) {
          highestCold = e.getKey();
        }
      } else {
        warmSeen = true;
      }
    }
    String admit = "always";
    long minCost = 0;
    String why;
    if (highestCold < 0) {
      why = judged == 0 ? "no cost class with " + MIN_KEYS_PER_CLASS + " keys to judge: admit always"
          : "every judged cost class is re-used: admit always";
    } else {
      admit = "min_cost";
      int above = warmSeen ? highestCold + 1 : top + 1;
      minCost = 1L << Math.min(above, 62);
      why = warmSeen ? "keys below " + minCost + " distance computations are rarely re-used"
          : "no cost class is re-used: threshold above the dearest key";
    }
    // Admission by sighting: when one-hit wonders dominate the keys that would be stored and the
    // cache is full enough to evict, store a key only on its second miss.
    long candidates = 0;
    long oneHit = 0;
    for (KeyFeatures k : p.keys()) {
      if (k.admitted() + k.rejected() > 0 && (!admit.equals("min_cost") || k.proxyCost() >= minCost)) {
        candidates++;
        if (k.refsWindow() <= 1) {
          oneHit++;
        }
      }
    }
    long budgetEvictions = ix.outcomes().getOrDefault("budget", 0L);
    long budgetRefusals = ix.decisions().getOrDefault("rejected_budget", 0L);
    boolean pressure = budgetEvictions > 0 || budgetRefusals > 0;
    double share = candidates == 0 ? 0 : (double) oneHit / candidates;
    if (candidates >= MIN_ADMISSION_KEYS && share >= ONE_HIT_SHARE && pressure) {
      admit = "seen_before";
      minCost = 0;
      why = String.format(java.util.Locale.ROOT, "%.0f%% of %d keys offered to the cache came once and the cache"
          + " is full (%d budget evictions, %d refusals): admit on second sighting", 100 * share, candidates,
          budgetEvictions, budgetRefusals);
    }
    // TTL from the re-reference intervals of re-used keys.
    long[] intervals = p.keys().stream().filter(k -> k.refsWindow() >= 2 && k.rerefMeanMs() >= 0)
        .mapToLong(KeyFeatures::rerefMeanMs).sorted().toArray();
    long ttl = -1;
    if (intervals.length > 0) {
      long q = intervals[Math.max(0, (int) Math.ceil(TTL_QUANTILE * intervals.length) - 1)];
      double raw = q * TTL_SLACK;
      ttl = raw >= windowMs ? 0 : roundTtl(Math.max(MIN_TTL_MS, Math.min(MAX_TTL_MS, (long) raw)));
    }
    double priority = 1.0;
    if (reference > 0 && p.density() > 0) {
      priority = round2(Math.max(MIN_PRIORITY, Math.min(MAX_PRIORITY, p.density() / reference)));
    } else if (reference > 0) {
      priority = MIN_PRIORITY;
    }
    String reason = ix.queriesWindow() + " searches, " + p.keys().size() + " keys; " + why + "; ttl "
        + (ttl < 0 ? "node default (nothing re-used)" : ttl == 0 ? "none (re-use spans the window)" : ttl + " ms")
        + "; priority " + priority;
    return new IndexDecision(ix.tenant(), ix.index(), true, reason, admit, minCost, ttl, ix.level(), priority);
  }

  /** Saved proxy cost per stored byte: what a byte of this index's cache earned in the window. */
  static double density(List<KeyFeatures> keys) {
    double saved = 0;
    double bytes = 0;
    for (KeyFeatures k : keys) {
      saved += Math.max(0, k.refsWindow() - 1) * (double) k.proxyCost();
      bytes += Math.max(1, k.bytes());
    }
    return bytes == 0 ? 0 : saved / bytes;
  }

  /** The power-of-two class of a proxy cost: class c holds costs in [2^c, 2^(c+1)). */
  static int costClass(long cost) {
    return cost <= 1 ? 0 : 63 - Long.numberOfLeadingZeros(cost);
  }

  private static long roundTtl(long ms) {
    // Two significant digits: 37_412 ms → 37_000 ms; stable across small changes.
    long scale = 1;
    while (ms / scale >= 100) {
      scale *= 10;
    }
    return Math.max(MIN_TTL_MS, (ms / scale) * scale);
  }

  private static double round2(double v) {
    return new java.math.BigDecimal(v).round(new java.math.MathContext(2)).doubleValue();
  }

  private static double median(double[] v) {
    if (v.length == 0) {
      return 0;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static IndexDecision undecided(ScopeFeatures ix, String reason) {
    return new IndexDecision(ix.tenant(), ix.index(), false, reason, null, 0, -1, -1, 1.0);
  }

  private static String id(String tenant, String index) {
    return tenant + '\u0000' + index;
  }
}
