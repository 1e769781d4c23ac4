package io.pyrope.cache.impl;

import static io.pyrope.cache.impl.CacheFixture.query;
import static io.pyrope.cache.impl.CacheFixture.rec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.cache.policy.Consistency;
import io.pyrope.cache.policy.Decision;
import io.pyrope.cache.policy.EvictionMode;
import io.pyrope.cache.policy.PolicyTable;
import io.pyrope.engine.VectorIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Budgets are never exceeded, and the counters equal the bytes of the entries actually stored,
 * under concurrent admissions, hits, writes and eviction passes.
 */
class BudgetAccountingTest {
  private static final long NODE = 400_000;
  private static final long TENANT_A = 150_000;
  private static final int THREADS = 4;
  private static final int OFFERS_PER_THREAD = 3_000;

  @Test
  void concurrentAdmissionsNeverExceedABudgetAndTheCountersMatchTheStoredEntries() throws Exception {
    PolicyTable table = new PolicyTable(1, EvictionMode.SCORE, NODE, Map.of("a", TENANT_A),
        List.of(CacheFixture.rule(0, Consistency.PRECISE, 0)));
    try (CacheFixture f = new CacheFixture(NODE, table)) {
      List<VectorIndex> indexes = new ArrayList<>();
      for (String t : List.of("a", "b", "c")) {
        VectorIndex ix = f.index(t, "ix", 8, "l2");
        Random r = new Random(t.hashCode());
        List<io.pyrope.bus.vec.RecordInput> recs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          recs.add(rec(t + i, vector(r)));
        }
        ix.add(recs);
        indexes.add(ix);
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong maxNode = new AtomicLong();
      AtomicLong maxA = new AtomicLong();
      AtomicLong admitted = new AtomicLong();
      AtomicLong rejected = new AtomicLong();
      Thread sampler = new Thread(() -> {
        while (!stop.get()) {
          maxNode.accumulateAndGet(f.cache.usedBytes(), Math::max);
          maxA.accumulateAndGet(f.cache.usedBytes("a"), Math::max);
        }
      });
      Thread evictor = new Thread(() -> {
        while (!stop.get()) {
          f.cache.maintain();
        }
      });
      sampler.start();
      evictor.start();
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < THREADS; w++) {
        int seed = w;
        Thread t = new Thread(() -> {
          Random r = new Random(seed);
          for (int i = 0; i < OFFERS_PER_THREAD; i++) {
            VectorIndex ix = indexes.get(r.nextInt(indexes.size()));
            var q = query(ix, vector(r), 1 + r.nextInt(20));
            if (f.lookup(ix, q) == null) {
              (f.searchAndOffer(ix, q) == Decision.ADMITTED ? admitted : rejected).incrementAndGet();
            }
            if (i % 97 == 0) {
              ix.upsert(List.of(rec(ix.config().tenant() + r.nextInt(200), vector(r)))); // precise invalidation too
            }
          }
        });
        workers.add(t);
        t.start();
      }
      for (Thread t : workers) {
        t.join();
      }
      stop.set(true);
      sampler.join();
      evictor.join();

      assertTrue(maxNode.get() <= NODE, "node budget exceeded: " + maxNode.get());
      assertTrue(maxA.get() <= TENANT_A, "tenant budget exceeded: " + maxA.get());
      assertTrue(admitted.get() > 0 && rejected.get() > 0, "the budgets were not exercised: admitted "
          + admitted.get() + ", rejected " + rejected.get());
      assertEquals(f.cache.storedBytes(null), f.cache.usedBytes(), "node counter vs stored entries");
      for (String t : List.of("a", "b", "c")) {
        assertEquals(f.cache.storedBytes(t), f.cache.usedBytes(t), "tenant " + t + " counter vs stored entries");
      }
      f.cache.flush(null, null);
      assertEquals(0, f.cache.usedBytes());
    }
  }

  @Test
  void anEntrysBytesCountItsVectorHitsAndMeta() {
    try (CacheFixture f = new CacheFixture()) {
      VectorIndex ix = f.index("t", "size", 4, "l2");
      ix.add(List.of(rec("a", 1, 0, 0, 0), rec("bb", 0, 1, 0, 0)));
      var q = query(ix, new float[] {1, 0, 0, 0}, 2);
      f.searchAndOffer(ix, q);
      long expected = EntrySizer.ENTRY_OVERHEAD + 16 /* key: blob bytes */ + EntrySizer.ARRAY_HEADER + 16 /* query */
          + 2 * EntrySizer.HIT_OVERHEAD + 2 * 1 + 2 * 2 /* ids, twice each */
          + 2 * ("$1\r\na\r\n".length() + "$2\r\nbb\r\n".length()) /* hits pre-encoded, RESP2 and RESP3 */;
      assertEquals(expected, f.cache.usedBytes());
      assertEquals(expected, f.cache.storedBytes("t"));
    }
  }

  private static float[] vector(Random r) {
    float[] v = new float[8];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextFloat();
    }
    return v;
  }
}
