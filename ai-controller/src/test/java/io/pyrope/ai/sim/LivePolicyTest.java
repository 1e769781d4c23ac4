package io.pyrope.ai.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class LivePolicyTest {

  private static LiveTable table(String json) {
    return LiveTable.fromJson(new JsonObject(json));
  }

  @Test
  void minCostAdmissionStoresOnlyExpensiveResults() {
    // min_cost 50: A (cost 10) is never stored, B (cost 60) is.
    Trace t = Traces.of(Traces.search(0, "A", 10, 1), Traces.search(1, "A", 10, 1), Traces.search(2, "B", 60, 1),
        Traces.search(3, "B", 60, 1));
    LiveTable tbl = table("{\"rules\":[{\"tenant\":\"*\",\"index\":\"*\",\"admit\":\"min_cost\",\"min_proxy_cost\":50,"
        + "\"ttl_ms\":0}]}");
    assertEquals("MMMH", Traces.replay(new LivePolicy(t, 100, tbl), t));
  }

  @Test
  void theMostSpecificRuleDecides() {
    // index "docs" never caches; every other index always does.
    Trace t = Traces.of(Traces.search(0, "A", 10, 1), Traces.search(1, "A", 10, 1),
        Traces.searchIn(2, "other", "A", 10, 1), Traces.searchIn(3, "other", "A", 10, 1));
    LiveTable tbl = table("{\"rules\":[{\"admit\":\"always\"},{\"tenant\":\"acme\",\"index\":\"docs\",\"admit\":\"never\"}]}");
    assertEquals("MMMH", Traces.replay(new LivePolicy(t, 100, tbl), t));
  }

  @Test
  void theRuleTtlExpiresEntries() {
    // ttl 10: stored at 0, served at 9, expired at 10.
    Trace t = Traces.of(Traces.search(0, "A", 10, 1), Traces.search(9, "A", 10, 1), Traces.search(10, "A", 10, 1));
    LivePolicy p = new LivePolicy(t, 100, table("{\"rules\":[{\"ttl_ms\":10}]}"));
    assertEquals("MHM", Traces.replay(p, t));
    assertEquals(1, p.expirations());
  }

  @Test
  void anAdmissionThatDoesNotFitIsRefusedAndTheScorePassKeepsValuableEntries() {
    // capacity 100, entries of 30 bytes, no TTL. A (cost 1000) 30, B (cost 1) 60, C (cost 500) 90.
    // D (cost 800): 120 > 100 → refused (rejected_budget) and a pass cuts to 85 bytes: lowest score
    // first; scores ≈ cost − 0.3 (no hits, idle ~ms): B (≈0.7) goes → [A C] = 60.
    // A hit, C hit (both kept); B miss (evicted) → stored (90); D miss → 120 > 100 refused again.
    Trace t = Traces.of(Traces.search(0, "A", 1000, 30), Traces.search(1, "B", 1, 30), Traces.search(2, "C", 500, 30),
        Traces.search(3, "D", 800, 30), Traces.search(4, "A", 1000, 30), Traces.search(5, "C", 500, 30),
        Traces.search(6, "B", 1, 30), Traces.search(7, "D", 800, 30));
    LivePolicy score = new LivePolicy(t, 100, table("{\"eviction\":\"score\",\"rules\":[{\"ttl_ms\":0}]}"));
    assertEquals("MMMMHHMM", Traces.replay(score, t));
    assertEquals(2, score.refusedForRoom());
    // The same under lru: the pass at 3 evicts the least recent, A → [B C] = 60; A misses at 4 and
    // is stored (90, below the 95 high-water mark); C and B hit; D is refused again.
    LivePolicy lru = new LivePolicy(t, 100, table("{\"eviction\":\"lru\",\"rules\":[{\"ttl_ms\":0}]}"));
    assertEquals("MMMMMHHM", Traces.replay(lru, t));
  }

  @Test
  void aPassRunsAboveTheHighWaterMark() {
    // capacity 100: A 50, B 46 → 96 > 95% → a pass cuts to 85: the lowest score (A, cost 1) goes.
    Trace t = Traces.of(Traces.search(0, "A", 1, 50), Traces.search(1, "B", 1000, 46));
    LivePolicy p = new LivePolicy(t, 100, table("{\"rules\":[{\"ttl_ms\":0}]}"));
    Traces.replay(p, t);
    assertEquals(46, p.usedBytes());
    assertEquals(1, p.evictions());
  }

  @Test
  void theValueScoreIsTheNodesFormula() {
    Trace t = Traces.of(Traces.search(0, "A", 200, 1000));
    LivePolicy p = new LivePolicy(t, 10_000, table("{\"rules\":[{\"ttl_ms\":120000,\"priority\":2.0}]}"));
    Traces.replay(p, t);
    Entry e = p.entryOf(0);
    // 60 s idle and 60 s old, no hits: (0+1) × 2^-1 × 200×2 − 0.01×1000 − 400×0.5×(60/120) = 200 − 10 − 100
    assertEquals(90.0, LivePolicy.valueScore(e, 60_000), 1e-9);
  }

  @Test
  void tableErrorsNameTheField() {
    assertMessage("{\"rules\":[{\"admit\":\"sometimes\"}]}", "rules[0].admit");
    assertMessage("{\"eviction\":\"fifo\",\"rules\":[]}", "eviction");
    assertMessage("{\"rules\":[{\"ttl_ms\":-1}]}", "rules[0].ttl_ms");
    assertMessage("{\"rules\":[{\"priority\":0}]}", "rules[0].priority");
    assertMessage("{\"rules\":[{\"colour\":\"red\"}]}", "unknown field 'rules[0].colour'");
    assertMessage("{\"eviction\":\"lru\"}", "'rules' is required");
    assertMessage("{\"rules\":[1]}", "rules[0] must be an object");
  }

  @Test
  void aTableWithoutCatchAllGetsTheNodeDefaults() {
    LiveTable t = table("{\"version\":7,\"rules\":[{\"tenant\":\"acme\",\"admit\":\"never\"}]}");
    assertEquals(7, t.version());
    assertEquals("never", t.rule("acme", "x").admit());
    assertEquals(LiveTable.DEFAULT_RULE, t.rule("other", "x"));
    assertTrue(t.rules().size() == 2);
  }

  private static void assertMessage(String json, String fragment) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table(json));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}
