package io.pyrope.ai.sim;

/** Least recently used: a hit moves the entry to the head; the tail goes first. */
public class LruPolicy extends AbstractPolicy {
  protected final EntryList order = new EntryList();

  public LruPolicy(Trace trace, long capacityBytes) {
    super(trace, capacityBytes);
  }

  @Override
  public String name() {
    return "lru";
  }

  @Override
  protected void evictOne(int i) {
    evict(order.tail());
  }

  @Override
  protected void onHit(Entry e, int i) {
    order.moveToHead(e);
  }

  @Override
  protected void onInsert(Entry e, int i) {
    order.pushHead(e);
  }

  @Override
  protected void onRemove(Entry e) {
    order.remove(e);
  }
}
