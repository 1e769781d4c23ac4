package io.pyrope.ai.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What all policies share: the key → entry slots, the per tenant/index membership that writes
 * invalidate, the byte count, the counters, and the admission skeleton (refuse what is larger
 * than the capacity, make room, insert). Subclasses decide the order: which entry goes, what a
 * hit changes, and whether to admit at all.
 */
abstract class AbstractPolicy implements CachePolicy {
  protected final Trace trace;
  protected final long capacity;
  /** Resident entry per key id, null when absent. */
  private final Entry[] byKey;
  /** Resident entries per scope id, created lazily. */
  private final List<Set<Entry>> byScope;
  protected long used;
  protected long evictions;
  protected long expirations;

  AbstractPolicy(Trace trace, long capacityBytes) {
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacityBytes);
    }
    this.trace = trace;
    this.capacity = capacityBytes;
    this.byKey = new Entry[trace.keys()];
    this.byScope = new ArrayList<>(trace.scopes());
    for (int s = 0; s < trace.scopes(); s++) {
      byScope.add(null);
    }
  }

  @Override
  public final long capacityBytes() {
    return capacity;
  }

  @Override
  public final long usedBytes() {
    return used;
  }

  @Override
  public final long evictions() {
    return evictions;
  }

  @Override
  public final long expirations() {
    return expirations;
  }

  @Override
  public final Entry lookup(int i) {
    Entry e = byKey[trace.keyId(i)];
    if (e == null) {
      return null;
    }
    long now = trace.record(i).timeMs();
    if (expired(e, now)) {
      remove(e);
      expirations++;
      return null;
    }
    e.hits++;
    e.lastUsedMs = now;
    e.lastUsed = i;
    onHit(e, i);
    return e;
  }

  @Override
  public final void admitAfterMiss(int i) {
    TraceRecord r = trace.record(i);
    if (r.bytes() > capacity || byKey[trace.keyId(i)] != null) {
      return;
    }
    Entry e = new Entry(trace.keyId(i), trace.scopeId(i), r.bytes(), r.cost(), r.resultIds(), r.group(), r.timeMs(), i);
    if (!prepare(e, i) || !makeRoom(e, i)) {
      return;
    }
    byKey[e.key] = e;
    Set<Entry> members = byScope.get(e.scope);
    if (members == null) {
      members = new HashSet<>();
      byScope.set(e.scope, members);
    }
    members.add(e);
    used += e.bytes;
    onInsert(e, i);
  }

  @Override
  public final void invalidate(int scopeId) {
    Set<Entry> members = byScope.get(scopeId);
    if (members == null || members.isEmpty()) {
      return;
    }
    for (Entry e : new ArrayList<>(members)) {
      remove(e);
    }
  }

  /** Admission: fill policy fields of a new entry; false to refuse it. Default: admit. */
  protected boolean prepare(Entry e, int i) {
    return true;
  }

  /** Frees room for {@code e}; false to refuse it (nothing need be evicted then). Default: evict until it fits. */
  protected boolean makeRoom(Entry e, int i) {
    while (used + e.bytes > capacity) {
      evictOne(i);
    }
    return true;
  }

  /** Frees at least one entry's worth of progress towards room (may only reorder, see S3-FIFO). */
  protected abstract void evictOne(int i);

  /** Whether {@code e} may no longer be served at {@code nowMs}. Default: never expires. */
  protected boolean expired(Entry e, long nowMs) {
    return false;
  }

  protected abstract void onHit(Entry e, int i);

  protected abstract void onInsert(Entry e, int i);

  /** Called after {@code e} left the slots: drop it from the policy's own structures. */
  protected abstract void onRemove(Entry e);

  /** Evicts {@code e} to make room (counted). */
  protected final void evict(Entry e) {
    remove(e);
    evictions++;
  }

  /** Removes {@code e} (not counted: invalidation or expiry callers count their own). */
  protected final void remove(Entry e) {
    byKey[e.key] = null;
    byScope.get(e.scope).remove(e);
    used -= e.bytes;
    onRemove(e);
  }

  /** The resident entry of key id {@code key}, or null (tests look inside with it). */
  final Entry entryOf(int key) {
    return byKey[key];
  }

  /** Whether {@code e} is still resident (not evicted, expired or invalidated). */
  protected final boolean resident(Entry e) {
    return byKey[e.key] == e;
  }
}
