package io.pyrope.cache.ai;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.pyrope.cache.impl.IndexMeters;
import java.util.concurrent.TimeUnit;

/**
 * Hit rate and search p99 of the whole node over a window, read from the meters the search path
 * already records ({@code vector_db_search_latency_seconds{hit_status}}): the hot path pays
 * nothing for the guardrail. A {@link Sample} is the meters' cumulative counts at one instant;
 * two samples give the window between them.
 *
 * <p>Lookups are searches that consulted the cache ({@code hit_status} hit or miss; bypass is
 * not a lookup). The p99 comes from the summed histogram buckets of those timers (they all share
 * one bucket layout), so it is the upper bound of the bucket holding the 99th percentile — coarse
 * (buckets grow by about a third) but comparable between two windows, which is all it is used for.
 *
 * <p>Threading: {@link #sample} walks the registry and allocates; call it from the policy-update
 * thread only, never from the hot path. When an index is dropped its meters go away and a later
 * window can count fewer lookups than happened; differences are clamped at zero.
 */
public final class SearchStats {
  private final MeterRegistry registry;

  public SearchStats(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Cumulative counts at one instant.
   *
   * @param hits searches served from the cache
   * @param misses searches that looked and missed
   * @param bounds histogram bucket upper bounds, nanoseconds (empty when no search ran yet)
   * @param cumulative searches at or below each bound
   */
  public record Sample(long hits, long misses, double[] bounds, long[] cumulative) {}

  /**
   * What happened between two samples.
   *
   * @param lookups hits + misses
   * @param hitRate hits / lookups (0 when there were none)
   * @param p99Nanos upper bound of the bucket holding the 99th percentile; infinite above the last
   */
  public record Window(long lookups, double hitRate, double p99Nanos) {
    public static final Window EMPTY = new Window(0, 0, 0);
  }

  /** The meters' counts now. */
  public Sample sample() {
    long hits = 0;
    long misses = 0;
    double[] bounds = new double[0];
    long[] cum = new long[0];
    for (Timer t : registry.find(IndexMeters.LATENCY).timers()) {
      String status = t.getId().getTag("hit_status");
      if (IndexMeters.HIT.equals(status)) {
        hits += t.count();
      } else if (IndexMeters.MISS.equals(status)) {
        misses += t.count();
      } else {
        continue;
      }
      CountAtBucket[] b = t.takeSnapshot().histogramCounts();
      if (bounds.length == 0) {
        bounds = new double[b.length];
        cum = new long[b.length];
        for (int i = 0; i < b.length; i++) {
          bounds[i] = b[i].bucket(TimeUnit.NANOSECONDS);
        }
      }
      if (b.length == bounds.length) { // every search timer shares one layout; skip one that would not
        for (int i = 0; i < b.length; i++) {
          cum[i] += (long) b[i].count();
        }
      }
    }
    return new Sample(hits, misses, bounds, cum);
  }

  /** The window from {@code from} to {@code to}. */
  public static Window between(Sample from, Sample to) {
    long hits = Math.max(0, to.hits() - from.hits());
    long misses = Math.max(0, to.misses() - from.misses());
    long lookups = hits + misses;
    if (lookups == 0) {
      return Window.EMPTY;
    }
    return new Window(lookups, (double) hits / lookups, p99(from, to, lookups));
  }

  private static double p99(Sample from, Sample to, long lookups) {
    double[] bounds = to.bounds();
    boolean sameLayout = from.bounds().length == bounds.length;
    long target = (long) Math.ceil(lookups * 0.99);
    for (int i = 0; i < bounds.length; i++) {
      long before = sameLayout ? from.cumulative()[i] : 0;
      if (to.cumulative()[i] - before >= target) {
        return bounds[i];
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
