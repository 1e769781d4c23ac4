package io.pyrope.ai.sim;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a {@link Trace} against one {@link CachePolicy} and measures it.
 *
 * <p>Per search after the first {@code warmup} searches (which still fill the cache):
 * hit or miss; bytes requested and hit; proxy cost, saved on a hit; recall of the served answer
 * when the query's truth is known ({@link #recall}); on a hit where both the entry's and the
 * query's groups are known, whether the groups differ (a wrong hit). A write invalidates its
 * tenant/index in the policy. Single-threaded; deterministic for a given trace and policy.
 */
public final class Simulator {
  private Simulator() {}

  /**
   * Every policy at every size over {@code trace}: what {@code ./pyrope simulate} runs, for callers
   * that want the report without the CLI (the ai-controller's evaluations).
   *
   * @param policies names from {@link Policies#ALL}
   * @param sizes cache sizes in bytes
   * @param ttlMs the ttl policy's TTL
   * @param table the live policy's table
   * @param settings echoed in the report's "settings"
   */
  public static SimReport sweep(Trace trace, List<String> policies, List<Long> sizes, long ttlMs, LiveTable table,
      long warmup, JsonObject settings, Progress progress) {
    return sweep(trace, policies, sizes, ttlMs, table, HeuristicSettings.DEFAULTS, warmup, settings, progress);
  }

  /** As the sweep above, with the heuristic policy's settings. */
  public static SimReport sweep(Trace trace, List<String> policies, List<Long> sizes, long ttlMs, LiveTable table,
      HeuristicSettings heuristic, long warmup, JsonObject settings, Progress progress) {
    List<RunResult> runs = new ArrayList<>();
    for (long size : sizes) {
      for (String p : policies) {
        runs.add(run(trace, Policies.create(p, trace, size, ttlMs, table, heuristic), warmup, progress));
      }
    }
    return new SimReport(trace, policies, sizes, runs, warmup, settings);
  }

  /** Runs {@code policy} over all of {@code trace}, not counting the first {@code warmup} searches. */
  public static RunResult run(Trace trace, CachePolicy policy, long warmup, Progress progress) {
    RunResult m = new RunResult(policy.name(), policy.capacityBytes());
    long seenSearches = 0;
    int n = trace.size();
    for (int i = 0; i < n; i++) {
      TraceRecord r = trace.record(i);
      policy.advanceTo(r.timeMs());
      if (r.write()) {
        policy.invalidate(trace.scopeId(i));
        continue;
      }
      boolean counted = seenSearches++ >= warmup;
      Entry e = policy.lookup(i);
      if (e == null) {
        policy.admitAfterMiss(i);
      }
      if (counted) {
        count(m, r, e);
      }
      if (progress.due(i + 1L)) {
        progress.print(policy.name() + " at " + Sizes.format(policy.capacityBytes()) + ": " + (i + 1) + "/" + n
            + " records (" + (100L * (i + 1) / n) + "%)");
      }
    }
    m.evictions = policy.evictions();
    m.expirations = policy.expirations();
    return m;
  }

  private static void count(RunResult m, TraceRecord r, Entry served) {
    m.searches++;
    m.bytesRequested += r.bytes();
    m.totalCost += r.cost();
    long[] truth = r.truth();
    if (served == null) {
      if (truth != null && truth.length > 0) {
        m.recallSum += 1.0; // a fresh search serves the exact answer
        m.recallQueries++;
      }
      return;
    }
    m.hits++;
    m.bytesHit += r.bytes();
    m.savedCost += r.cost();
    if (truth != null && truth.length > 0 && served.ids() != null) {
      m.recallSum += recall(served.ids(), truth);
      m.recallQueries++;
    }
    if (served.group() != null && r.group() != null) {
      m.groupKnownHits++;
      if (!served.group().equals(r.group())) {
        m.wrongHits++;
      }
    }
  }

  /** |served ∩ truth| / |truth|, both sorted ascending; truth not empty. */
  static double recall(long[] served, long[] truth) {
    int found = 0;
    for (long t : truth) {
      if (java.util.Arrays.binarySearch(served, t) >= 0) {
        found++;
      }
    }
    return (double) found / truth.length;
  }
}
