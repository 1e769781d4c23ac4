package io.pyrope.ai.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureStoreTest {
  private static final long T0 = 1_700_000_000_000L;  // a round epoch instant
  private static final long WINDOW = 600_000;

  private static KeyFeatures key(FeatureSnapshot s, String key) {
    return s.keys().stream().filter(k -> k.key().equals(key)).findFirst().orElseThrow();
  }

  private static void query(FeatureStore f, long t, String key, long cost, boolean hit) {
    f.onQuery(LogFixtures.event(LogFixtures.query(t, "acme", "docs", key, cost, hit)));
  }

  @Test
  void windowSnapshotHoldsTheKeysOfTheWindowAndGivesTheSameTable() {
    FeatureStore f = new FeatureStore(WINDOW);
    for (int i = 0; i < 300; i++) {  // old keys, before the window
      query(f, T0 + i, "l0:old" + i, 10, false);
    }
    long now = T0 + 3 * WINDOW;
    for (int i = 0; i < 400; i++) {  // in the window: 20 re-used dear keys, 200 cheap one-hit keys
      query(f, now - 100_000 + i * 100L, i % 2 == 0 ? "l0:hot" + (i / 2) % 20 : "l0:scan" + i, i % 2 == 0 ? 500 : 10,
          false);
    }
    FeatureSnapshot all = f.snapshot(now);
    FeatureSnapshot window = f.windowSnapshot(now);
    assertEquals(all.keys().stream().filter(k -> k.refsWindow() > 0).toList(), window.keys());
    assertEquals(220, window.keys().size());
    assertEquals(520, all.keys().size());
    assertEquals(io.pyrope.ai.policy.WarmHeuristic.compute(all).table(),
        io.pyrope.ai.policy.WarmHeuristic.compute(window).table());
  }

  @Test
  void frequencyCountsOverTheShortAndTheLongWindow() {
    FeatureStore f = new FeatureStore(WINDOW);
    // 5 references 9 minutes before "now", 3 in the last half minute
    for (int i = 0; i < 5; i++) {
      query(f, T0 + i * 1000, "l0:a", 100, i > 0);
    }
    long now = T0 + 9 * 60_000;
    for (int i = 0; i < 3; i++) {
      query(f, now - 30_000 + i * 1000, "l0:a", 100, true);
    }
    KeyFeatures k = key(f.snapshot(now), "l0:a");
    assertEquals(3, k.refs1m());
    assertEquals(8, k.refsWindow());
    assertEquals(8, k.refsTotal());
    // two minutes on, the 9-minute-old burst has left the 10-minute window, the recent three stay
    KeyFeatures later = key(f.snapshot(now + 2 * 60_000), "l0:a");
    assertEquals(0, later.refs1m());
    assertEquals(3, later.refsWindow());
    assertEquals(8, later.refsTotal());
    assertEquals(2 * 60_000 + 30_000 - 2000, later.recencyMs());
  }

  @Test
  void reReferenceIntervalMeanAndLast() {
    FeatureStore f = new FeatureStore(WINDOW);
    query(f, T0, "l0:a", 100, false);
    query(f, T0 + 10_000, "l0:a", 100, true);
    query(f, T0 + 40_000, "l0:a", 100, true);
    query(f, T0, "l0:b", 100, false);
    FeatureSnapshot s = f.snapshot(T0 + 50_000);
    KeyFeatures a = key(s, "l0:a");
    assertEquals(20_000, a.rerefMeanMs());
    assertEquals(30_000, a.rerefLastMs());
    assertEquals(10_000, a.recencyMs());
    assertEquals(2, a.hits());
    KeyFeatures b = key(s, "l0:b");
    assertEquals(-1, b.rerefMeanMs());
    assertEquals(-1, b.rerefLastMs());
  }

  @Test
  void sizesComeFromTheDecisionLogElseAnEstimate() {
    FeatureStore f = new FeatureStore(WINDOW);
    query(f, T0, "l0:a", 100, false);
    KeyFeatures before = key(f.snapshot(T0), "l0:a");
    assertTrue(before.bytesEstimated());
    assertEquals(FeatureStore.estimateBytes(3, 4), before.bytes());
    f.onDecision(LogFixtures.decisionEvent(LogFixtures.admitted(T0 + 1, "acme", "docs", "l0:a", 4321, 100)));
    f.onDecision(LogFixtures.decisionEvent(LogFixtures.outcome(T0 + 2, "acme", "docs", "l0:a", 4321, 5, 100)));
    KeyFeatures after = key(f.snapshot(T0 + 3), "l0:a");
    assertFalse(after.bytesEstimated());
    assertEquals(4321, after.bytes());
    assertEquals(1, after.admitted());
    assertEquals(5, after.hitsServed());
    // the next query of that key reports the known size (for its trace line)
    assertEquals(4321, f.onQuery(LogFixtures.event(LogFixtures.query(T0 + 4, "acme", "docs", "l0:a", 100, true))));
    ScopeFeatures ix = f.snapshot(T0 + 5).indexes().get(0);
    assertEquals(1L, ix.decisions().get("admitted"));
    assertEquals(1L, ix.outcomes().get("budget"));
    assertEquals(500, ix.savedProxyCost());
  }

  @Test
  void keyCountIsBoundedLeastRecentFirst() {
    FeatureStore f = new FeatureStore(WINDOW, 3);
    query(f, T0, "l0:1", 10, false);
    query(f, T0 + 1, "l0:2", 10, false);
    query(f, T0 + 2, "l0:3", 10, false);
    query(f, T0 + 3, "l0:1", 10, true);   // l0:1 is now the most recent
    query(f, T0 + 4, "l0:4", 10, false);  // drops l0:2, the least recent
    FeatureSnapshot s = f.snapshot(T0 + 5);
    assertEquals(List.of("l0:1", "l0:3", "l0:4"), s.keys().stream().map(KeyFeatures::key).toList());
    assertEquals(1, s.evictedKeys());
    assertEquals(3, f.trackedKeys());
    assertEquals(3, s.indexes().get(0).keys());
    // the outcome of a dropped key does not bring it back (nor push out a live one)
    f.onDecision(LogFixtures.decisionEvent(LogFixtures.outcome(T0 + 6, "acme", "docs", "l0:2", 100, 0, 10)));
    assertEquals(List.of("l0:1", "l0:3", "l0:4"),
        f.snapshot(T0 + 7).keys().stream().map(KeyFeatures::key).toList());
    assertEquals(1L, f.snapshot(T0 + 7).indexes().get(0).outcomes().get("budget"));
  }

  @Test
  void indexAndNodeAggregates() {
    FeatureStore f = new FeatureStore(WINDOW);
    for (int i = 0; i < 100; i++) {
      query(f, T0 + i * 100, "l0:" + Integer.toHexString(i % 10), 200, i >= 10);  // first 10 miss
    }
    var err = LogFixtures.query(T0 + 50, "acme", "docs", "l0:ee", 0, false).put("status", "error")
        .put("decision", "disabled");
    f.onQuery(LogFixtures.event(err));
    FeatureSnapshot s = f.snapshot(T0 + 10_000);
    ScopeFeatures ix = s.indexes().get(0);
    assertEquals(100, ix.queriesWindow());
    assertEquals(100, ix.queries1m());
    assertEquals(0.1, ix.missRate(), 1e-9);
    assertEquals(1000, ix.p99LatencyUs());  // the misses are the slow tail
    assertEquals(200, ix.meanProxyCost());
    assertEquals(1, ix.errors());
    assertEquals(0, ix.level());
    assertEquals(10, ix.keys());  // the error made no key
    assertEquals(100.0 / 60, ix.qps1m(), 1e-9);
    ScopeFeatures node = s.nodes().get(0);
    assertEquals(LogFixtures.NODE, node.node());
    assertEquals(101, node.queries());
  }

  @Test
  void windowCounterIgnoresEventsOlderThanTheWindowAndToleratesDisorder() {
    WindowCounter c = new WindowCounter(10_000, 10);
    c.add(50_000);
    c.add(49_000);  // out of order, inside the window
    c.add(30_000);  // older than the window when it arrives
    assertEquals(2, c.count(50_000));
    assertEquals(2, c.count(58_999));
    assertEquals(1, c.count(59_500));  // the 49 s bucket has left
    assertEquals(0, c.count(61_000));
    assertThrows(IllegalArgumentException.class, () -> new WindowCounter(5, 10));
  }

  @Test
  void rejectsAWindowTooShortToBucket() {
    assertThrows(IllegalArgumentException.class, () -> new FeatureStore(1000));
    assertThrows(IllegalArgumentException.class, () -> new FeatureStore(WINDOW, 0));
  }
}
