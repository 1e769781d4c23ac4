package io.pyrope.cache.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The memory of admission rule {@code seen_before}: which keys of one index missed recently. A
 * result is stored only if its key was already seen here ({@link #sighted} returns true); the
 * first miss of a key only records it. One-hit wonders (a scan, unique queries) then never take
 * room from entries that are used again; the price is one extra miss for every re-used key.
 *
 * <p><b>Layout.</b> A fixed {@code long[]} of {@value #SLOTS} 64-bit key fingerprints (128 KiB),
 * two-way set-associative: a key maps to one set of {@value #WAYS} slots; a new key goes into the
 * first slot and pushes the first slot's key into the second (FIFO within the set), so a key
 * survives until two more new keys land in its set. 0 marks an empty slot (a fingerprint of 0 is
 * stored as 1). Allocated once, with the shard's first {@code seen_before} decision; a sighting
 * allocates nothing.
 *
 * <p><b>Aging.</b> After {@value #SLOTS} new keys were recorded the whole table is cleared, so it
 * remembers roughly the last {@value #SLOTS} distinct misses and a key seen long ago must be seen
 * twice again (TinyLFU's doorkeeper reset, without the frequency sketch).
 *
 * <p><b>Threading.</b> Racy by design: every event loop reads and writes it with opaque
 * (atomic, unordered) accesses and no lock. A lost or reordered update can only make one key look
 * unseen (one admission lost) or, through a fingerprint collision or a race with a clear, seen
 * (one admission of a first sighting): never a wrong answer, since the entry itself is keyed by
 * all of the key's bytes. The insertion counter is a plain racy int for the same reason: a lost
 * increment only delays the next clear.
 *
 * <p>Rejected: a Bloom filter (several hashes and cache lines per sighting, and it cannot age
 * without a second array); a concurrent set of keys (allocates per miss, unbounded).
 */
public final class Doorkeeper {
  /** Fingerprints remembered per index: 16,384 slots of 8 bytes = 128 KiB. */
  public static final int SLOTS = 16_384;
  /** Slots per set. */
  public static final int WAYS = 2;
  /** New keys recorded before the table is cleared. */
  public static final int AGING_INSERTIONS = SLOTS;

  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int SET_MASK = SLOTS / WAYS - 1;

  private final long[] slots = new long[SLOTS]; // fingerprints, 0 = empty
  private int insertions;                        // new keys since the last clear; racy

  /**
   * Records a miss of the key with this fingerprint; true when it was already remembered (a
   * second sighting: admit), false when it is new (only recorded now).
   */
  public boolean sighted(long fingerprint) {
    long fp = fingerprint == 0 ? 1 : fingerprint;
    int base = (int) (fp ^ (fp >>> 32)) & SET_MASK;
    base *= WAYS;
    long first = (long) SLOT.getOpaque(slots, base);
    if (first == fp || (long) SLOT.getOpaque(slots, base + 1) == fp) {
      return true;
    }
    SLOT.setOpaque(slots, base + 1, first);
    SLOT.setOpaque(slots, base, fp);
    if (++insertions >= AGING_INSERTIONS) {
      clear();
    }
    return false;
  }

  /** Forgets every key. */
  public void clear() {
    insertions = 0;
    for (int i = 0; i < SLOTS; i++) {
      SLOT.setOpaque(slots, i, 0L);
    }
  }
}
