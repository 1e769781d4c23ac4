package io.pyrope.ai.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Belady's offline policy (MIN): it knows the future ({@link Trace#nextUse}) and evicts the
 * entry whose next use is farthest away.
 *
 * <p><b>Bypass</b> (the default, and what {@code belady} runs): a miss is not stored when its own
 * next use is farther than that of every entry it would displace: an item never used again is
 * never admitted, and with equal sizes this is the exact optimum of hits for the capacity (the
 * classic result, MIN with the option not to cache). Without bypass ("demand" mode, the textbook
 * page-replacement setting) every miss is stored and the farthest other entries go; tests check
 * the textbook sequences in that mode.
 *
 * <p><b>Sizes.</b> With variable sizes the offline optimum is NP-hard (it contains knapsack); this
 * is the standard size-aware heuristic: free room by evicting farthest-next-use first (only
 * entries used later than the new one, in bypass mode; if they cannot free enough room the new
 * one is not stored and nothing is evicted). It is an upper-bound approximation, exact only when
 * all sizes are equal. An entry whose next use is invalidated by a write first counts as never
 * used again.
 */
public final class BeladyPolicy extends AbstractPolicy {
  /** Farthest next use first; key id breaks ties so the order is total and deterministic. */
  private static final Comparator<Entry> FARTHEST_FIRST = Comparator.<Entry>comparingInt(e -> e.nextUse).reversed()
      .thenComparingInt(e -> e.key);

  private final boolean bypass;
  private final TreeSet<Entry> order = new TreeSet<>(FARTHEST_FIRST);

  /** Belady with bypass: the upper bound the simulator reports. */
  public BeladyPolicy(Trace trace, long capacityBytes) {
    this(trace, capacityBytes, true);
  }

  public BeladyPolicy(Trace trace, long capacityBytes, boolean bypass) {
    super(trace, capacityBytes);
    this.bypass = bypass;
  }

  @Override
  public String name() {
    return "belady";
  }

  @Override
  protected boolean prepare(Entry e, int i) {
    e.nextUse = trace.nextUse(i);
    return !bypass || e.nextUse != Trace.NEVER;
  }

  @Override
  protected boolean makeRoom(Entry e, int i) {
    long need = used + e.bytes - capacity;
    if (need <= 0) {
      return true;
    }
    if (!bypass) {
      while (used + e.bytes > capacity) {
        evict(order.first());
      }
      return true;
    }
    List<Entry> victims = new ArrayList<>();
    long freed = 0;
    for (Entry v : order) {
      if (freed >= need || v.nextUse <= e.nextUse) {
        break;
      }
      victims.add(v);
      freed += v.bytes;
    }
    if (freed < need) {
      return false;
    }
    victims.forEach(this::evict);
    return true;
  }

  @Override
  protected void evictOne(int i) {
    evict(order.first());
  }

  @Override
  protected void onHit(Entry e, int i) {
    order.remove(e);
    e.nextUse = trace.nextUse(i);
    order.add(e);
  }

  @Override
  protected void onInsert(Entry e, int i) {
    order.add(e);
  }

  @Override
  protected void onRemove(Entry e) {
    order.remove(e);
  }
}
