package io.pyrope.ai.sim;

import java.io.PrintStream;

/**
 * Progress lines for long work: at most one line every {@link #INTERVAL_NANOS}, nothing at all
 * for work that finishes sooner, so short runs stay quiet. Checking the clock costs a
 * {@code System.nanoTime()} every {@link #CHECK_EVERY} steps only.
 *
 * <p>Not thread-safe: one instance per loop.
 */
public final class Progress {
  /** Least time between two lines (3 s). */
  public static final long INTERVAL_NANOS = 3_000_000_000L;
  /** Steps between two looks at the clock. */
  public static final int CHECK_EVERY = 1 << 14;

  private final PrintStream out;
  private long next;

  /** Lines go to {@code out}; null for none (tests, --quiet callers). */
  public Progress(PrintStream out) {
    this.out = out;
    this.next = System.nanoTime() + INTERVAL_NANOS;
  }

  /**
   * Called once per step: true when a line is due (then call {@link #print}). Cheap enough for
   * every record of a replay, and allocates nothing.
   */
  public boolean due(long done) {
    if (out == null || (done & (CHECK_EVERY - 1)) != 0) {
      return false;
    }
    long now = System.nanoTime();
    if (now < next) {
      return false;
    }
    next = now + INTERVAL_NANOS;
    return true;
  }

  /** Prints one progress line. */
  public void print(String line) {
    if (out != null) {
      out.println("simulate: " + line);
      out.flush();
    }
  }
}
