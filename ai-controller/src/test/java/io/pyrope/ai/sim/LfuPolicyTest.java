package io.pyrope.ai.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LfuPolicyTest {

  @Test
  void evictsTheLeastFrequentlyUsed() {
    // capacity 3; key:uses. A miss {A:1}; A hit {A:2}; B miss {A:2 B:1}; B hit {A:2 B:2};
    // C miss {A:2 B:2 C:1}; D miss evicts C (fewest uses) {A:2 B:2 D:1}; C miss evicts D;
    // E miss evicts C; D miss evicts E: A and B, used twice, are never evicted.
    Trace t = Traces.unit("A A B B C D C E D");
    LfuPolicy lfu = new LfuPolicy(t, 3);
    assertEquals("MHMHMMMMM", Traces.replay(lfu, t));
    assertNotNull(lfu.entryOf(Traces.keyId(t, "A")));
    assertNotNull(lfu.entryOf(Traces.keyId(t, "B")));
    assertNotNull(lfu.entryOf(Traces.keyId(t, "D")));
  }

  @Test
  void breaksTiesByRecency() {
    // positions: A0 B1 C2 B3 D4 A5 D6 C7, capacity 3; key:uses@last use.
    // A,B,C miss {A:1@0 B:1@1 C:1@2}; B hit {B:2@3}; D miss: A and C have 1 use, A is older: evict A
    // {B:2@3 C:1@2 D:1@4}; A miss: C (1@2) older than D (1@4): evict C {B:2@3 D:1@4 A:1@5};
    // D hit {D:2@6}; C miss: only A has 1 use: evict A {B:2@3 D:2@6 C:1@7}
    Trace t = Traces.unit("A B C B D A D C");
    LfuPolicy lfu = new LfuPolicy(t, 3);
    assertEquals("MMMHMMHM", Traces.replay(lfu, t));
    assertNull(lfu.entryOf(Traces.keyId(t, "A")));
    assertNotNull(lfu.entryOf(Traces.keyId(t, "C")));
    assertEquals(3, lfu.evictions());
  }
}
