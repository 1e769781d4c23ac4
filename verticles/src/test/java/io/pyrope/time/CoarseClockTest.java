package io.pyrope.time;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The coarse clock stays within about a tick of the real clocks, also right after it was idle. */
class CoarseClockTest {
  /** Slack over one tick for a reader descheduled between its two clock reads. */
  private static final long SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  @Test
  void readsStayWithinATickWhileInUse() {
    for (int i = 0; i < 2_000; i++) {
      assertClose(CoarseClock.nanoTime(), System.nanoTime());
      long wall = System.currentTimeMillis();
      long coarse = CoarseClock.currentTimeMillis();
      assertTrue(Math.abs(wall - coarse) <= TimeUnit.NANOSECONDS.toMillis(CoarseClock.TICK_NANOS + SLACK_NANOS),
          "coarse millis " + coarse + " vs " + wall);
    }
  }

  @Test
  void goesIdleWhenReadsAreSparseAndStaysFreshAcrossTheChange() {
    // Sparse reads (one per 50 ms): the ticker stops within a window (unless another test of this
    // JVM keeps reading often, in which case the clock simply keeps ticking).
    long since = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
      assertClose(CoarseClock.nanoTime(), System.nanoTime());
      return CoarseClock.idle() || System.nanoTime() - since > TimeUnit.SECONDS.toNanos(2);
    });
    // A flood of reads wakes it: every read on the way is within a tick of the real clock.
    long flood = System.nanoTime();
    while (System.nanoTime() - flood < TimeUnit.MILLISECONDS.toNanos(500)) {
      assertClose(CoarseClock.nanoTime(), System.nanoTime());
    }
    assertTrue(!CoarseClock.idle(), "a flood of reads makes the ticker tick again");
  }

  private static void assertClose(long coarse, long real) {
    assertTrue(real - coarse <= CoarseClock.TICK_NANOS + SLACK_NANOS && coarse - real <= SLACK_NANOS,
        "coarse " + coarse + " vs real " + real + ": " + (real - coarse) / 1000 + " us apart");
  }
}
