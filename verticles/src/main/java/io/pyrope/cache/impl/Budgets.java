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
 *
 * <p>A refused reservation is remembered as a demand on each counter that had no room for it
 * (the largest since the last eviction pass), so that the pass makes room for it even when the
 * counter is below the high watermark (issue #6: otherwise an entry bigger than the headroom
 * is refused for ever).
 */
final class Budgets {
  final AtomicLong nodeUsed = new AtomicLong(); // all tenants
  final AtomicLong nodeRefused = new AtomicLong(); // largest admission the node budget refused since the last pass
  private final long nodeLimit;                 // cache.max-bytes

  Budgets(long nodeLimit) {
    this.nodeLimit = nodeLimit;
  }

  long nodeLimit() {
    return nodeLimit;
  }

  /**
   * Reserves {@code bytes} for {@code t} within both limits, or changes nothing, records the
   * demand on every budget that lacked room, and returns false.
   */
  boolean tryReserve(TenantUsage t, long bytes, long tenantLimit) {
    if (!add(t.used, bytes, tenantLimit)) {
      t.refused.accumulateAndGet(bytes, Math::max);
      if (nodeUsed.get() + bytes > nodeLimit) {
        nodeRefused.accumulateAndGet(bytes, Math::max);
      }
      return false;
    }
    if (!add(nodeUsed, bytes, nodeLimit)) {
      t.used.addAndGet(-bytes);
      nodeRefused.accumulateAndGet(bytes, Math::max);
      return false;
    }
    return true;
  }

  /**
   * The usage an eviction pass must bring a counter down to, or {@code Long.MAX_VALUE} to leave
   * it alone: the low watermark when above the high one, and room for {@code refused} bytes when
   * an admission that size was refused (if it is at most {@link ResultCache#MAX_MAKE_ROOM_FRACTION}
   * of the limit); the lower of the two when both apply.
   */
  static long evictionTarget(long used, long limit, long refused) {
    long target = Long.MAX_VALUE;
    if (used > limit * ResultCache.HIGH_WATERMARK) {
      target = (long) (limit * ResultCache.LOW_WATERMARK);
    }
    if (refused > 0 && refused <= limit * ResultCache.MAX_MAKE_ROOM_FRACTION && used + refused > limit) {
      target = Math.min(target, limit - refused);
    }
    return target;
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
