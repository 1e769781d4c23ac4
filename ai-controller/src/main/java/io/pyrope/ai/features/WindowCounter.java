package io.pyrope.ai.features;

/**
 * Events counted over a sliding window, in {@code buckets} buckets of {@code bucketMs}: a count is
 * exact to one bucket at the window's old edge. Time is the events' own (epoch ms), so a replay of
 * old records counts the same as the live stream did. Events older than the window at arrival are
 * ignored; events may arrive out of order within it (the log topics have several partitions).
 *
 * <p>Not thread-safe: owned by {@link FeatureStore}, which serializes access.
 */
final class WindowCounter {
  private final long bucketMs;  // width of one bucket
  private final int[] counts;   // counts[b % n] holds absolute bucket b, for b in (head - n, head]
  private long head = Long.MIN_VALUE;  // newest absolute bucket seen; MIN_VALUE before the first event

  WindowCounter(long windowMs, int buckets) {
    if (buckets < 1 || windowMs < buckets) {
      throw new IllegalArgumentException("window " + windowMs + " ms cannot hold " + buckets + " buckets");
    }
    this.bucketMs = (windowMs + buckets - 1) / buckets;
    this.counts = new int[buckets];
  }

  void add(long timeMs) {
    long b = Math.floorDiv(timeMs, bucketMs);
    int n = counts.length;
    if (head == Long.MIN_VALUE) {
      head = b;
    } else if (b > head) {
      long clear = Math.min(b - head, n);
      for (long i = 1; i <= clear; i++) {
        counts[(int) Math.floorMod(head + i, (long) n)] = 0;
      }
      head = b;
    } else if (b <= head - n) {
      return; // older than the window
    }
    int slot = (int) Math.floorMod(b, (long) n);
    if (counts[slot] < Integer.MAX_VALUE) {
      counts[slot]++;
    }
  }

  /** Events in the window that ends at {@code nowMs}. */
  long count(long nowMs) {
    if (head == Long.MIN_VALUE) {
      return 0;
    }
    int n = counts.length;
    long nowBucket = Math.floorDiv(nowMs, bucketMs);
    long from = Math.max(nowBucket - n + 1, head - n + 1);
    long to = Math.min(nowBucket, head);
    long sum = 0;
    for (long b = from; b <= to; b++) {
      sum += counts[(int) Math.floorMod(b, (long) n)];
    }
    return sum;
  }

  /** The window's length as counted: buckets × bucket width (≥ the asked window). */
  long spanMs() {
    return bucketMs * counts.length;
  }
}
