package io.pyrope.cache.impl;

import static io.pyrope.cache.impl.CacheFixture.query;
import static io.pyrope.cache.impl.CacheFixture.rec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.vec.RecordInput;
import io.pyrope.cache.CacheQuery;
import io.pyrope.cache.policy.Consistency;
import io.pyrope.cache.policy.Decision;
import io.pyrope.cache.policy.EvictionMode;
import io.pyrope.cache.policy.PolicyTable;
import io.pyrope.engine.VectorIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Regression for issue #6: an admission refused at a byte limit while usage is below the high
 * watermark used to trigger no eviction (passes only cut budgets above 95%), so an entry that did
 * not fit in the headroom was refused for ever. A refusal must make room for the next admission.
 */
class AdmissionStallTest {
  private static final int ROWS = 100;
  private static final int SMALL_K = 1;   // small entries: one hit
  private static final int BIG_K = 60;    // a big entry: 60 hits

  /** An index of ROWS 2-d points, so that any topK up to ROWS is filled. */
  private static VectorIndex index(CacheFixture f, String tenant) {
    VectorIndex ix = f.index(tenant, "ix", 2, "l2");
    List<RecordInput> recs = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      recs.add(rec("r" + i, i, 1));
    }
    ix.add(recs);
    return ix;
  }

  /** Bytes of one entry for a query with {@code k} hits, measured on a scratch cache. */
  private static long entryBytes(int k) {
    try (CacheFixture f = new CacheFixture()) {
      VectorIndex ix = index(f, "t");
      f.searchAndOffer(ix, query(ix, new float[] {0.5f, 0}, k));
      return f.cache.usedBytes();
    }
  }

  /** Offers small entries (distinct queries) until the next one would cross {@code stopAt} bytes of the tenant. */
  private static int fillSmall(CacheFixture f, VectorIndex ix, long stopAt, long small) {
    int n = 0;
    while (f.cache.usedBytes(ix.config().tenant()) + small <= stopAt) {
      assertEquals(Decision.ADMITTED, f.searchAndOffer(ix, query(ix, new float[] {n + 0.25f, 7}, SMALL_K)));
      n++;
    }
    return n;
  }

  @Test
  void aBigEntryRefusedBelowTheHighWatermarkGetsRoomAfterOnePass() {
    long small = entryBytes(SMALL_K);
    long big = entryBytes(BIG_K);
    long node = big * 5; // the big entry is 20% of the budget
    try (CacheFixture f = new CacheFixture(node, new PolicyTable(1, EvictionMode.SCORE, node, Map.of(),
        List.of(CacheFixture.rule(0, Consistency.EPOCH, 0))))) {
      VectorIndex ix = index(f, "t");
      int filled = fillSmall(f, ix, (long) (node * 0.9), small);
      assertTrue(f.cache.usedBytes() <= node * ResultCache.HIGH_WATERMARK, "filled above the high watermark");
      CacheQuery bigQuery = query(ix, new float[] {0.5f, 0}, BIG_K);

      assertEquals(Decision.REJECTED_BUDGET, f.searchAndOffer(ix, bigQuery));
      Evictor.Report pass = f.cache.maintain();

      assertTrue(pass.budget() > 0, "the refusal made no room");
      assertTrue(pass.budget() < filled, "the pass emptied the cache for one entry: " + pass.budget());
      assertEquals(Decision.ADMITTED, f.searchAndOffer(ix, bigQuery));
      assertTrue(f.cache.usedBytes() <= node);
      assertEquals(f.cache.storedBytes(null), f.cache.usedBytes());
    }
  }

  @Test
  void aFullTenantBudgetMakesRoomFromThatTenantOnlyWhileTheNodeIsNearlyEmpty() {
    long small = entryBytes(SMALL_K);
    long big = entryBytes(BIG_K);
    long tenantBudget = big * 4;
    long node = tenantBudget * 50; // node usage stays low
    try (CacheFixture f = new CacheFixture(node, new PolicyTable(1, EvictionMode.SCORE, node,
        Map.of("a", tenantBudget), List.of(CacheFixture.rule(0, Consistency.EPOCH, 0))))) {
      VectorIndex a = index(f, "a");
      VectorIndex b = index(f, "b");
      fillSmall(f, a, (long) (tenantBudget * 0.9), small);
      int inB = fillSmall(f, b, small * 10, small);
      long bBytes = f.cache.usedBytes("b");
      CacheQuery bigQuery = query(a, new float[] {0.5f, 0}, BIG_K);

      assertEquals(Decision.REJECTED_BUDGET, f.searchAndOffer(a, bigQuery));
      assertTrue(f.cache.maintain().budget() > 0, "the refusal made no room");

      assertEquals(Decision.ADMITTED, f.searchAndOffer(a, bigQuery));
      assertEquals(bBytes, f.cache.usedBytes("b"), "another tenant's entries were evicted");
      assertEquals(inB, f.shard(b).size());
      assertTrue(f.cache.usedBytes("a") <= tenantBudget);
    }
  }

  @Test
  void anEntryOverTheMakeRoomLimitIsRefusedWithoutEvictingAnything() {
    long small = entryBytes(SMALL_K);
    long big = entryBytes(BIG_K);
    long node = (long) (big / ResultCache.MAX_MAKE_ROOM_FRACTION) - 1; // just too big to make room for
    try (CacheFixture f = new CacheFixture(node, new PolicyTable(1, EvictionMode.SCORE, node, Map.of(),
        List.of(CacheFixture.rule(0, Consistency.EPOCH, 0))))) {
      VectorIndex ix = index(f, "t");
      int filled = fillSmall(f, ix, (long) (node * 0.9), small);
      CacheQuery bigQuery = query(ix, new float[] {0.5f, 0}, BIG_K);

      assertEquals(Decision.REJECTED_BUDGET, f.searchAndOffer(ix, bigQuery));
      assertEquals(0, f.cache.maintain().budget());
      assertEquals(filled, f.shard(ix).size());
    }
  }

  @Test
  void aPassForgetsARefusalOnceItMadeRoom() {
    long small = entryBytes(SMALL_K);
    long big = entryBytes(BIG_K);
    long node = big * 5;
    try (CacheFixture f = new CacheFixture(node, new PolicyTable(1, EvictionMode.SCORE, node, Map.of(),
        List.of(CacheFixture.rule(0, Consistency.EPOCH, 0))))) {
      VectorIndex ix = index(f, "t");
      fillSmall(f, ix, (long) (node * 0.9), small);
      assertEquals(Decision.REJECTED_BUDGET, f.searchAndOffer(ix, query(ix, new float[] {0.5f, 0}, BIG_K)));
      assertTrue(f.cache.maintain().budget() > 0);

      assertEquals(0, f.cache.maintain().budget(), "a second pass evicted again for the same refusal");
    }
  }
}
