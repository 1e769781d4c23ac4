package io.pyrope.ai.sim;

/**
 * An intrusive doubly linked list of entries with a byte total: O(1) push at the head, removal
 * of any member (an invalidation hits entries in the middle), and a look at the tail. An entry
 * is in at most one list at a time.
 */
final class EntryList {
  private Entry head;
  private Entry tail;
  private long bytes;
  private int size;

  void pushHead(Entry e) {
    if (e.list != null) {
      throw new IllegalStateException("entry already in a list");
    }
    e.list = this;
    e.prev = null;
    e.next = head;
    if (head != null) {
      head.prev = e;
    }
    head = e;
    if (tail == null) {
      tail = e;
    }
    bytes += e.bytes;
    size++;
  }

  void remove(Entry e) {
    if (e.list != this) {
      throw new IllegalStateException("entry not in this list");
    }
    if (e.prev != null) {
      e.prev.next = e.next;
    } else {
      head = e.next;
    }
    if (e.next != null) {
      e.next.prev = e.prev;
    } else {
      tail = e.prev;
    }
    e.prev = e.next = null;
    e.list = null;
    bytes -= e.bytes;
    size--;
  }

  /** Moves a member to the head (most recent). */
  void moveToHead(Entry e) {
    remove(e);
    pushHead(e);
  }

  /** The oldest member, null when empty. */
  Entry tail() {
    return tail;
  }

  /** The newest member, null when empty. */
  Entry head() {
    return head;
  }

  long bytes() {
    return bytes;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }
}
