package io.pyrope.engine.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** Keeps the {@code k} best candidates offered, in O(log k) per offer. Not thread-safe. */
final class TopK {
  private final int k;
  private final Comparator<Candidate> bestFirst;
  private final PriorityQueue<Candidate> heap; // worst of the kept at the head

  TopK(int k, Comparator<Candidate> bestFirst) {
    this.k = k;
    this.bestFirst = bestFirst;
    this.heap = new PriorityQueue<>(Math.min(k, 1024) + 1, bestFirst.reversed());
  }

  void offer(Candidate c) {
    if (heap.size() < k) {
      heap.add(c);
    } else if (bestFirst.compare(c, heap.peek()) < 0) {
      heap.poll();
      heap.add(c);
    }
  }

  /** The kept candidates, best first. */
  List<Candidate> sorted() {
    List<Candidate> out = new ArrayList<>(heap);
    out.sort(bestFirst);
    return out;
  }
}
