package io.pyrope.time;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 * <p>Idle: a thousand wake-ups a second were an idle node's largest CPU cost (~1.6% of a core), and
 * caching the time only pays when it is read often. So the ticker runs only while reads are
 * frequent: when fewer than {@link #BUSY_TICKS} of the last {@link #WINDOW_TICKS} ticks saw a read,
 * it stops ticking, reads take the real clocks (and are counted), and it looks every
 * {@link #IDLE_CHECK_NANOS} whether {@link #BUSY_READS} or more reads came in since; then it
 * stores the time and ticks again. A read is never staler than about one tick.
 *
 * <p>What it is not for: measuring latencies (use {@link System#nanoTime()}), or anything that
 * needs sub-millisecond order.
 */
public final class CoarseClock {
  /** How often the clock advances while it is in use. */
  public static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  /** Ticks over which the read rate is judged. */
  static final int WINDOW_TICKS = 100;
  /** Fewer ticks with a read than this in a window: the clock goes idle. */
  static final int BUSY_TICKS = 10;
  /** How often an idle ticker looks at the read count. */
  static final long IDLE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  /** Reads in one idle check that wake the ticker (1,000 a second). */
  static final long BUSY_READS = 100;

  private static volatile long nanos = System.nanoTime();
  private static volatile long millis = System.currentTimeMillis();
  /** Set by reads, cleared by each tick. */
  private static volatile boolean readSinceTick = true;
  /** The ticker is not ticking: reads take the real clocks. */
  private static volatile boolean idle;
  private static final LongAdder idleReads = new LongAdder();

  static {
    Thread ticker = new Thread(CoarseClock::tick, "pyrope-coarse-clock");
    ticker.setDaemon(true);
    ticker.start();
  }

  private CoarseClock() {}

  /** {@link System#nanoTime()} as of the last tick (the real one while the clock is idle). */
  public static long nanoTime() {
    if (idle) {
      idleReads.increment();
      return System.nanoTime();
    }
    markRead();
    return nanos;
  }

  /** {@link System#currentTimeMillis()} as of the last tick (the real one while the clock is idle). */
  public static long currentTimeMillis() {
    if (idle) {
      idleReads.increment();
      return System.currentTimeMillis();
    }
    markRead();
    return millis;
  }

  /** True while the ticker is not ticking (tests). */
  static boolean idle() {
    return idle;
  }

  private static void markRead() {
    if (!readSinceTick) { // one write per tick at most, not one per read
      readSinceTick = true;
    }
  }

  private static void tick() {
    int ticks = 0;
    int busyTicks = 0;
    while (true) {
      if (idle) {
        LockSupport.parkNanos(IDLE_CHECK_NANOS);
        if (idleReads.sumThenReset() >= BUSY_READS) {
          nanos = System.nanoTime(); // fresh values first, then readers may use them
          millis = System.currentTimeMillis();
          readSinceTick = false;
          ticks = 0;
          busyTicks = 0;
          idle = false;
        }
        continue;
      }
      LockSupport.parkNanos(TICK_NANOS);
      nanos = System.nanoTime();
      millis = System.currentTimeMillis();
      if (readSinceTick) {
        readSinceTick = false;
        busyTicks++;
      }
      if (++ticks == WINDOW_TICKS) {
        if (busyTicks < BUSY_TICKS) {
          idleReads.reset();
          idle = true; // reads take the real clocks from here on
        }
        ticks = 0;
        busyTicks = 0;
      }
    }
  }
}
