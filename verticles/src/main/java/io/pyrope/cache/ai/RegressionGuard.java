package io.pyrope.cache.ai;

/**
 * The regression half of the guardrail: measures the table in force in guard windows and judges
 * a new table against the one before it. It knows nothing of tables, only of tenures: one
 * starts at every swap ({@link #newTenure}); a probation ({@link #probation}) starts with the swap
 * of an AI table and ends with a {@link Verdict}.
 *
 * <p>The previous table is measured over its last one to two windows before the swap (or its
 * whole tenure, if shorter): {@link #rotate} moves the window start every
 * {@code ai.guard-window-ms} and keeps the one before. The new table is measured from its swap
 * until it has served a window and {@code ai.guard-min-lookups} lookups.
 *
 * <p>Threading: not thread-safe; owned by {@link PolicyControl}, used under its lock.
 */
final class RegressionGuard {
  /** What the guard says about a table on probation. */
  enum Verdict {
    /** Not yet: the window has not passed, or too few lookups. */
    WAIT,
    /** Kept: no worse than the previous table, or nothing to compare it with. */
    KEEP,
    /** Worse than the previous table by more than the margins: revert. */
    REGRESSED
  }

  private final SearchStats stats;
  private final AiSettings settings;
  private SearchStats.Sample tenureStart;   // at the last swap
  private SearchStats.Sample windowStart;   // of the current window
  private SearchStats.Sample olderWindow;   // start of the window before it; null: none in this tenure
  private long windowStartMillis;
  private SearchStats.Window previous;      // the previous table's measure; null: no probation
  private long probationStartMillis;
  private SearchStats.Window last;          // the new table's measure at the last verdict (for logs)
  private SearchStats.Window lastPrevious;  // the previous table's at the last verdict; null: nothing to compare

  RegressionGuard(SearchStats stats, AiSettings settings, long now) {
    this.stats = stats;
    this.settings = settings;
    newTenure(now);
  }

  /** A table was swapped in: measuring starts over, and no probation runs. */
  void newTenure(long now) {
    SearchStats.Sample s = stats.sample();
    tenureStart = s;
    windowStart = s;
    olderWindow = null;
    windowStartMillis = now;
    previous = null;
  }

  /** An AI table is about to be swapped in: measures the table in force, then starts its tenure on probation. */
  void probation(long now) {
    SearchStats.Sample base = olderWindow != null ? olderWindow : tenureStart;
    SearchStats.Window before = SearchStats.between(base, stats.sample());
    newTenure(now);
    previous = before;
    probationStartMillis = now;
  }

  boolean onProbation() {
    return previous != null;
  }

  /** Moves the window on every ai.guard-window-ms. */
  void rotate(long now) {
    if (now - windowStartMillis >= settings.guardWindowMillis()) {
      olderWindow = windowStart;
      windowStart = stats.sample();
      windowStartMillis = now;
    }
  }

  /** The verdict on the table on probation; KEEP and REGRESSED end the probation. */
  Verdict judge(long now) {
    if (previous == null || now - probationStartMillis < settings.guardWindowMillis()) {
      return Verdict.WAIT;
    }
    SearchStats.Window w = SearchStats.between(tenureStart, stats.sample());
    if (w.lookups() < settings.guardMinLookups()) {
      return Verdict.WAIT;
    }
    SearchStats.Window prev = previous;
    previous = null; // judged once
    last = w;
    lastPrevious = prev.lookups() < settings.guardMinLookups() ? null : prev;
    if (lastPrevious == null) {
      return Verdict.KEEP; // nothing to compare with
    }
    boolean hitDrop = w.hitRate() < prev.hitRate() - settings.guardHitMargin();
    boolean slower = w.p99Nanos() > prev.p99Nanos() * settings.guardP99Ratio();
    return hitDrop || slower ? Verdict.REGRESSED : Verdict.KEEP;
  }

  /** The new table's measure at the last verdict. */
  SearchStats.Window lastMeasure() {
    return last;
  }

  /** The previous table's measure at the last verdict, or null when there was nothing to compare with. */
  SearchStats.Window lastBaseline() {
    return lastPrevious;
  }
}
