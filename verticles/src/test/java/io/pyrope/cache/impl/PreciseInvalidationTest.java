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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Precise mode: a write drops exactly the entries whose result it could change, and moves the
 * others to the new epoch; whatever is served is what an uncached search would return.
 */
class PreciseInvalidationTest {
  private static final float[] Q = {1, 0, 0, 0};

  private CacheFixture fixture(int level) {
    return new CacheFixture(64 * CacheFixture.MB, CacheFixture.table(EvictionMode.SCORE, 64 * CacheFixture.MB,
        CacheFixture.rule(level, Consistency.PRECISE, 0)));
  }

  private static VectorIndex seeded(CacheFixture f, String name) {
    VectorIndex ix = f.index("t", name, 4, "l2");
    ix.add(List.of(rec("a", 1, 0, 0, 0), rec("b", 0.8f, 0.3f, 0, 0), rec("c", 0, 1, 0, 0),
        rec("d", 0, 0, 1, 0), rec("tagged", List.of("x"), 0.9f, 0, 0, 0),
        rec("far1", 0, 0, 0, 7), rec("far2", 0, 0, 0, 8)));  // outside even the L1 bucket (top 5)
    return ix;
  }

  /** The entry is served, at the index's epoch, with the ids an uncached search gives. */
  private static void assertServedAndCorrect(CacheFixture f, VectorIndex ix, CacheQuery q) {
    CacheEntry e = f.lookup(ix, q);
    assertNotNull(e, "an unaffected entry was dropped");
    assertEquals(ix.epoch(), e.epoch());
    List<String> uncached = ix.search(q.vector(), q.topK, q.parsedFilter, null, false).hits().stream()
        .map(h -> h.id()).toList();
    assertEquals(uncached, e.ids().subList(0, Math.min(q.topK, e.ids().size())));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void aFarAddKeepsTheEntryAndACloseAddDropsIt(int level) {
    try (CacheFixture f = fixture(level)) {
      VectorIndex ix = seeded(f, "add" + level);
      CacheQuery q = query(ix, Q, 2);
      f.searchAndOffer(ix, q);
      ix.add(List.of(rec("far", 9, 9, 9, 9)));
      assertServedAndCorrect(f, ix, q);
      ix.add(List.of(rec("near", 1, 0.01f, 0, 0)));
      assertNull(f.lookup(ix, q), "a vector closer than the k-th hit was added");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void deletingAHitDropsTheEntryDeletingAnotherRecordDoesNot(int level) {
    try (CacheFixture f = fixture(level)) {
      VectorIndex ix = seeded(f, "del" + level);
      CacheQuery q = query(ix, Q, 2);
      f.searchAndOffer(ix, q);
      ix.delete(List.of("far1"));
      assertServedAndCorrect(f, ix, q);
      ix.delete(List.of(f.lookup(ix, q).ids().get(1)));
      assertNull(f.lookup(ix, q), "a hit was deleted");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void movingAHitAwayDropsTheEntry(int level) {
    try (CacheFixture f = fixture(level)) {
      VectorIndex ix = seeded(f, "mv" + level);
      CacheQuery q = query(ix, Q, 2);
      f.searchAndOffer(ix, q);
      ix.upsert(List.of(rec("a", 0, 0, 0, 9)));
      assertNull(f.lookup(ix, q), "a hit moved away");
      f.searchAndOffer(ix, q);
      ix.upsert(List.of(rec("far2", 0, 0, 0, 10))); // a non-hit moved, still outside the top 5
      assertServedAndCorrect(f, ix, q);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void aCloseAddThatFailsTheFilterKeepsTheEntry(int level) {
    try (CacheFixture f = fixture(level)) {
      VectorIndex ix = seeded(f, "flt" + level);
      CacheQuery q = query(ix, Q, 1, "tag == 'x'");
      f.searchAndOffer(ix, q);
      ix.add(List.of(rec("untagged-near", Q)));
      assertServedAndCorrect(f, ix, q);
      ix.add(List.of(rec("tagged-near", List.of("x"), Q)));
      assertNull(f.lookup(ix, q));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void anEntryThatMissedAWriteStaysStale(int level) {
    try (CacheFixture f = fixture(level)) {
      VectorIndex ix = seeded(f, "st" + level);
      CacheQuery q = query(ix, Q, 2);
      f.searchAndOffer(ix, q);
      CacheEntry e = f.lookup(ix, q);
      e.validEpoch = e.validEpoch - 1;           // as if stored from a search older than the last write
      ix.add(List.of(rec("far", 9, 9, 9, 9)));     // unaffected, but the entry is not at epoch - 1
      assertNull(f.lookup(ix, q));
    }
  }
}
