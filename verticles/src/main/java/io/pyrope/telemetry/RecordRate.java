package io.pyrope.telemetry;

import io.pyrope.time.CoarseClock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lock-free cap on records per second, by the generic cell rate algorithm: one "theoretical
 * arrival time" moves forward by {@code 1 s / rate} per record accepted, and a record is refused
 * when that time is more than the burst tolerance ahead of now.
 *
 * <p>Why the telemetry needs it: encoding and sending a query-log record costs a few microseconds
 * of the drain thread, so at hundreds of thousands of cache hits per second the drain thread alone
 * would take a core from the event loops on a small machine — and still drop most records when its
 * queue filled. Shedding at the door costs a compare-and-set; what is shed is counted as dropped.
 *
 * <p>Threading: {@link #tryAcquire} is called from any thread; a lost race retries.
 */
final class RecordRate {
  /** How far ahead of now the schedule may run: a burst of {@code rate / 10} records passes. */
  static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final long intervalNanos; // 0: unlimited
  private final AtomicLong theoreticalArrival = new AtomicLong(Long.MIN_VALUE / 2);

  /** @param perSecond records per second; 0 means no cap */
  RecordRate(long perSecond) {
    if (perSecond < 0) {
      throw new IllegalArgumentException("records per second must be >= 0, got " + perSecond);
    }
    this.intervalNanos = perSecond == 0 ? 0 : Math.max(1, TimeUnit.SECONDS.toNanos(1) / perSecond);
  }

  /** Whether a record may pass now; allocation-free. */
  boolean tryAcquire() {
    if (intervalNanos == 0) {
      return true;
    }
    long now = CoarseClock.nanoTime(); // a tick late at most: well inside the burst tolerance
    while (true) {
      long tat = theoreticalArrival.get();
      long base = Math.max(tat, now);
      if (base - now > BURST_NANOS) {
        return false;
      }
      if (theoreticalArrival.compareAndSet(tat, base + intervalNanos)) {
        return true;
      }
    }
  }
}
