package io.pyrope.ai.sim;

/**
 * The node's doorkeeper for admission {@code seen_before}, reimplemented for the replay (this
 * module cannot depend on the node's): per tenant/index, {@value #SLOTS} 64-bit key fingerprints,
 * two-way set-associative with FIFO within a set, cleared after {@value #AGING_INSERTIONS} new
 * keys. A miss whose key is remembered is admitted; a first miss is only recorded. Same sizes and
 * aging as the node's {@code io.pyrope.cache.impl.Doorkeeper}; a change there must be made here
 * too. The fingerprint is a 64-bit hash of the trace's key string (the node hashes the key's
 * bytes): which keys collide differs, how often does not.
 *
 * <p>Not thread-safe (a replay is single-threaded).
 */
final class Doorkeeper {
  /** Fingerprints remembered per tenant/index (the node's Doorkeeper.SLOTS). */
  static final int SLOTS = 16_384;
  /** Slots per set (the node's Doorkeeper.WAYS). */
  static final int WAYS = 2;
  /** New keys recorded before the table is cleared (the node's Doorkeeper.AGING_INSERTIONS). */
  static final int AGING_INSERTIONS = SLOTS;

  private static final int SET_MASK = SLOTS / WAYS - 1;

  private final long[] slots = new long[SLOTS]; // fingerprints, 0 = empty
  private int insertions;                        // new keys since the last clear

  /** Records a miss; true when the fingerprint was already remembered (admit), false when new. */
  boolean sighted(long fingerprint) {
    long fp = fingerprint == 0 ? 1 : fingerprint;
    int base = ((int) (fp ^ (fp >>> 32)) & SET_MASK) * WAYS;
    if (slots[base] == fp || slots[base + 1] == fp) {
      return true;
    }
    slots[base + 1] = slots[base];
    slots[base] = fp;
    if (++insertions >= AGING_INSERTIONS) {
      java.util.Arrays.fill(slots, 0L);
      insertions = 0;
    }
    return false;
  }

  /** A well-spread 64-bit fingerprint of a key string: FNV-1a over its chars, then the murmur3 finaliser. */
  static long fingerprint(String key) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h;
  }
}
