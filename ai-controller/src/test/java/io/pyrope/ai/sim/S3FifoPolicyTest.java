package io.pyrope.ai.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class S3FifoPolicyTest {
  /** Three hot keys used twice, a scan of 20 one-time keys, then the hot keys again. */
  private static final String SCAN = "H1 H1 H2 H2 H3 H3 S1 S2 S3 S4 S5 S6 S7 S8 S9 S10 S11 S12 S13 S14 S15 S16 S17"
      + " S18 S19 S20 H1 H2 H3";

  @Test
  void aScanDoesNotEvictTheFrequentlyUsedFromMain() {
    // capacity 10 × 1 byte: small target 1, main target 9, ghost up to 9 keys.
    // H1 H1 H2 H2 H3 H3: each lands in S, then is hit once (freq 1). S = [H3 H2 H1] (head first).
    // S1..S7 fill the cache: S = [S7..S1 H3 H2 H1], 10 bytes.
    // S8: S holds >= its target, so its tail is examined: H1 freq 1 → moved to M; H2, H3 likewise;
    //     S1 freq 0 → dropped to G (the one-hit wonder leaves). S8 enters S.
    // S9..S20: each evicts the oldest scan key from S's tail into G (S2..S13); M = [H3 H2 H1] untouched.
    // H1 H2 H3: hits from M.
    Trace t = Traces.unit(SCAN);
    S3FifoPolicy s3 = new S3FifoPolicy(t, 10);
    String got = Traces.replay(s3, t);
    assertEquals("MHMHMH" + "M".repeat(20) + "HHH", got);
    assertTrue(s3.inMain(Traces.keyId(t, "H1")));
    assertTrue(s3.inMain(Traces.keyId(t, "H3")));
    assertEquals(13, s3.evictions(), "S1..S13 evicted, nothing from main");
    // Ghost keeps the last 9 keys dropped from S: S5..S13; S1..S4 fell off its end.
    assertTrue(s3.inGhost(Traces.keyId(t, "S13")));
    assertTrue(s3.inGhost(Traces.keyId(t, "S5")));
    assertFalse(s3.inGhost(Traces.keyId(t, "S4")));

    // LRU on the same sequence loses the hot keys to the scan.
    assertEquals("MHMHMH" + "M".repeat(20) + "MMM", Traces.replay(new LruPolicy(t, 10), t));
  }

  @Test
  void aKeyRememberedByTheGhostGoesStraightToMain() {
    // After the scan above, S13 is in G. Requesting it: miss; room is made by dropping S's tail
    // (S14, freq 0) into G; S13 is inserted into M, not S. S1 is no longer in G: it goes to S.
    Trace t = Traces.unit(SCAN + " S13 S1");
    S3FifoPolicy s3 = new S3FifoPolicy(t, 10);
    String got = Traces.replay(s3, t);
    assertEquals("MHMHMH" + "M".repeat(20) + "HHH" + "MM", got);
    assertTrue(s3.inMain(Traces.keyId(t, "S13")));
    assertFalse(s3.inGhost(Traces.keyId(t, "S13")));
    assertTrue(s3.inGhost(Traces.keyId(t, "S14")));
    assertFalse(s3.inMain(Traces.keyId(t, "S1")));
    assertTrue(s3.smallBytes() > 0);
  }

  @Test
  void mainReinsertsEntriesWithHitsBeforeEvicting() {
    // capacity 4: small target 1 (10% of 4, at least 1 byte), main target 3.
    // A A: A in S, freq 1.  B: S=[B A].  C: S=[C B A].  D: S=[D C B A] (4 bytes, full).
    // E: S over target → tail A freq 1 → to M; tail B freq 0 → G. S=[E D C], M=[A].
    // A: hit in M (its counter 1 → 2; nothing moves).
    // F: S tail C freq 0 → G. S=[F E D], M=[A].
    // B: in G → miss, goes to M: room from S's tail D → G. S=[F E], M=[B A].
    // A: hit (still in M).
    Trace t = Traces.unit("A A B C D E A F B A");
    S3FifoPolicy s3 = new S3FifoPolicy(t, 4);
    assertEquals("MHMMMMHMMH", Traces.replay(s3, t));
    assertTrue(s3.inMain(Traces.keyId(t, "A")));
    assertTrue(s3.inMain(Traces.keyId(t, "B")));
    assertTrue(s3.inGhost(Traces.keyId(t, "D")));
  }
}
