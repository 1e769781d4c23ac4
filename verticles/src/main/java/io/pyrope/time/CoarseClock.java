package io.pyrope.time;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock read from a field, advanced by one daemon thread every {@link #TICK_NANOS}: for the hot
 * path's many "what time is it, roughly" questions (cache TTLs and recency, the query log's rate
 * cap, Micrometer's window rotation, a client's last-command time).
 *
 * <p>Why: on this project's machines (KVM guests) one {@code clock_gettime} through the vDSO costs
 * ~20 ns, and a cache hit asked the clock about 15 times; a profile of a hit flood showed 19% of
 * the node's CPU inside {@code __vdso_clock_gettime}. Redis does the same (it caches the time
 * once per event-loop iteration and keeps a coarse LRU clock).
 *
 * <p>What it is not for: measuring latencies (use {@link System#nanoTime()}), or anything that
 * needs sub-millisecond order. Both values are at most about one tick behind the real clocks, and
 * {@link #nanoTime()} never goes backwards.
 */
public final class CoarseClock {
  /** How often the clock advances. */
  public static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private static volatile long nanos = System.nanoTime();
  private static volatile long millis = System.currentTimeMillis();

  static {
    Thread ticker = new Thread(CoarseClock::tick, "pyrope-coarse-clock");
    ticker.setDaemon(true);
    ticker.start();
  }

  private CoarseClock() {}

  /** {@link System#nanoTime()} as of the last tick. */
  public static long nanoTime() {
    return nanos;
  }

  /** {@link System#currentTimeMillis()} as of the last tick. */
  public static long currentTimeMillis() {
    return millis;
  }

  private static void tick() {
    while (true) {
      LockSupport.parkNanos(TICK_NANOS);
      nanos = System.nanoTime();
      millis = System.currentTimeMillis();
    }
  }
}
