package io.pyrope.ai.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LruPolicyTest {

  @Test
  void evictsTheLeastRecentlyUsed() {
    // capacity 3 entries of 1 byte; contents most recent first:
    // A miss [A]; B miss [B A]; C miss [C B A]; A hit [A C B]; D miss, evicts B [D A C];
    // B miss, evicts C [B D A]; E miss, evicts A [E B D]; A miss, evicts D [A E B]
    Trace t = Traces.unit("A B C A D B E A");
    LruPolicy lru = new LruPolicy(t, 3);
    assertEquals("MMMHMMMM", Traces.replay(lru, t));
    assertEquals(4, lru.evictions());
    assertNotNull(lru.entryOf(Traces.keyId(t, "A")));
    assertNotNull(lru.entryOf(Traces.keyId(t, "E")));
    assertNotNull(lru.entryOf(Traces.keyId(t, "B")));
    assertNull(lru.entryOf(Traces.keyId(t, "D")));
  }

  @Test
  void countsBytesNotEntries() {
    // capacity 10: A(4) [A]=4; B(4) [B A]=8; C(4) needs 12, evicts A [C B]=8;
    // A(4) needs 12, evicts B [A C]=8; C hit [C A]
    Trace t = Traces.of(Traces.search(0, "A", 1, 4), Traces.search(1, "B", 1, 4), Traces.search(2, "C", 1, 4),
        Traces.search(3, "A", 1, 4), Traces.search(4, "C", 1, 4));
    LruPolicy lru = new LruPolicy(t, 10);
    assertEquals("MMMMH", Traces.replay(lru, t));
    assertEquals(8, lru.usedBytes());
    assertEquals(2, lru.evictions());
  }

  @Test
  void neverAdmitsAnEntryLargerThanTheCapacity() {
    // B (11 bytes) does not fit a 10-byte cache at all: it is not stored and evicts nothing.
    Trace t = Traces.of(Traces.search(0, "A", 1, 5), Traces.search(1, "B", 1, 11), Traces.search(2, "B", 1, 11),
        Traces.search(3, "A", 1, 5));
    LruPolicy lru = new LruPolicy(t, 10);
    assertEquals("MMMH", Traces.replay(lru, t));
    assertEquals(0, lru.evictions());
  }
}
