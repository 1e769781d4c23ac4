package io.pyrope.ai.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.ai.features.FeatureSnapshot;
import io.pyrope.ai.features.KeyFeatures;
import io.pyrope.ai.features.LogFixtures;
import io.pyrope.ai.features.ScopeFeatures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmHeuristicTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final long WINDOW = 600_000;

  private static KeyFeatures key(String tenant, String index, String key, long refsWindow, long rerefMeanMs, long cost,
      long bytes) {
    return new KeyFeatures(tenant, index, key, 0, refsWindow, refsWindow, NOW - 100_000, NOW - 1000, 1000,
        refsWindow >= 2 ? rerefMeanMs : -1, refsWindow >= 2 ? rerefMeanMs : -1, cost, bytes, false, 10, 10, null, 1.0,
        0, 0, 0, 0, 0, 0);
  }

  private static ScopeFeatures index(String tenant, String index, long queriesWindow, int level) {
    return new ScopeFeatures("index", tenant, index, null, 0, queriesWindow, 0, queriesWindow / 600.0, 0.5, 1000,
        100, 10, queriesWindow, 0, 0, level, Map.of(), Map.of(), 0, 0, 0, NOW);
  }

  private static FeatureSnapshot snapshot(List<ScopeFeatures> indexes, List<KeyFeatures> keys) {
    return new FeatureSnapshot(NOW, WINDOW, keys, indexes, List.of(), null, 0);
  }

  /** 200 cheap one-hit scan keys and 40 expensive keys re-used 10 times each. */
  private static List<KeyFeatures> scanAndHotKeys(String tenant, String index) {
    List<KeyFeatures> keys = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      keys.add(key(tenant, index, "l0:s" + i, 1, -1, 100, 2000));
    }
    for (int i = 0; i < 40; i++) {
      keys.add(key(tenant, index, "l0:h" + i, 10, 1000L * (i + 1), 5000, 2000));
    }
    return keys;
  }

  private static JsonObject rule(JsonObject table, String tenant, String index) {
    JsonArray rules = table.getJsonArray("rules");
    for (int i = 0; i < rules.size(); i++) {
      JsonObject r = rules.getJsonObject(i);
      if (r.getString("tenant").equals(tenant) && r.getString("index").equals(index)) {
        return r;
      }
    }
    return null;
  }

  /** What the node's PolicyRule.admit does with a rule's JSON. */
  private static boolean admits(JsonObject rule, long cost) {
    return switch (rule.getString("admit")) {
      case "always" -> true;
      case "never" -> false;
      default -> cost >= rule.getLong("min_proxy_cost");
    };
  }

  private static void assertValid(JsonObject table) {
    assertEquals(List.of(), PolicyLimits.problems(table));
    JsonObject rec = new JsonObject().put("schema", "pyrope.policy/v1").put("kind", "table")
        .put("controller", "c0ffee00-0000-4000-8000-000000000000").put("issued_ms", NOW).put("sequence", 1)
        .put("model_version", "warm-heuristic/1").put("table", table);
    assertNull(LogFixtures.errors(LogFixtures.validator("topics/pyrope.policy.v1.json"), rec));
  }

  @Test
  void oneHitScanKeysGetAThresholdThatRefusesThemWhileReusedExpensiveKeysAreAdmitted() {
    WarmHeuristic.Result r = WarmHeuristic.compute(snapshot(List.of(index("acme", "docs", 2200, 0)),
        scanAndHotKeys("acme", "docs")));
    JsonObject rule = rule(r.table(), "acme", "docs");
    assertEquals("min_cost", rule.getString("admit"));
    assertFalse(admits(rule, 100), "a one-hit scan key (cost 100) is refused: " + rule);
    assertTrue(admits(rule, 5000), "a re-used expensive key (cost 5000) is admitted: " + rule);
    assertEquals(128, rule.getLong("min_proxy_cost"));  // the class above the cold one, [64,128)
    assertValid(r.table());
    IndexDecision d = r.decisions().get(0);
    assertTrue(d.decided());
    assertTrue(d.reason().contains("rarely re-used"), d.reason());
  }

  @Test
  void anIndexWhoseKeysAreReusedAdmitsAlways() {
    List<KeyFeatures> keys = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      keys.add(key("acme", "docs", "l0:" + i, i % 3 == 0 ? 1 : 4, 20_000, 100 + i * 50, 1500));
    }
    JsonObject rule = rule(WarmHeuristic.compute(snapshot(List.of(index("acme", "docs", 500, 0)), keys)).table(),
        "acme", "docs");
    assertEquals("always", rule.getString("admit"));
    assertFalse(rule.containsKey("min_proxy_cost"));
  }

  @Test
  void anIndexWithNoReuseRefusesEverythingSeenButKeepsReadingTheCache() {
    List<KeyFeatures> keys = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      keys.add(key("acme", "scan", "l0:" + i, 1, -1, 100 + (i % 2) * 900, 1500));
    }
    WarmHeuristic.Result r = WarmHeuristic.compute(snapshot(List.of(index("acme", "scan", 300, 0)), keys));
    JsonObject rule = rule(r.table(), "acme", "scan");
    assertEquals("min_cost", rule.getString("admit"));  // not "never": that would stop cache reads too
    assertEquals(1024, rule.getLong("min_proxy_cost")); // above the dearest key seen (1000)
    assertFalse(rule.containsKey("ttl_ms"), "nothing re-used: the node's default TTL stays");
    assertValid(r.table());
  }

  @Test
  void ttlCoversTheObservedReReferenceIntervals() {
    List<KeyFeatures> keys = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      keys.add(key("acme", "docs", "l0:" + i, 5, 1000L * i, 500, 1500));  // mean intervals 1 s … 30 s
    }
    JsonObject rule = rule(WarmHeuristic.compute(snapshot(List.of(index("acme", "docs", 300, 0)), keys)).table(),
        "acme", "docs");
    // the 0.9 quantile of 1..30 s is 27 s; ten times that is 270 s
    assertEquals(270_000, rule.getLong("ttl_ms"));
  }

  @Test
  void ttlIsNoneWhenReuseSpansTheWindowAndClampedWhenShort() {
    List<KeyFeatures> slow = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      slow.add(key("acme", "slow", "l0:" + i, 2, 400_000, 500, 1500));  // 10 × 400 s reaches the 600 s window
    }
    List<KeyFeatures> fast = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      fast.add(key("acme", "fast", "l0:" + i, 50, 100, 500, 1500));  // 10 × 100 ms is the 1 s floor
    }
    List<KeyFeatures> all = new ArrayList<>(fast);
    all.addAll(slow);
    JsonObject table = WarmHeuristic.compute(snapshot(List.of(index("acme", "fast", 1500, 0),
        index("acme", "slow", 300, 0)), all)).table();
    assertEquals(0, rule(table, "acme", "slow").getLong("ttl_ms"));
    assertEquals(WarmHeuristic.MIN_TTL_MS, rule(table, "acme", "fast").getLong("ttl_ms"));
  }

  @Test
  void anIndexWithTooFewQueriesKeepsTheNodeDefaults() {
    List<KeyFeatures> keys = scanAndHotKeys("acme", "small");
    WarmHeuristic.Result r = WarmHeuristic.compute(snapshot(
        List.of(index("acme", "small", WarmHeuristic.MIN_QUERIES_PER_INDEX - 1, 0)), keys));
    assertEquals(1, r.table().getJsonArray("rules").size());
    assertEquals(new JsonObject().put("tenant", "*").put("index", "*"), r.table().getJsonArray("rules").getJsonObject(0));
    assertFalse(r.decisions().get(0).decided());
    assertTrue(r.decisions().get(0).reason().contains("below " + WarmHeuristic.MIN_QUERIES_PER_INDEX));
    assertValid(r.table());
  }

  @Test
  void priorityFollowsSavedCostPerByte() {
    List<KeyFeatures> keys = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      keys.add(key("acme", "dear", "l0:" + i, 10, 5000, 10_000, 1000));    // saves a lot per byte
      keys.add(key("acme", "mid", "l0:" + i, 10, 5000, 1000, 1000));
      keys.add(key("acme", "cheap", "l0:" + i, 10, 5000, 10, 1000));      // saves little per byte
    }
    JsonObject table = WarmHeuristic.compute(snapshot(List.of(index("acme", "dear", 300, 0),
        index("acme", "mid", 300, 0), index("acme", "cheap", 300, 0)), keys)).table();
    assertEquals(1.0, rule(table, "acme", "mid").getDouble("priority"));
    assertEquals(WarmHeuristic.MAX_PRIORITY, rule(table, "acme", "dear").getDouble("priority"));
    assertEquals(WarmHeuristic.MIN_PRIORITY, rule(table, "acme", "cheap").getDouble("priority"));
    assertValid(table);
  }

  @Test
  void queryKeyLevelStaysWhatTheNodeApplied() {
    List<KeyFeatures> keys = new ArrayList<>(scanAndHotKeys("acme", "l1"));
    keys.addAll(scanAndHotKeys("acme", "unknown"));
    JsonObject table = WarmHeuristic.compute(snapshot(List.of(index("acme", "l1", 500, 1),
        index("acme", "unknown", 500, -1)), keys)).table();
    assertEquals(1, rule(table, "acme", "l1").getInteger("query_key_level"));
    assertFalse(rule(table, "acme", "unknown").containsKey("query_key_level"));
  }

  @Test
  void sameFeaturesSameTableWhateverTheOrder() {
    List<KeyFeatures> keys = new ArrayList<>(scanAndHotKeys("a", "x"));
    keys.addAll(scanAndHotKeys("b", "y"));
    List<ScopeFeatures> ix = new ArrayList<>(List.of(index("a", "x", 900, 0), index("b", "y", 400, 0)));
    JsonObject first = WarmHeuristic.compute(snapshot(ix, keys)).table();
    Collections.reverse(keys);
    Collections.reverse(ix);
    assertEquals(first, WarmHeuristic.compute(snapshot(ix, keys)).table());
    // the catch-all is last and carries no settings of its own
    JsonArray rules = first.getJsonArray("rules");
    assertEquals(new JsonObject().put("tenant", "*").put("index", "*"), rules.getJsonObject(rules.size() - 1));
    assertEquals("score", first.getString("eviction"));
  }

  @Test
  void limitsCatchWhatANodeWouldRefuse() {
    JsonObject ok = new JsonObject().put("rules", new JsonArray().add(new JsonObject().put("tenant", "*")
        .put("index", "*")));
    assertEquals(List.of(), PolicyLimits.problems(ok));
    JsonObject bad = new JsonObject().put("eviction", "fifo").put("colour", 1).put("rules", new JsonArray()
        .add(new JsonObject().put("tenant", "a").put("index", "b").put("ttl_ms", PolicyLimits.MAX_TTL_MS + 1)
            .put("priority", 0).put("query_key_level", 2).put("admit", "sometimes")));
    String problems = String.join("\n", PolicyLimits.problems(bad));
    for (String word : List.of("eviction", "colour", "ttl_ms", "priority", "query_key_level", "admit", "catch-all")) {
      assertTrue(problems.contains(word), word + " not reported in:\n" + problems);
    }
  }
}
