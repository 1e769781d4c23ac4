package io.pyrope.cache.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pyrope.cache.ai.RegressionGuard.Verdict;
import io.pyrope.cache.impl.IndexMeters;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The regression guard's verdicts, on a real Prometheus registry fed search timings as the search
 * path records them, with the clock passed in by hand (1 s window, 100 lookups, 5 points of hit
 * rate, p99 ratio 2).
 */
class RegressionGuardTest {
  private static final long WINDOW = 1000;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AiSettings settings = new AiSettings(true, "pyrope.policy", 60_000, WINDOW, 100, 0.05, 2.0,
      PolicyMode.STATIC);
  private final Timer hits = timer(IndexMeters.HIT);
  private final Timer misses = timer(IndexMeters.MISS);

  private Timer timer(String hitStatus) {
    return IndexMeters.latencyTimer(registry, "t", "i", hitStatus);
  }

  private static void record(Timer t, int n, long micros) {
    for (int i = 0; i < n; i++) {
      t.record(micros, TimeUnit.MICROSECONDS);
    }
  }

  @Test
  void aHitRateDropBeyondTheMarginIsARegressionOnceTheWindowAndLookupsAreThere() {
    RegressionGuard g = new RegressionGuard(new SearchStats(registry), settings, 0);
    record(hits, 180, 10); // the table in force: 90% hits
    record(misses, 20, 1_000);
    g.probation(5_000);
    assertTrue(g.onProbation());
    record(hits, 170, 10); // the new one: 85% so far
    record(misses, 30, 1_000);
    assertEquals(Verdict.WAIT, g.judge(5_000 + WINDOW - 1), "the window has not passed");
    assertEquals(Verdict.WAIT, new RegressionGuard(new SearchStats(registry), settings, 0).judge(10_000),
        "no probation, no verdict");
    record(misses, 10, 1_000); // 170 / 210 = 81%: more than 5 points below 90%
    assertEquals(Verdict.REGRESSED, g.judge(5_000 + WINDOW));
    assertFalse(g.onProbation(), "judged once");
    assertEquals(0.9, g.lastBaseline().hitRate(), 1e-9);
    assertEquals(170.0 / 210, g.lastMeasure().hitRate(), 1e-9);
    assertEquals(Verdict.WAIT, g.judge(10_000));
  }

  @Test
  void tooFewLookupsWaitAndASmallDropIsKept() {
    RegressionGuard g = new RegressionGuard(new SearchStats(registry), settings, 0);
    record(hits, 180, 10);
    record(misses, 20, 1_000);
    g.probation(0);
    record(hits, 80, 10);
    record(misses, 10, 1_000);
    assertEquals(Verdict.WAIT, g.judge(2 * WINDOW), "90 lookups: fewer than 100");
    record(hits, 8, 10);
    record(misses, 2, 1_000); // 88 / 100 = 88%: within 5 points of 90%, p99 the same bucket
    assertEquals(Verdict.KEEP, g.judge(2 * WINDOW));
  }

  @Test
  void aTableWithNothingBeforeItToCompareWithIsKept() {
    RegressionGuard g = new RegressionGuard(new SearchStats(registry), settings, 0);
    g.probation(0);
    record(misses, 200, 1_000); // 0% hits, but the table before served nothing
    assertEquals(Verdict.KEEP, g.judge(WINDOW));
    assertNull(g.lastBaseline());
  }

  @Test
  void aP99AboveTheRatioIsARegressionEvenAtTheSameHitRate() {
    RegressionGuard g = new RegressionGuard(new SearchStats(registry), settings, 0);
    record(hits, 100, 10);
    record(misses, 100, 1_000);
    g.probation(0);
    record(hits, 100, 10);
    record(misses, 100, 20_000); // same hit rate, misses 20× slower
    assertEquals(Verdict.REGRESSED, g.judge(WINDOW));
  }

  @Test
  void thePreviousTableIsMeasuredOverItsLastWindowsNotItsWholeTenure() {
    RegressionGuard g = new RegressionGuard(new SearchStats(registry), settings, 0);
    record(misses, 1000, 1_000); // long ago: all misses
    g.rotate(WINDOW);
    g.rotate(2 * WINDOW); // the window before the current one starts here
    record(hits, 200, 10); // lately: all hits
    g.probation(2 * WINDOW + 10);
    record(hits, 150, 10);
    record(misses, 50, 1_000); // 75%: fine against the whole tenure (~29%), a regression against 100%
    assertEquals(Verdict.REGRESSED, g.judge(3 * WINDOW + 10));
    assertEquals(1.0, g.lastBaseline().hitRate(), 1e-9);
  }
}
