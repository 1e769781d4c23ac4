package io.pyrope.ai.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.ai.features.FeatureSnapshot;
import io.pyrope.ai.features.KeyFeatures;
import io.pyrope.ai.features.ScopeFeatures;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the warm heuristic chooses seen_before: one-hit wonders dominate AND the cache is under pressure. */
class SeenBeforeHeuristicTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final long WINDOW = 600_000;

  /** A key that missed (and was offered to the cache) once, referenced {@code refs} times in the window. */
  private static KeyFeatures key(String name, long refs, long cost) {
    return new KeyFeatures("acme", "docs", name, 0, refs, refs, NOW - 100_000, NOW - 1000, 1000,
        refs >= 2 ? 5000 : -1, refs >= 2 ? 5000 : -1, cost, 4000, false, 10, 10, null, 1.0, 0, refs - 1, 1, 0, 0, 0);
  }

  private static ScopeFeatures index(Map<String, Long> decisions, Map<String, Long> outcomes) {
    return new ScopeFeatures("index", "acme", "docs", null, 0, 10_000, 0, 10_000 / 600.0, 0.5, 1000, 4608, 10,
        10_000, 0, 0, 0, decisions, outcomes, 0, 0, 0, NOW);
  }

  /** {@code oneHit} keys seen once and {@code reused} keys seen 10 times, all of the same cost. */
  private static List<KeyFeatures> keys(int oneHit, int reused) {
    List<KeyFeatures> out = new ArrayList<>();
    for (int i = 0; i < oneHit; i++) {
      out.add(key("l0:o" + i, 1, 4608));
    }
    for (int i = 0; i < reused; i++) {
      out.add(key("l0:r" + i, 10, 4608));
    }
    return out;
  }

  private static IndexDecision decide(ScopeFeatures ix, List<KeyFeatures> keys) {
    WarmHeuristic.Result r = WarmHeuristic.compute(new FeatureSnapshot(NOW, WINDOW, keys, List.of(ix), List.of(),
        null, 0));
    assertEquals(List.of(), PolicyLimits.problems(r.table()));
    JsonObject rule = r.table().getJsonArray("rules").getJsonObject(0);
    IndexDecision d = r.decisions().get(0);
    assertEquals(d.admit(), rule.getString("admit"), r.table().encode());
    assertFalse(rule.containsKey("min_proxy_cost") && d.admit().equals("seen_before"), rule.encode());
    return d;
  }

  @Test
  void oneHitWondersUnderBudgetEvictionsGiveSeenBefore() {
    // 300 one-hit keys, 100 re-used: 75% one-hit; the decision log shows budget evictions.
    IndexDecision d = decide(index(Map.of("admitted", 400L), Map.of("budget", 120L)), keys(300, 100));
    assertEquals("seen_before", d.admit(), d.reason());
    assertTrue(d.reason().contains("75% of 400 keys"), d.reason());
  }

  @Test
  void budgetRefusalsAlsoShowPressure() {
    IndexDecision d = decide(index(Map.of("admitted", 380L, "rejected_budget", 20L), Map.of()), keys(300, 100));
    assertEquals("seen_before", d.admit(), d.reason());
  }

  @Test
  void withoutPressureTheCacheKeepsAlways() {
    // The same keys, but nothing was evicted or refused for room: every one-hit entry is free to keep.
    IndexDecision d = decide(index(Map.of("admitted", 400L), Map.of("expired", 50L)), keys(300, 100));
    assertEquals("always", d.admit(), d.reason());
  }

  @Test
  void mostlyReusedKeysKeepAlways() {
    // 40% one-hit (below 50%) under pressure: storing on first sight pays.
    IndexDecision d = decide(index(Map.of("admitted", 400L), Map.of("budget", 120L)), keys(160, 240));
    assertEquals("always", d.admit(), d.reason());
    // exactly at the threshold: seen_before
    IndexDecision half = decide(index(Map.of("admitted", 400L), Map.of("budget", 120L)), keys(200, 200));
    assertEquals("seen_before", half.admit(), half.reason());
  }

  @Test
  void tooFewOfferedKeysAreNotEnoughEvidence() {
    // 99 keys offered (below MIN_ADMISSION_KEYS), all one-hit, under pressure.
    IndexDecision d = decide(index(Map.of("admitted", 99L), Map.of("budget", 50L)), keys(99, 0));
    assertEquals(WarmHeuristic.MIN_ADMISSION_KEYS, 100);
    assertFalse(d.admit().equals("seen_before"), d.reason());
  }

  @Test
  void keysWithoutADecisionDoNotCount() {
    // 300 one-hit keys that the decision log never saw (e.g. the decision log is lost) and 100 re-used ones that it saw.
    List<KeyFeatures> ks = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ks.add(new KeyFeatures("acme", "docs", "l0:n" + i, 0, 1, 1, NOW - 100_000, NOW - 1000, 1000, -1, -1, 4608,
          4000, true, 10, 10, null, 1.0, 0, 0, 0, 0, 0, 0));
    }
    ks.addAll(keys(0, 100));
    IndexDecision d = decide(index(Map.of("admitted", 100L), Map.of("budget", 120L)), ks);
    assertEquals("always", d.admit(), d.reason());
  }
}
