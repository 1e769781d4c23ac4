package io.pyrope.ai.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.ai.policy.PolicyLimits;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admission seen_before in the replay: hand-checked sequences, the doorkeeper's memory, validation. */
class SeenBeforeReplayTest {
  private static final LiveTable SEEN_BEFORE = LiveTable.fromJson(new JsonObject(
      "{\"rules\":[{\"tenant\":\"*\",\"index\":\"*\",\"admit\":\"seen_before\",\"ttl_ms\":0}]}"));

  @Test
  void aKeyEntersOnItsSecondMissAndHitsOnItsThird() {
    // A: miss (recorded), miss (stored), hit, hit. B once: recorded only.
    Trace t = Traces.of(Traces.search(0, "A", 10, 10), Traces.search(1, "A", 10, 10), Traces.search(2, "B", 10, 10),
        Traces.search(3, "A", 10, 10), Traces.search(4, "A", 10, 10));
    LivePolicy p = new LivePolicy(t, 100, SEEN_BEFORE);
    assertEquals("MMMHH", Traces.replay(p, t));
    assertEquals(2, p.refusedFirstSeen(), "A's first miss and B's");
    assertEquals(0, p.refusedByRule());
  }

  @Test
  void aScanOfOneHitKeysNeverEntersAndKeepsTheHotKeys() {
    // Capacity of 3 entries. H1, H2 twice each (stored on their second miss), then a scan of 50
    // one-hit keys, then H1 and H2 again: under always the scan pushed them out; under
    // seen_before nothing of the scan entered, so both hit.
    List<TraceRecord> rs = new ArrayList<>();
    long time = 0;
    for (String k : List.of("H1", "H2", "H1", "H2")) {
      rs.add(Traces.search(time++, k, 10, 10));
    }
    for (int i = 0; i < 50; i++) {
      rs.add(Traces.search(time++, "S" + i, 10, 10));
    }
    rs.add(Traces.search(time++, "H1", 10, 10));
    rs.add(Traces.search(time, "H2", 10, 10));
    Trace t = Traces.of(rs.toArray(new TraceRecord[0]));
    // LRU order: under score eviction the hot keys' hits would already protect them from the scan.
    LivePolicy door = new LivePolicy(t, 30, LiveTable.fromJson(new JsonObject(
        "{\"eviction\":\"lru\",\"rules\":[{\"admit\":\"seen_before\",\"ttl_ms\":0}]}")));
    String seen = Traces.replay(door, t);
    assertEquals("MMMM" + "M".repeat(50) + "HH", seen);
    assertEquals(0, door.evictions(), "the scan never entered, so nothing was evicted");
    assertEquals(2 + 50, door.refusedFirstSeen());
    LivePolicy always = new LivePolicy(t, 30, LiveTable.fromJson(new JsonObject(
        "{\"eviction\":\"lru\",\"rules\":[{\"ttl_ms\":0}]}")));
    String plain = Traces.replay(always, t);
    assertEquals("MMHH" + "M".repeat(50) + "MM", plain, "under always the scan pushed the hot keys out");
  }

  @Test
  void theDoorkeeperIsPerIndex() {
    // The same key name in two indexes: a sighting in one does not admit in the other.
    Trace t = Traces.of(Traces.searchIn(0, "one", "A", 10, 10), Traces.searchIn(1, "two", "A", 10, 10),
        Traces.searchIn(2, "two", "A", 10, 10), Traces.searchIn(3, "two", "A", 10, 10));
    assertEquals("MMMH", Traces.replay(new LivePolicy(t, 100, SEEN_BEFORE), t));
  }

  @Test
  void theDoorkeeperRemembersTwoKeysPerSetAndForgetsAfterAgingInsertions() {
    Doorkeeper d = new Doorkeeper();
    int sets = Doorkeeper.SLOTS / Doorkeeper.WAYS;
    assertFalse(d.sighted(7));
    assertFalse(d.sighted(7 + sets));
    assertTrue(d.sighted(7));
    assertFalse(d.sighted(7 + 2L * sets)); // the set's first recorded key (7) leaves
    assertTrue(d.sighted(7 + sets));
    assertFalse(d.sighted(7));
    Doorkeeper aging = new Doorkeeper();
    assertFalse(aging.sighted(Doorkeeper.fingerprint("kept")));
    int recorded = 1;
    for (int i = 0; recorded < Doorkeeper.AGING_INSERTIONS - 1; i++) {
      if (!aging.sighted(Doorkeeper.fingerprint("k" + i))) {
        recorded++;
      }
    }
    long last = Doorkeeper.fingerprint("last");
    assertFalse(aging.sighted(last), "the insertion that reaches the limit clears the table");
    assertFalse(aging.sighted(last), "so the key just recorded is new again");
    assertTrue(aging.sighted(last));
  }

  @Test
  void seenBeforeIsValidatedLikeTheNode() {
    assertEquals("seen_before", SEEN_BEFORE.rule("acme", "docs").admit());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LiveTable.fromJson(new JsonObject("{\"rules\":[{\"admit\":\"second\"}]}")));
    assertTrue(e.getMessage().contains("\"seen_before\", got second"), e.getMessage());
    JsonObject ok = new JsonObject("{\"rules\":[{\"tenant\":\"*\",\"index\":\"*\",\"admit\":\"seen_before\"}]}");
    assertEquals(List.of(), PolicyLimits.problems(ok));
    JsonObject bad = new JsonObject("{\"rules\":[{\"tenant\":\"*\",\"index\":\"*\",\"admit\":\"seen_once\"}]}");
    assertEquals(List.of("rules[0].admit must be always, never, min_cost or seen_before, got seen_once"),
        PolicyLimits.problems(bad));
  }
}
