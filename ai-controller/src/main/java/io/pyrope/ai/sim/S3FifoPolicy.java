package io.pyrope.ai.sim;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * S3-FIFO (Yang et al., "FIFO queues are all you need for cache eviction", SOSP 2023), sized in
 * bytes. Three FIFO queues:
 *
 * <ul>
 *   <li><b>small</b> S, a target of {@link #SMALL_SHARE} of the capacity: new keys land here;
 *   <li><b>main</b> M, the rest of the capacity;
 *   <li><b>ghost</b> G: keys only (no data, no bytes charged), the keys recently dropped from S,
 *       remembered up to M's capacity in the bytes they would occupy.
 * </ul>
 *
 * Each resident entry has a frequency counter capped at {@link #MAX_FREQ} (2 bits), +1 per hit;
 * a hit never moves anything (lazy promotion). Insert: a key found in G goes straight to M's
 * head (and leaves G), any other key to S's head. To make room: if S holds at least its target
 * bytes (or M is empty), take S's tail: seen at least {@link #PROMOTE_MIN_FREQ} times while in S →
 * move it to M's head (then, while M is above its share, evict from M), else drop it into G
 * (quick demotion: a one-hit wonder costs one pass through S and never touches M). Otherwise
 * evict from M: take M's tail; if its counter is above 0, decrement it and reinsert at M's head
 * (FIFO-reinsertion), else evict it.
 *
 * <p>Choices for the byte-sized variant, where the paper counts objects: the queue shares are in
 * bytes; S may hold an entry larger than its share (it simply triggers S-evictions next time);
 * the counter is kept when an entry moves from S to M, so hits earned in S buy it reinsertions in
 * M; an invalidated key leaves S/M but a key in G stays there (G remembers access history, not
 * data, and a write does not change how popular a key is). Promotion needs one hit while in S
 * (re-accessed before reaching S's tail, as the authors describe it); implementations differ on
 * this threshold, hence the named constant.
 */
public final class S3FifoPolicy extends AbstractPolicy {
  /** Share of the capacity (bytes) the small queue aims at: the paper's 10%. */
  public static final double SMALL_SHARE = 0.10;
  /** Frequency counter cap (2 bits in the paper). */
  public static final int MAX_FREQ = 3;
  /** Hits while in S needed to move to M instead of G: one re-use within S's window. */
  public static final int PROMOTE_MIN_FREQ = 1;

  private final EntryList small = new EntryList();
  private final EntryList main = new EntryList();
  /** Ghost: key id → bytes, oldest first. */
  private final LinkedHashMap<Integer, Long> ghost = new LinkedHashMap<>();
  private long ghostBytes;
  private final long smallTarget;
  private final long mainTarget;

  public S3FifoPolicy(Trace trace, long capacityBytes) {
    super(trace, capacityBytes);
    this.smallTarget = Math.max(1, (long) (capacityBytes * SMALL_SHARE));
    this.mainTarget = capacityBytes - smallTarget;
  }

  @Override
  public String name() {
    return "s3fifo";
  }

  /** Bytes in the small queue (tests). */
  long smallBytes() {
    return small.bytes();
  }

  /** Whether key id {@code key} is resident in the main queue (tests). */
  boolean inMain(int key) {
    Entry e = entryOf(key);
    return e != null && e.inMain;
  }

  /** Whether key id {@code key} is remembered in the ghost queue (tests). */
  boolean inGhost(int key) {
    return ghost.containsKey(key);
  }

  @Override
  protected void evictOne(int i) {
    if (!small.isEmpty() && (small.bytes() >= smallTarget || main.isEmpty())) {
      evictSmall();
    } else {
      evictMain();
    }
  }

  /** One step on S's tail: promote to M (which may evict from M) or demote to G. */
  private void evictSmall() {
    Entry t = small.tail();
    if (t.freq >= PROMOTE_MIN_FREQ) {
      small.remove(t);
      t.inMain = true;
      main.pushHead(t);
      while (main.bytes() > mainTarget && main.size() > 1) {
        evictMain();
      }
      return;
    }
    evict(t);
    ghost.put(t.key, t.bytes);
    ghostBytes += t.bytes;
    Iterator<Map.Entry<Integer, Long>> it = ghost.entrySet().iterator();
    while (ghostBytes > mainTarget && it.hasNext()) {
      ghostBytes -= it.next().getValue();
      it.remove();
    }
  }

  /** Evicts one entry of M, giving entries with hits another round first. */
  private void evictMain() {
    while (true) {
      Entry t = main.tail();
      if (t.freq > 0) {
        t.freq--;
        main.moveToHead(t);
      } else {
        evict(t);
        return;
      }
    }
  }

  @Override
  protected void onHit(Entry e, int i) {
    if (e.freq < MAX_FREQ) {
      e.freq++;
    }
  }

  @Override
  protected void onInsert(Entry e, int i) {
    e.freq = 0;
    Long ghosted = ghost.remove(e.key);
    if (ghosted != null) {
      ghostBytes -= ghosted;
      e.inMain = true;
      main.pushHead(e);
    } else {
      small.pushHead(e);
    }
  }

  @Override
  protected void onRemove(Entry e) {
    (e.inMain ? main : small).remove(e);
  }
}
