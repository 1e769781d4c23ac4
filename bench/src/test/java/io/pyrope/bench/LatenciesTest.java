package io.pyrope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void nearestRankOnOneToHundred() {
    Latencies l = new Latencies();
    for (int v = 100; v >= 1; v--) { // unsorted on purpose
      l.record(v);
    }
    Latencies.Summary s = l.summarize();
    assertEquals(100, s.count());
    assertEquals(50, s.p50());
    assertEquals(95, s.p95());
    assertEquals(99, s.p99());
    assertEquals(1, s.min());
    assertEquals(100, s.max());
    assertEquals(50.5, s.mean(), 1e-9);
  }

  @Test
  void handCheckedSmallCase() {
    // Sorted: 10 20 30 40 1000. p50: rank ceil(2.5)=3 -> 30; p95: ceil(4.75)=5 -> 1000;
    // p99: ceil(4.95)=5 -> 1000; mean (10+20+30+40+1000)/5 = 220.
    Latencies a = new Latencies();
    a.record(40);
    a.record(1000);
    Latencies b = new Latencies();
    b.record(10);
    b.record(30);
    b.record(20);
    a.merge(b);
    Latencies.Summary s = a.summarize();
    assertEquals(5, s.count());
    assertEquals(30, s.p50());
    assertEquals(1000, s.p95());
    assertEquals(1000, s.p99());
    assertEquals(220.0, s.mean(), 1e-9);
    assertEquals(10, s.min());
  }

  @Test
  void percentileBoundaries() {
    long[] one = {7};
    assertEquals(7, Latencies.percentile(one, 1));
    assertEquals(7, Latencies.percentile(one, 100));
    long[] four = {1, 2, 3, 4};
    assertEquals(2, Latencies.percentile(four, 50));   // ceil(2.0) = 2
    assertEquals(3, Latencies.percentile(four, 50.1)); // ceil(2.004) = 3
    assertThrows(IllegalArgumentException.class, () -> Latencies.percentile(four, 0));
    assertThrows(IllegalArgumentException.class, () -> Latencies.percentile(new long[0], 50));
    assertEquals(0, new Latencies().summarize().count());
  }

  @Test
  void growsPastItsInitialCapacity() {
    Latencies l = new Latencies();
    for (int i = 0; i < 5000; i++) {
      l.record(i);
    }
    assertEquals(4999, l.summarize().max());
    assertEquals(2499, l.summarize().p50()); // rank 2500 of 0..4999
  }

  @Test
  void medianOfOddAndEvenCountsAndOfNothing() {
    assertEquals(3.0, Latencies.median(new double[] {5, 1, 3}));
    assertEquals(2.5, Latencies.median(new double[] {4, 1, 3, 2}));
    assertTrue(Double.isNaN(Latencies.median(new double[0])));
    double[] unsorted = {9, 1, 5};
    Latencies.median(unsorted);
    assertEquals(9, unsorted[0], "the caller's array is left as it was");
  }
}
