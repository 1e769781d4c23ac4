package io.pyrope.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line on stderr that rewrites itself ({@code \r}) at most every
 * {@link #INTERVAL_NANOS}: {@code loading 12000/50000 (24%) 8123/s}. Silent when stderr is not
 * a terminal (the launcher tells us through {@code -Dpyrope.bench.tty=true}), so logs and CI
 * output stay clean. Thread-safe: any client thread may call {@link #update}.
 */
public final class Progress {
  /** Minimum time between two redraws. */
  static final long INTERVAL_NANOS = 200_000_000L;
  /** Set by the launcher when stderr is a terminal. */
  static final String TTY_PROPERTY = "pyrope.bench.tty";

  private final String label;        // what is progressing
  private final long total;          // units when done; <= 0 when unknown
  private final boolean enabled;     // draw at all
  private final PrintStream err;
  private final long start = System.nanoTime();
  private long lastDraw;             // guarded by this
  private boolean drawn;             // guarded by this: a line is on screen

  private Progress(String label, long total, boolean enabled, PrintStream err) {
    this.label = label;
    this.total = total;
    this.enabled = enabled;
    this.err = err;
  }

  /** A progress line if stderr is a terminal and {@code quiet} is false, else a no-op. */
  public static Progress start(String label, long total, boolean quiet) {
    return new Progress(label, total, !quiet && isTerminal(), System.err);
  }

  static boolean isTerminal() {
    return Boolean.getBoolean(TTY_PROPERTY);
  }

  public void update(long done) {
    if (!enabled) {
      return;
    }
    synchronized (this) {
      long now = System.nanoTime();
      if (drawn && now - lastDraw < INTERVAL_NANOS) {
        return;
      }
      lastDraw = now;
      drawn = true;
      double secs = Math.max(1e-9, (now - start) / 1e9);
      String pct = total > 0 ? String.format(Locale.ROOT, " (%d%%)", done * 100 / total) : "";
      err.print(String.format(Locale.ROOT, "\r%s %d%s%s %.0f/s   ", label, done, total > 0 ? "/" + total : "", pct,
          done / secs));
      err.flush();
    }
  }

  /** Clears the line. */
  public synchronized void done() {
    if (enabled && drawn) {
      err.print("\r" + " ".repeat(Math.min(120, label.length() + 48)) + "\r");
      err.flush();
      drawn = false;
    }
  }
}
