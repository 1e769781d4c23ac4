package io.pyrope.ai.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The heuristic policy replays the warm path closed-loop: it learns only from the past, starts on
 * the node's defaults, and refuses a scan of cheap one-hit keys once a cadence has seen it.
 */
class HeuristicPolicyTest {
  /** Hot keys: re-used every 2 × HOT records; 25 so their cost class has enough keys to be judged. */
  private static final int HOT = 25;
  /** Proxy cost of a hot key: class [64, 128). */
  private static final long HOT_COST = 64;
  /** Proxy cost of a scan key: class [16, 32), cheaper than every hot key. */
  private static final long SCAN_COST = 16;
  /** Every entry's size. */
  private static final long BYTES = 1000;
  /** Room for 40 entries: the hot set fits (below the 85% a pass cuts to), hot + interleaved scan does not. */
  private static final long CAPACITY = 40 * BYTES;
  /** One record a second. */
  private static final long STEP_MS = 1000;

  /**
   * Hot key, scan key, hot key, … one a second from {@code startMs}: each hot key comes back after
   * 2 × HOT records (50 distinct entries in between: more than the cache holds), the scan never.
   */
  private static Trace scanTrace(long startMs, int records) {
    List<TraceRecord> list = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      long t = startMs + i * STEP_MS;
      list.add(i % 2 == 0 ? Traces.search(t, "hot" + (i / 2) % HOT, HOT_COST, BYTES)
          : Traces.search(t, "scan" + i, SCAN_COST, BYTES));
    }
    return Trace.of("scan", list);
  }

  private static long hits(Trace t, CachePolicy p) {
    return Traces.count(Traces.replay(p, t), 'H');
  }

  @Test
  void refusesTheScanAfterACadenceAndKeepsTheReusedKeysWhereLruLosesThem() {
    Trace t = scanTrace(0, 2400);
    HeuristicPolicy h = new HeuristicPolicy(t, CAPACITY, HeuristicSettings.DEFAULTS);
    long heuristic = hits(t, h);
    long lru = hits(t, new LruPolicy(t, CAPACITY));
    // LRU: 50 distinct entries between two uses of a hot key, 40 fit: every hot key misses.
    assertEquals(0, lru);
    assertTrue(heuristic > lru, "heuristic " + heuristic + " hits, lru " + lru);
    // One table per cadence of trace time, the first at 30 s.
    assertEquals((2399 * STEP_MS) / HeuristicSettings.DEFAULT_CADENCE_MS, h.tablesComputed());
    JsonObject table = h.table();
    assertNotNull(table, "a table was swapped in");
    JsonObject rule = ruleFor(table, Traces.TENANT, Traces.INDEX);
    assertEquals("min_cost", rule.getString("admit"), table.encode());
    long threshold = rule.getLong("min_proxy_cost");
    assertTrue(threshold > SCAN_COST && threshold <= HOT_COST, "threshold " + threshold);
    assertTrue(h.refusedByRule() > 0);
    // Once the table refuses the scan (from 400 s on), at least 80% of the hot searches hit. Not all: the table's
    // TTL (10 × the 50 s re-reference interval) expires the hot entries, stored together, together.
    String letters = Traces.replay(new HeuristicPolicy(t, CAPACITY, HeuristicSettings.DEFAULTS), t);
    int hotHits = 0;
    int hotSearches = 0;
    for (int i = 400; i < letters.length(); i += 2) {
      hotSearches++;
      hotHits += letters.charAt(i) == 'H' ? 1 : 0;
    }
    assertTrue(hotHits * 10 >= hotSearches * 8, hotHits + " of " + hotSearches + " hot searches hit");
    // The node's defaults (score eviction, 300 s TTL) resist this scan too; the heuristic does at least as well.
    long live = hits(t, new LivePolicy(t, CAPACITY, LiveTable.defaults()));
    assertTrue(heuristic >= live, "heuristic " + heuristic + " hits, live " + live);
    // No scan entry gets in once the rule refuses it.
    assertTrue(h.refusedByRule() >= (2400 - 400) / 2, "refused " + h.refusedByRule());
  }

  @Test
  void beforeTheFirstCadenceItIsTheLivePolicyWithTheDefaults() {
    Trace t = scanTrace(0, 2400);
    String heuristic = Traces.replay(new HeuristicPolicy(t, CAPACITY, HeuristicSettings.DEFAULTS), t);
    String live = Traces.replay(new LivePolicy(t, CAPACITY, LiveTable.defaults()), t);
    int firstCadence = (int) (HeuristicSettings.DEFAULT_CADENCE_MS / STEP_MS);  // records before trace time 30 s
    assertEquals(live.substring(0, firstCadence), heuristic.substring(0, firstCadence));
    // A trace shorter than a cadence never gets a table: identical to live, hit for hit.
    Trace shortTrace = scanTrace(0, firstCadence);
    HeuristicPolicy h = new HeuristicPolicy(shortTrace, CAPACITY, HeuristicSettings.DEFAULTS);
    assertEquals(Traces.replay(new LivePolicy(shortTrace, CAPACITY, LiveTable.defaults()), shortTrace),
        Traces.replay(h, shortTrace));
    assertEquals(0, h.tablesComputed());
    assertNull(h.table());
  }

  @Test
  void tooLittleTrafficKeepsTheDefaults() {
    // 199 searches in the window: below WarmHeuristic.MIN_QUERIES_PER_INDEX, so the table has only
    // the catch-all and the replay is live with the defaults although cadences pass.
    Trace t = scanTrace(0, 199);
    HeuristicPolicy h = new HeuristicPolicy(t, CAPACITY, HeuristicSettings.DEFAULTS.withCadence(10_000));
    assertEquals(Traces.replay(new LivePolicy(t, CAPACITY, LiveTable.defaults()), t), Traces.replay(h, t));
    assertTrue(h.tablesComputed() > 0);
    assertEquals(1, h.table().getJsonArray("rules").size(), h.table().encode());
  }

  @Test
  void deterministicAndIndependentOfTheEpoch() {
    Trace zero = scanTrace(0, 1500);
    RunResult a = Simulator.run(zero, new HeuristicPolicy(zero, CAPACITY, HeuristicSettings.DEFAULTS), 0,
        new Progress(null));
    RunResult b = Simulator.run(zero, new HeuristicPolicy(zero, CAPACITY, HeuristicSettings.DEFAULTS), 0,
        new Progress(null));
    assertEquals(a.toJson(null).encode(), b.toJson(null).encode());
    // The same traffic at an epoch instant (a whole number of the feature windows' buckets later):
    // the same hits, misses and table.
    long epoch = 1_795_000_200_000L;
    assertEquals(0, epoch % HeuristicSettings.DEFAULT_WINDOW_MS);
    Trace shifted = scanTrace(epoch, 1500);
    HeuristicPolicy h0 = new HeuristicPolicy(zero, CAPACITY, HeuristicSettings.DEFAULTS);
    HeuristicPolicy h1 = new HeuristicPolicy(shifted, CAPACITY, HeuristicSettings.DEFAULTS);
    assertEquals(Traces.replay(h0, zero), Traces.replay(h1, shifted));
    assertEquals(h0.table(), h1.table());
  }

  @Test
  void aSweepReportsTheHeuristicAndItsShareOfTheGap() {
    Trace t = scanTrace(0, 2400);
    SimReport report = Simulator.sweep(t, Policies.ALL, List.of(CAPACITY), 300_000, LiveTable.defaults(), 0,
        new JsonObject(), new Progress(null));
    RunResult lru = report.find("lru", CAPACITY);
    RunResult belady = report.find("belady", CAPACITY);
    RunResult heuristic = report.find("heuristic", CAPACITY);
    assertNotNull(heuristic);
    assertTrue(heuristic.hits() <= belady.hits(), "belady bounds the heuristic on equal sizes");
    Double gap = report.gapClosed(heuristic);
    assertNotNull(gap);
    assertEquals((heuristic.hitRatio() - lru.hitRatio()) / (belady.hitRatio() - lru.hitRatio()), gap, 1e-12);
    assertTrue(gap > 0 && gap <= 1, "gap closed " + gap);
    assertTrue(report.toTable().lines().anyMatch(l -> l.startsWith("heuristic ")), report.toTable());
    JsonArray results = report.toJson().getJsonArray("results");
    boolean found = false;
    for (int i = 0; i < results.size(); i++) {
      JsonObject r = results.getJsonObject(i);
      if (r.getString("policy").equals("heuristic")) {
        found = true;
        assertEquals(gap, r.getDouble("gap_closed"), 1e-12);
      }
    }
    assertTrue(found);
  }

  @Test
  void badSettingsAreRefusedWithTheirName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HeuristicSettings.DEFAULTS.withCadence(99));
    assertTrue(e.getMessage().contains("cadence"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new HeuristicSettings(1000, 999, 10));
    assertThrows(IllegalArgumentException.class, () -> new HeuristicSettings(1000, 60_000, 0));
  }

  private static JsonObject ruleFor(JsonObject table, String tenant, String index) {
    JsonArray rules = table.getJsonArray("rules");
    for (int i = 0; i < rules.size(); i++) {
      JsonObject r = rules.getJsonObject(i);
      if (tenant.equals(r.getString("tenant")) && index.equals(r.getString("index"))) {
        return r;
      }
    }
    throw new AssertionError("no rule for " + tenant + "/" + index + " in " + table.encode());
  }
}
