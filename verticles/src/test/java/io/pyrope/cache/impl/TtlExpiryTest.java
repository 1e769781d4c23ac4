package io.pyrope.cache.impl;

import static io.pyrope.cache.impl.CacheFixture.query;
import static io.pyrope.cache.impl.CacheFixture.rec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pyrope.cache.CacheQuery;
import io.pyrope.cache.policy.Consistency;
import io.pyrope.cache.policy.EvictionMode;
import io.pyrope.engine.VectorIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entries are served until their TTL and never after; the sweep collects them. The clock is the test's. */
class TtlExpiryTest {
  private static final long TTL_MS = 5_000;

  @Test
  void anEntryIsServedUntilItsTtlAndNeverAfter() {
    try (CacheFixture f = new CacheFixture(64 * CacheFixture.MB, CacheFixture.table(EvictionMode.SCORE,
        64 * CacheFixture.MB, CacheFixture.rule(0, Consistency.EPOCH, TTL_MS)))) {
      VectorIndex ix = f.index("t", "ttl", 2, "l2");
      ix.add(List.of(rec("a", 1, 0)));
      CacheQuery q = query(ix, new float[] {1, 0}, 1);
      f.searchAndOffer(ix, q);
      f.advanceMillis(TTL_MS - 1);
      assertNotNull(f.lookup(ix, q), "1 ms before its TTL");
      f.advanceMillis(1);
      assertNull(f.lookup(ix, q), "at its TTL");
      assertEquals(0, f.cache.usedBytes(), "the expired entry met by the lookup was removed");
    }
  }

  @Test
  void theSweepRemovesExpiredEntriesNobodyAsksFor() {
    try (CacheFixture f = new CacheFixture(64 * CacheFixture.MB, CacheFixture.table(EvictionMode.SCORE,
        64 * CacheFixture.MB, CacheFixture.rule(0, Consistency.EPOCH, TTL_MS)))) {
      VectorIndex ix = f.index("t", "sweep", 2, "l2");
      ix.add(List.of(rec("a", 1, 0)));
      for (int i = 0; i < 10; i++) {
        f.searchAndOffer(ix, query(ix, new float[] {1, i}, 1));
      }
      assertEquals(10, f.cache.size());
      assertEquals(0, f.cache.maintain().expired());
      f.advanceMillis(TTL_MS);
      assertEquals(10, f.cache.maintain().expired());
      assertEquals(0, f.cache.size());
      assertEquals(0, f.cache.usedBytes());
      assertEquals(10.0, f.meters.get("vector_db_cache_eviction_total").tag("reason", "expired").counter().count());
    }
  }

  @Test
  void aZeroTtlMeansNoExpiry() {
    try (CacheFixture f = new CacheFixture()) {
      VectorIndex ix = f.index("t", "forever", 2, "l2");
      ix.add(List.of(rec("a", 1, 0)));
      CacheQuery q = query(ix, new float[] {1, 0}, 1);
      f.searchAndOffer(ix, q);
      f.advanceMillis(365L * 24 * 3600 * 1000);
      assertNotNull(f.lookup(ix, q));
    }
  }
}
