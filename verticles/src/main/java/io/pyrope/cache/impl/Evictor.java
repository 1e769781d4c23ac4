package io.pyrope.cache.impl;

import io.pyrope.cache.policy.EvictionMode;
import io.pyrope.cache.policy.PolicyTable;
import io.pyrope.cache.policy.ValueScore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One maintenance pass over the cache: expired and stale entries go first (they can never be
 * served again), then, for every tenant above its high watermark and for the node above its
 * own, entries in the policy's order (lowest value score, or least recently used) until the
 * budget is at its low watermark. A budget that refused an admission since the last pass also
 * gets room for that admission, whatever its usage ({@link Budgets#evictionTarget}): the
 * lowest-value entries of that tenant (or of the node) go until the refused entry would fit.
 *
 * <p><b>Threading.</b> A pass is confined to the thread that runs it (the cache verticle's
 * worker, one pass at a time); the cache's other users keep reading and storing meanwhile. The
 * entries it snapshots may be served, replaced or removed concurrently; removal is by
 * {@link ResultCache#remove}, which only succeeds for an entry still stored, so nothing is
 * released twice. Cost: O(n log n) in the entries of the budgets being cut; never on an event loop.
 */
public final class Evictor {
  /** What a pass removed, by reason. */
  public record Report(int expired, int stale, int budget) {}

  private final ResultCache cache;
  private final PolicyTable table;
  private final long now;

  Evictor(ResultCache cache, PolicyTable table, long now) {
    this.cache = cache;
    this.table = table;
    this.now = now;
  }

  Report run() {
    int expired = 0;
    int stale = 0;
    List<CacheEntry> all = new ArrayList<>();
    for (IndexShard s : cache.shards()) {
      long epoch = s.vectorIndex.epoch();
      for (CacheEntry e : s.l0.values()) {
        int r = sweep(e, epoch, all);
        expired += r == 1 ? 1 : 0;
        stale += r == 2 ? 1 : 0;
      }
      for (CacheEntry e : s.l1.values()) {
        int r = sweep(e, epoch, all);
        expired += r == 1 ? 1 : 0;
        stale += r == 2 ? 1 : 0;
      }
    }
    int budget = 0;
    Map<TenantUsage, Long> tenantTargets = new HashMap<>();
    for (TenantUsage u : cache.tenants().values()) {
      long target = Budgets.evictionTarget(u.used.get(), table.tenantBudget(u.tenant), u.refused.getAndSet(0));
      if (target != Long.MAX_VALUE) {
        tenantTargets.put(u, target);
      }
    }
    Budgets b = cache.budgets();
    long nodeTarget = Budgets.evictionTarget(b.nodeUsed.get(), b.nodeLimit(), b.nodeRefused.getAndSet(0));
    if (!tenantTargets.isEmpty() || nodeTarget != Long.MAX_VALUE) {
      CacheEntry[] ordered = order(all);
      for (Map.Entry<TenantUsage, Long> t : tenantTargets.entrySet()) {
        TenantUsage u = t.getKey();
        for (CacheEntry e : ordered) {
          if (u.used.get() <= t.getValue()) {
            break;
          }
          if (e.shard.usage == u && cache.remove(e, "budget")) {
            budget++;
          }
        }
      }
      for (CacheEntry e : ordered) {
        if (b.nodeUsed.get() <= nodeTarget) {
          break;
        }
        if (cache.remove(e, "budget")) {
          budget++;
        }
      }
    }
    return new Report(expired, stale, budget);
  }

  /** 1 removed as expired, 2 removed as stale, 0 kept (and added to the candidates). */
  private int sweep(CacheEntry e, long epoch, List<CacheEntry> candidates) {
    if (now >= e.expiresNanos) {
      return cache.remove(e, "expired") ? 1 : 0;
    }
    if (e.validEpoch != epoch) {
      return cache.remove(e, "stale") ? 2 : 0;
    }
    candidates.add(e);
    return 0;
  }

  /** The candidates, first to go first. */
  CacheEntry[] order(List<CacheEntry> entries) {
    CacheEntry[] arr = entries.toArray(new CacheEntry[0]);
    if (table.eviction() == EvictionMode.LRU) {
      Arrays.sort(arr, Comparator.comparingLong(e -> e.lastAccessNanos));
      return arr;
    }
    double[] score = new double[arr.length];
    Integer[] idx = new Integer[arr.length];
    for (int i = 0; i < arr.length; i++) {
      score[i] = score(arr[i], now);
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.comparingDouble(i -> score[i]));
    CacheEntry[] out = new CacheEntry[arr.length];
    for (int i = 0; i < arr.length; i++) {
      out[i] = arr[idx[i]];
    }
    return out;
  }

  /** The value score of an entry now. */
  public static double score(CacheEntry e, long now) {
    long ttl = e.expiresNanos == Long.MAX_VALUE ? 0 : e.expiresNanos - e.createdNanos;
    return ValueScore.of(e.served, e.proxyCost, e.priority, e.bytes, now - e.lastAccessNanos, now - e.createdNanos, ttl);
  }
}
