package io.pyrope.cache.impl;

import static io.pyrope.cache.impl.CacheFixture.query;
import static io.pyrope.cache.impl.CacheFixture.rec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pyrope.cache.CacheLayer;
import io.pyrope.cache.CacheQuery;
import io.pyrope.cache.policy.Consistency;
import io.pyrope.cache.policy.Decision;
import io.pyrope.cache.policy.EvictionMode;
import io.pyrope.engine.VectorIndex;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Epoch mode: after any write to an index, none of its entries (L0 or L1) is served again. */
class EpochConsistencyTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void noEntryFromAnOlderEpochIsServedAfterAnyWrite(int level) {
    try (CacheFixture f = new CacheFixture(64 * CacheFixture.MB, CacheFixture.table(EvictionMode.SCORE,
        64 * CacheFixture.MB, CacheFixture.rule(level, Consistency.EPOCH, 0)))) {
      VectorIndex ix = f.index("t", "e" + level, 4, "l2");
      ix.add(List.of(rec("a", 1, 0, 0, 0), rec("b", 0, 1, 0, 0), rec("c", 0, 0, 1, 0)));
      CacheQuery q = query(ix, new float[] {1, 0.1f, 0, 0}, 2);
      CacheLayer layer = level == 0 ? CacheLayer.L0 : CacheLayer.L1;

      for (Runnable write : List.<Runnable>of(
          () -> ix.add(List.of(rec("far", 50, 50, 50, 50))),          // a write that cannot change the top 2
          () -> ix.upsert(List.of(rec("c", 0, 0, 2, 0))),
          () -> ix.delete(List.of("far")))) {
        assertEquals(Decision.ADMITTED, f.searchAndOffer(ix, q));
        CacheEntry e = f.lookup(ix, q);
        assertNotNull(e, "served before the write");
        assertEquals(layer, e.layer());
        assertEquals(ix.epoch(), e.epoch());
        write.run();
        assertNull(f.lookup(ix, q), "an entry from epoch " + e.epoch() + " served at epoch " + ix.epoch());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void aDeleteOfNothingKeepsTheEpochAndTheEntry(int level) {
    try (CacheFixture f = new CacheFixture(64 * CacheFixture.MB, CacheFixture.table(EvictionMode.SCORE,
        64 * CacheFixture.MB, CacheFixture.rule(level, Consistency.EPOCH, 0)))) {
      VectorIndex ix = f.index("t", "n" + level, 4, "l2");
      ix.add(List.of(rec("a", 1, 0, 0, 0)));
      CacheQuery q = query(ix, new float[] {1, 0, 0, 0}, 1);
      f.searchAndOffer(ix, q);
      ix.delete(List.of("nobody"));
      assertNotNull(f.lookup(ix, q));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void aResultComputedBeforeAConcurrentWriteIsNotAdmitted(int level) {
    try (CacheFixture f = new CacheFixture(64 * CacheFixture.MB, CacheFixture.table(EvictionMode.SCORE,
        64 * CacheFixture.MB, CacheFixture.rule(level, Consistency.EPOCH, 0)))) {
      VectorIndex ix = f.index("t", "c" + level, 4, "l2");
      ix.add(List.of(rec("a", 1, 0, 0, 0)));
      CacheQuery q = query(ix, new float[] {1, 0, 0, 0}, 1);
      var reply = ix.search(q.vector(), ResultCache.searchK(f.rule(ix), 1), null, null, false);
      ix.add(List.of(rec("b", 1, 0, 0, 0))); // lands while the "search" is in flight
      assertEquals(Decision.REJECTED_STALE, f.cache.offer(f.shard(ix), f.rule(ix), q, reply, CacheFixture.rendered(reply)));
      assertNull(f.lookup(ix, q));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void aRecreatedIndexNeverServesTheOldIndexesEntries(int level) {
    try (CacheFixture f = new CacheFixture(64 * CacheFixture.MB, CacheFixture.table(EvictionMode.SCORE,
        64 * CacheFixture.MB, CacheFixture.rule(level, Consistency.EPOCH, 0)))) {
      VectorIndex ix = f.index("t", "r" + level, 4, "l2");
      ix.add(List.of(rec("a", 1, 0, 0, 0)));
      CacheQuery q = query(ix, new float[] {1, 0, 0, 0}, 1);
      f.searchAndOffer(ix, q);
      f.registry.drop("t", "r" + level);
      VectorIndex again = f.index("t", "r" + level, 4, "l2");
      again.add(List.of(rec("z", 1, 0, 0, 0)));   // same epoch (1) as the old entry
      assertNull(f.lookup(again, query(again, new float[] {1, 0, 0, 0}, 1)));
      assertEquals(0, f.cache.usedBytes());
    }
  }
}
