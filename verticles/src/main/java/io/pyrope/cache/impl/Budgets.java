package io.pyrope.cache.impl;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's and the tenants' byte budgets.
 *
 * <p><b>Invariant.</b> A counter is raised by compare-and-set only if the result stays within its
 * limit, and before the entry becomes visible; it is lowered after the entry left its map. So at
 * every instant {@code stored bytes ≤ counter ≤ limit} (for the limit in force when the bytes
 * were reserved: a lowered limit is restored by the next eviction). Lock-free; admissions on
 * every event loop reserve concurrently.
 */
final class Budgets {
  final AtomicLong nodeUsed = new AtomicLong(); // all tenants
  private final long nodeLimit;                 // cache.max-bytes

  Budgets(long nodeLimit) {
    this.nodeLimit = nodeLimit;
  }

  long nodeLimit() {
    return nodeLimit;
  }

  /** Reserves {@code bytes} for {@code t} within both limits, or changes nothing and returns false. */
  boolean tryReserve(TenantUsage t, long bytes, long tenantLimit) {
    if (!add(t.used, bytes, tenantLimit)) {
      return false;
    }
    if (!add(nodeUsed, bytes, nodeLimit)) {
      t.used.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  void release(TenantUsage t, long bytes) {
    t.used.addAndGet(-bytes);
    nodeUsed.addAndGet(-bytes);
  }

  private static boolean add(AtomicLong counter, long bytes, long limit) {
    while (true) {
      long cur = counter.get();
      if (cur + bytes > limit) {
        return false;
      }
      if (counter.compareAndSet(cur, cur + bytes)) {
        return true;
      }
    }
  }
}
