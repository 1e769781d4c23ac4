package io.pyrope.engine.impl;

/**
 * The segments a search reads, published as one immutable pair so that a search never sees a
 * new tail with an old head (or the reverse) while a rebuild swaps them.
 *
 * @param tail the immutable tail built from the configured factory, or null (none built yet,
 *     or a Flat index, whose head serves everything)
 * @param head the mutable Flat head that takes writes
 */
public record View(Segment tail, Segment head) {

  /** Total published rows, dead ones included. */
  public int rows() {
    return head.size() + (tail == null ? 0 : tail.size());
  }

  /** Total masked rows. */
  public int deadRows() {
    return head.deadCount() + (tail == null ? 0 : tail.deadCount());
  }
}
