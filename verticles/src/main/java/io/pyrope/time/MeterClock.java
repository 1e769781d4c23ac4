package io.pyrope.time;

import io.micrometer.core.instrument.Clock;

/**
 * Micrometer's clock with a coarse wall time: every timer and histogram record asks
 * {@link #wallTime()} whether its decay window must rotate (twice per timer record), a question a
 * millisecond-old answer settles as well. {@link #monotonicTime()} stays precise, for timer
 * samples that measure durations.
 */
public final class MeterClock implements Clock {
  public static final MeterClock INSTANCE = new MeterClock();

  private MeterClock() {}

  @Override
  public long wallTime() {
    return CoarseClock.currentTimeMillis();
  }

  @Override
  public long monotonicTime() {
    return System.nanoTime();
  }
}
