package io.pyrope.ai.sim;

/**
 * One simulated cache entry: what a miss stored, plus the bookkeeping fields the policies use.
 * Mutable and owned by exactly one policy instance (one run); never shared across runs.
 */
public final class Entry {
  /** Dense cache-key id ({@link Trace#keyId}). */
  final int key;
  /** Dense tenant/index id ({@link Trace#scopeId}). */
  final int scope;
  /** Bytes it occupies against the capacity. */
  final long bytes;
  /** Proxy cost of the search that stored it. */
  final long cost;
  /** Ids it serves (sorted), null when the trace did not carry them. */
  final long[] ids;
  /** Group of the query that stored it, null when unknown. */
  final Long group;
  /** Trace time it was stored, ms. */
  final long storedAtMs;
  /** Trace position it was stored at. */
  final int storedAt;
  /** Trace time of its last hit (or store), ms. */
  long lastUsedMs;
  /** Trace position of its last hit (or store): the recency tie-breaker. */
  int lastUsed;
  /** Times served. */
  int hits;
  /** LFU: recency key of the ordered set, changed only by the policy (lookup moves lastUsed first). */
  int tick;
  /** Policy-specific counter: LFU frequency, S3-FIFO's 2-bit frequency. */
  int freq;
  /** Offline policies: position of its next use, {@link Trace#NEVER} if none. */
  int nextUse;
  /** live: the TTL of the rule that admitted it, 0 for none. */
  long ttlMs;
  /** live: the rule's priority multiplier. */
  double priority = 1.0;
  /** S3-FIFO: true once in the main queue. */
  boolean inMain;
  /** Intrusive doubly linked list ({@link EntryList}); null when in no list. */
  Entry prev;
  Entry next;
  EntryList list;

  Entry(int key, int scope, long bytes, long cost, long[] ids, Long group, long storedAtMs, int storedAt) {
    this.key = key;
    this.scope = scope;
    this.bytes = bytes;
    this.cost = cost;
    this.ids = ids;
    this.group = group;
    this.storedAtMs = storedAtMs;
    this.storedAt = storedAt;
    this.lastUsedMs = storedAtMs;
    this.lastUsed = storedAt;
  }

  /** Ids it serves (sorted), null when unknown. */
  public long[] ids() {
    return ids;
  }

  /** Group of the query that stored it, null when unknown. */
  public Long group() {
    return group;
  }

  public long bytes() {
    return bytes;
  }
}
