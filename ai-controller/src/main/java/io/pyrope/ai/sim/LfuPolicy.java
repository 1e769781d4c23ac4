package io.pyrope.ai.sim;

import java.util.Comparator;
import java.util.TreeSet;

/**
 * Least frequently used, ties broken by recency: the entry with the fewest uses since it was
 * admitted goes first (the admitting miss counts as one use, each hit adds one); among equal
 * counts the least recently used goes first. Counts are forgotten when an entry leaves (an
 * "in-cache" LFU: no history for absent keys), so a once-hot key that was evicted starts over.
 */
public final class LfuPolicy extends AbstractPolicy {
  private static final Comparator<Entry> ORDER = Comparator.<Entry>comparingInt(e -> e.freq)
      .thenComparingInt(e -> e.tick).thenComparingInt(e -> e.key);

  private final TreeSet<Entry> order = new TreeSet<>(ORDER);

  public LfuPolicy(Trace trace, long capacityBytes) {
    super(trace, capacityBytes);
  }

  @Override
  public String name() {
    return "lfu";
  }

  @Override
  protected void evictOne(int i) {
    evict(order.first());
  }

  @Override
  protected void onHit(Entry e, int i) {
    order.remove(e);
    e.freq++;
    e.tick = i;
    order.add(e);
  }

  @Override
  protected void onInsert(Entry e, int i) {
    e.freq = 1;
    e.tick = i;
    order.add(e);
  }

  @Override
  protected void onRemove(Entry e) {
    order.remove(e);
  }
}
