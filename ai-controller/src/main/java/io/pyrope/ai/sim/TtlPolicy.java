package io.pyrope.ai.sim;

import java.util.ArrayDeque;

/**
 * LRU plus one fixed TTL: an entry is served while {@code now < stored + ttl} and removed at
 * that instant (counted as an expiration, not an eviction), whether or not room is needed.
 * Because every entry gets the same TTL, expiry order is admission order: a FIFO of admissions
 * finds the expired ones in O(1) each (entries that already left are skipped).
 */
public final class TtlPolicy extends LruPolicy {
  /** Default TTL, the node's {@code cache.ttl-ms} default (5 minutes). */
  public static final long DEFAULT_TTL_MS = 300_000;

  private final long ttlMs;
  private final ArrayDeque<Entry> admitted = new ArrayDeque<>();

  public TtlPolicy(Trace trace, long capacityBytes, long ttlMs) {
    super(trace, capacityBytes);
    if (ttlMs <= 0) {
      throw new IllegalArgumentException("ttl must be positive, got " + ttlMs);
    }
    this.ttlMs = ttlMs;
  }

  @Override
  public String name() {
    return "ttl";
  }

  @Override
  public void advanceTo(long nowMs) {
    Entry e;
    while ((e = admitted.peekFirst()) != null && (!resident(e) || expired(e, nowMs))) {
      admitted.pollFirst();
      if (resident(e)) {
        remove(e);
        expirations++;
      }
    }
  }

  @Override
  protected boolean expired(Entry e, long nowMs) {
    return nowMs - e.storedAtMs >= ttlMs;
  }

  @Override
  protected void onInsert(Entry e, int i) {
    super.onInsert(e, i);
    admitted.addLast(e);
  }
}
