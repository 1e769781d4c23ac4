package io.pyrope.bench.workload;

/**
 * What happened to one search of the stream: the node's TRACE (layer, decision, key, entry
 * bytes, proxy cost), the client-side latency, the ids served and the exact ids of the uncached
 * search (null with {@code --no-verify}), and which earlier query stored the entry a hit came from.
 *
 * @param item index of the query in the stream
 * @param startNanos when it was sent, from the run's start
 * @param layer none, l0 or l1
 * @param key the node's cache key name (l0:… / l1:…), or null when the node gave none
 * @param bytes the node's entry size (served or admitted), 0 when none
 * @param served ids served, best first ({@code -1} where fewer came back)
 * @param exact ids of the uncached search, or null
 * @param servedFromItem on a hit: the stream index of the query whose miss stored the entry; -1
 *     when not known (stored before this run, or by a racing connection)
 */
public record Outcome(int item, long startNanos, long latencyNanos, String layer, String decision, String key,
    long bytes, long proxyCost, long[] served, long[] exact, int servedFromItem) {

  public boolean hit() {
    return !"none".equals(layer);
  }

  /**
   * Recall@k of what was served against the uncached answer: |served ∩ exact| over the number of
   * ids the uncached search returned (at most k); NaN without a verification.
   */
  public double recall() {
    if (exact == null) {
      return Double.NaN;
    }
    int truth = 0;
    int found = 0;
    for (long t : exact) {
      if (t < 0) {
        continue;
      }
      truth++;
      for (long s : served) {
        if (s == t) {
          found++;
          break;
        }
      }
    }
    return truth == 0 ? 1.0 : (double) found / truth;
  }
}
