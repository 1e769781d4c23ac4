package io.pyrope.ai.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TtlPolicyTest {

  @Test
  void servesUntilTheTtlThenExpires() {
    // ttl 10 ms. t0 A miss (stored 0); t5 A hit (5 < 10); t10 A: expired at 0+10 → miss, stored 10;
    // t15 B miss; t19 A hit (9 < 10); t20 A expired again → miss. B (stored 15) is alive at t20.
    Trace t = Traces.of(Traces.search(0, "A", 1, 1), Traces.search(5, "A", 1, 1), Traces.search(10, "A", 1, 1),
        Traces.search(15, "B", 1, 1), Traces.search(19, "A", 1, 1), Traces.search(20, "A", 1, 1));
    TtlPolicy ttl = new TtlPolicy(t, 100, 10);
    assertEquals("MHMMHM", Traces.replay(ttl, t));
    assertEquals(2, ttl.expirations());
    assertEquals(0, ttl.evictions());
  }

  @Test
  void expiredEntriesFreeTheirRoomWithoutEvictions() {
    // capacity 2, ttl 10: A t0, B t1 fill it; at t12 both have expired, so C is stored without
    // evicting anything, and A is a miss again at t13.
    Trace t = Traces.of(Traces.search(0, "A", 1, 1), Traces.search(1, "B", 1, 1), Traces.search(12, "C", 1, 1),
        Traces.search(13, "A", 1, 1));
    TtlPolicy ttl = new TtlPolicy(t, 2, 10);
    assertEquals("MMMM", Traces.replay(ttl, t));
    assertEquals(2, ttl.expirations());
    assertEquals(0, ttl.evictions());
  }

  @Test
  void behavesAsLruWithinTheTtl() {
    Trace t = Traces.unit("A B C A D B E A");
    assertEquals(Traces.replay(new LruPolicy(t, 3), t), Traces.replay(new TtlPolicy(t, 3, 1_000_000), t));
  }

  @Test
  void refusesANonPositiveTtl() {
    Trace t = Traces.unit("A");
    assertThrows(IllegalArgumentException.class, () -> new TtlPolicy(t, 3, 0));
  }
}
