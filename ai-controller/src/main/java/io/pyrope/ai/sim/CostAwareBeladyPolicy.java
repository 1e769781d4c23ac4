package io.pyrope.ai.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Belady, cost-aware: it knows the future and keeps what saves the most proxy cost per byte per
 * unit of waiting. The value of keeping an entry at position {@code now} is
 *
 * <pre>
 *   value = cost_of_next_use / (bytes × (next_use − now))
 * </pre>
 *
 * (cost of the search it will serve next, per byte it occupies, per record it must wait) and the
 * lowest value goes first. An item with no future use is never admitted; a new item is stored only
 * if evicting entries of lower value than its own frees enough room (else nothing is evicted).
 *
 * <p>A heuristic, not an optimum (the cost-weighted, size-aware problem is NP-hard as well); it
 * aims at saved cost rather than hit count, so its hit ratio may be below {@code belady}'s.
 * Values move with {@code now}, and two entries' order can change over time, so each admission
 * that needs room scans the resident entries: O(entries) per such admission.
 */
public final class CostAwareBeladyPolicy extends AbstractPolicy {
  private final EntryList resident = new EntryList();

  public CostAwareBeladyPolicy(Trace trace, long capacityBytes) {
    super(trace, capacityBytes);
  }

  @Override
  public String name() {
    return "belady-cost";
  }

  @Override
  protected boolean prepare(Entry e, int i) {
    e.nextUse = trace.nextUse(i);
    return e.nextUse != Trace.NEVER;
  }

  /** Value of keeping {@code e} at position {@code now}; 0 when it is never used again. */
  private double value(Entry e, int now) {
    if (e.nextUse == Trace.NEVER) {
      return 0;
    }
    long nextCost = trace.record(e.nextUse).cost();
    return (double) Math.max(1, nextCost) / ((double) e.bytes * Math.max(1, e.nextUse - now));
  }

  @Override
  protected boolean makeRoom(Entry e, int i) {
    long need = used + e.bytes - capacity;
    if (need <= 0) {
      return true;
    }
    double own = value(e, i);
    List<Entry> candidates = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (Entry v = resident.head(); v != null; v = v.next) {
      double val = value(v, i);
      if (val < own) {
        candidates.add(v);
        values.add(val);
      }
    }
    Integer[] idx = new Integer[candidates.size()];
    for (int k = 0; k < idx.length; k++) {
      idx[k] = k;
    }
    java.util.Arrays.sort(idx, (a, b) -> {
      int c = Double.compare(values.get(a), values.get(b));
      return c != 0 ? c : Integer.compare(candidates.get(a).key, candidates.get(b).key);
    });
    long freed = 0;
    int take = 0;
    while (take < idx.length && freed < need) {
      freed += candidates.get(idx[take++]).bytes;
    }
    if (freed < need) {
      return false;
    }
    for (int k = 0; k < take; k++) {
      evict(candidates.get(idx[k]));
    }
    return true;
  }

  @Override
  protected void evictOne(int i) {
    throw new IllegalStateException("makeRoom decides the victims");
  }

  @Override
  protected void onHit(Entry e, int i) {
    e.nextUse = trace.nextUse(i);
  }

  @Override
  protected void onInsert(Entry e, int i) {
    resident.pushHead(e);
  }

  @Override
  protected void onRemove(Entry e) {
    resident.remove(e);
  }
}
