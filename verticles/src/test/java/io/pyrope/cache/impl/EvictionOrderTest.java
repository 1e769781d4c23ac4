package io.pyrope.cache.impl;

import static io.pyrope.cache.impl.CacheFixture.query;
import static io.pyrope.cache.impl.CacheFixture.rec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.cache.CacheQuery;
import io.pyrope.cache.policy.Consistency;
import io.pyrope.cache.policy.EvictionMode;
import io.pyrope.cache.policy.PolicyTable;
import io.pyrope.engine.VectorIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Over budget, entries leave in the policy's order: lowest value score, or least recently used. */
class EvictionOrderTest {
  private static final int ENTRIES = 20;

  /** Fills a cache sized for ENTRIES entries; entry i is served {@code hits[i]} times at access time {@code i}. */
  private static List<CacheQuery> fill(CacheFixture f, VectorIndex ix, int[] servedTimes) {
    List<CacheQuery> qs = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      CacheQuery q = query(ix, new float[] {1, i}, 1);
      f.searchAndOffer(ix, q);
      qs.add(q);
    }
    for (int i = 0; i < ENTRIES; i++) {
      f.advanceMillis(1_000);
      for (int h = 0; h < servedTimes[i]; h++) {
        f.lookup(ix, qs.get(i));
      }
    }
    return qs;
  }

  private static CacheFixture sized(EvictionMode mode) {
    long one = probeEntryBytes();
    long budget = (long) (one * ENTRIES / ResultCache.HIGH_WATERMARK) - 1; // 20 entries: just over the high watermark
    return new CacheFixture(budget, new PolicyTable(1, mode, budget, Map.of(),
        List.of(CacheFixture.rule(0, Consistency.EPOCH, 0))));
  }

  private static long probeEntryBytes() {
    try (CacheFixture f = new CacheFixture()) {
      VectorIndex ix = f.index("t", "probe", 2, "l2");
      ix.add(List.of(rec("a", 1, 0)));
      f.searchAndOffer(ix, query(ix, new float[] {1, 0}, 1));
      return f.cache.usedBytes();
    }
  }

  private static Set<Integer> survivors(CacheFixture f, VectorIndex ix, List<CacheQuery> qs) {
    Set<Integer> out = new HashSet<>();
    for (int i = 0; i < qs.size(); i++) {
      if (f.shard(ix).l0.containsKey(new L0Key(qs.get(i).vectorBytes, false, null, 1, false, 0, 0))) {
        out.add(i);
      }
    }
    return out;
  }

  @Test
  void lruEvictsTheLeastRecentlyServedFirst() {
    try (CacheFixture f = sized(EvictionMode.LRU)) {
      VectorIndex ix = f.index("t", "lru", 2, "l2");
      ix.add(List.of(rec("a", 1, 0)));
      int[] served = new int[ENTRIES];
      java.util.Arrays.fill(served, 1);
      served[0] = 50; // many hits, but long ago: LRU does not care
      List<CacheQuery> qs = fill(f, ix, served);
      int evicted = f.cache.maintain().budget();
      assertTrue(evicted > 0, "nothing evicted");
      Set<Integer> expected = new HashSet<>();
      for (int i = evicted; i < ENTRIES; i++) {
        expected.add(i);
      }
      assertEquals(expected, survivors(f, ix, qs), "the " + evicted + " least recently served go first");
      assertTrue(f.cache.usedBytes() <= f.cache.nodeMaxBytes() * ResultCache.LOW_WATERMARK);
    }
  }

  @Test
  void scoreEvictsTheLowestValueFirst() {
    try (CacheFixture f = sized(EvictionMode.SCORE)) {
      VectorIndex ix = f.index("t", "score", 2, "l2");
      ix.add(List.of(rec("a", 1, 0)));
      int[] served = new int[ENTRIES];
      for (int i = 0; i < ENTRIES; i++) {
        served[i] = (i * 7) % ENTRIES; // hit counts unrelated to recency
      }
      List<CacheQuery> qs = fill(f, ix, served);
      long now = f.clock.get();
      List<CacheEntry> byScore = new ArrayList<>(f.shard(ix).l0.values());
      byScore.sort(java.util.Comparator.comparingDouble(e -> Evictor.score(e, now)));
      int evicted = f.cache.maintain().budget();
      assertTrue(evicted > 0, "nothing evicted");
      for (int i = 0; i < byScore.size(); i++) {
        boolean kept = f.shard(ix).l0.containsValue(byScore.get(i));
        assertEquals(i >= evicted, kept, "entry of rank " + i + " by score (score " + Evictor.score(byScore.get(i), now)
            + ", served " + byScore.get(i).hitCount() + ")");
      }
    }
  }
}
