package io.pyrope.cache.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The seen_before doorkeeper: second sightings admit, sets keep two keys, aging forgets, no allocation. */
class DoorkeeperTest {
  private static long fp(long i) {
    return Hashing.mix(i + 1); // well-spread fingerprints, as the keys' own hashes are
  }

  @Test
  void theFirstSightingRecordsTheSecondAdmits() {
    Doorkeeper d = new Doorkeeper();
    assertFalse(d.sighted(fp(1)));
    assertTrue(d.sighted(fp(1)));
    assertTrue(d.sighted(fp(1)), "a key stays remembered after it was admitted");
    assertFalse(d.sighted(fp(2)), "another key is new");
    assertFalse(d.sighted(0), "a zero fingerprint is a key like any other");
    assertTrue(d.sighted(0));
  }

  @Test
  void aSetKeepsTwoKeysThenForgetsTheOldest() {
    Doorkeeper d = new Doorkeeper();
    int sets = Doorkeeper.SLOTS / Doorkeeper.WAYS;
    // Fingerprints whose low bits (after the fold) are equal land in the same set.
    long a = 5;
    long b = 5 + sets;
    long c = 5 + 2L * sets;
    assertFalse(d.sighted(a));
    assertFalse(d.sighted(b));
    assertTrue(d.sighted(a), "two keys share a set");
    assertFalse(d.sighted(c));       // pushes the first recorded of the set's two keys (a) out: FIFO, not LRU
    assertTrue(d.sighted(c));
    assertTrue(d.sighted(b), "the second recorded key stays");
    assertFalse(d.sighted(a), "the third key of a set pushed the first recorded key out");
  }

  @Test
  void afterAsManyNewKeysAsSlotsEverythingIsForgotten() {
    Doorkeeper d = new Doorkeeper();
    assertFalse(d.sighted(fp(-7)));
    int recorded = 1;
    for (long i = 0; recorded < Doorkeeper.AGING_INSERTIONS - 1; i++) {
      if (!d.sighted(fp(i))) {
        recorded++;
      }
    }
    // One more new key before the clear: a key recorded just now is still known.
    long last = fp(1L << 40);
    assertFalse(d.sighted(last));
    assertEquals(Doorkeeper.AGING_INSERTIONS, recorded + 1);
    // That insertion reached the limit and cleared the table: the key just recorded is new again.
    assertFalse(d.sighted(last), "the table was cleared after " + Doorkeeper.AGING_INSERTIONS + " new keys");
    assertTrue(d.sighted(last), "and fills again");
  }

  @Test
  void aSightingAllocatesNothing() {
    Doorkeeper d = new Doorkeeper();
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int i = 0; i < 200_000; i++) { // warm up: let the JIT compile it
      sink += d.sighted(fp(i % 3000)) ? 1 : 0;
    }
    long before = mx.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 1_000_000; i++) {
      sink += d.sighted(fp(i % 50_000)) ? 1 : 0; // new keys, repeats and clears
    }
    long allocated = mx.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < 64 * 1024, "1M sightings allocated " + allocated + " bytes (" + sink + ")");
  }
}
