package io.pyrope.cache.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pyrope.cache.impl.IndexMeters;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The guardrail's measure on a real Prometheus registry with search timers laid out as
 * {@link IndexMeters} makes them: a window counts only what happened inside it, bypasses are not
 * lookups, the p99 is the bound of the bucket holding it, and timers of several indexes add up.
 */
class SearchStatsTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final SearchStats stats = new SearchStats(registry);

  private Timer timer(String index, String hitStatus) {
    return IndexMeters.latencyTimer(registry, "t", index, hitStatus);
  }

  private static void record(Timer t, int n, long micros) {
    for (int i = 0; i < n; i++) {
      t.record(micros, TimeUnit.MICROSECONDS);
    }
  }

  @Test
  void aWindowCountsHitsMissesAndTheP99OfWhatHappenedInsideIt() {
    Timer hitA = timer("a", IndexMeters.HIT);
    Timer missA = timer("a", IndexMeters.MISS);
    Timer bypassA = timer("a", IndexMeters.BYPASS);
    Timer missB = timer("b", IndexMeters.MISS);
    record(hitA, 500, 5); // before the window: not counted
    record(missA, 500, 50_000);
    SearchStats.Sample start = stats.sample();

    record(hitA, 900, 10);
    record(missB, 100, 2_000);
    record(bypassA, 1000, 80_000); // not a lookup
    SearchStats.Window w = SearchStats.between(start, stats.sample());
    assertEquals(1000, w.lookups());
    assertEquals(0.9, w.hitRate(), 1e-9);
    // 99% of the window is at or below 2 ms: the p99 bucket bound is at least that, and far
    // below the 50 ms misses recorded before the window.
    assertTrue(w.p99Nanos() >= 2_000_000 && w.p99Nanos() < 5_000_000, "p99 " + w.p99Nanos());
  }

  @Test
  void anEmptyWindowHasNoLookups() {
    timer("a", IndexMeters.HIT);
    SearchStats.Sample s = stats.sample();
    assertEquals(SearchStats.Window.EMPTY, SearchStats.between(s, stats.sample()));
    assertEquals(SearchStats.Window.EMPTY, SearchStats.between(s, s));
  }

  @Test
  void aDroppedIndexNeverMakesACountNegative() {
    Timer hit = timer("gone", IndexMeters.HIT);
    record(hit, 100, 5);
    SearchStats.Sample start = stats.sample();
    registry.remove(hit);
    Timer miss = timer("kept", IndexMeters.MISS);
    record(miss, 10, 1_000);
    SearchStats.Window w = SearchStats.between(start, stats.sample());
    assertEquals(10, w.lookups());
    assertEquals(0.0, w.hitRate());
  }
}
