package io.pyrope.ai.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SimulatorMetricsTest {
  private static final double EPS = 1e-9;

  /**
   * K stored by q1 (group 1, ids 1 2 3 4). q2 (group 2, truth 1 2 5 6) hits it: recall 2/4, wrong
   * hit. q3 (group 1, truth 1 2 3 7) hits it: recall 3/4. L has neither ids nor group.
   * Bytes: K 100 ×3, L 300; cost: K 10 ×3, L 70.
   */
  private static Trace tiny() {
    return Traces.of(
        Traces.searchWith(0, "K", 10, 100, new long[] {4, 3, 2, 1}, null, 1L),
        Traces.searchWith(1, "K", 10, 100, new long[] {1, 2, 5, 6}, new long[] {1, 2, 5, 6}, 2L),
        Traces.searchWith(2, "K", 10, 100, null, new long[] {1, 2, 3, 7}, 1L),
        Traces.search(3, "L", 70, 300));
  }

  @Test
  void countsHitsBytesCostRecallAndWrongHits() {
    Trace t = tiny();
    RunResult r = Simulator.run(t, new LruPolicy(t, 1000), 0, new Progress(null));
    assertEquals(4, r.searches());
    assertEquals(2, r.hits());
    assertEquals(2, r.misses());
    assertEquals(0.5, r.hitRatio(), EPS);
    assertEquals(200.0 / 600, r.byteHitRatio(), EPS);
    assertEquals(20, r.savedCost());
    assertEquals(20.0 / 100, r.savedCostShare(), EPS);
    // q1 miss with truth (its result ids): 1; q2 hit: 0.5; q3 hit: 0.75; L: no truth, not counted
    assertEquals((1 + 0.5 + 0.75) / 3, r.recall(), EPS);
    // both hits have known groups; q2's differs from the entry's (stored by q1, group 1)
    assertEquals(0.5, r.wrongHitShare(), EPS);
    assertEquals(0, r.evictions());
  }

  @Test
  void warmupSearchesFillTheCacheButAreNotCounted() {
    Trace t = tiny();
    RunResult r = Simulator.run(t, new LruPolicy(t, 1000), 1, new Progress(null));
    assertEquals(3, r.searches());
    assertEquals(2, r.hits());
    assertEquals((0.5 + 0.75) / 2, r.recall(), EPS);
  }

  @Test
  void recallAndWrongHitsAreNotApplicableWithoutIdsOrGroups() {
    Trace t = Traces.unit("A A B");
    RunResult r = Simulator.run(t, new LruPolicy(t, 10), 0, new Progress(null));
    assertNull(r.recall());
    assertNull(r.wrongHitShare());
    assertEquals(null, r.toJson(null).getValue("recall"));
  }

  @Test
  void recallIsASetOverlap() {
    assertEquals(0.5, Simulator.recall(new long[] {1, 2, 3}, new long[] {2, 9}), EPS);
    assertEquals(1.0, Simulator.recall(new long[] {1, 2, 3}, new long[] {1, 2, 3}), EPS);
    assertEquals(0.0, Simulator.recall(new long[] {}, new long[] {5}), EPS);
  }
}
