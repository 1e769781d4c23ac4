package io.pyrope.engine.impl;

import io.pyrope.engine.Limits;
import io.pyrope.engine.VectorRecord;
import io.pyrope.engine.filter.Filter;
import io.pyrope.search.faiss.LabelFilter;
import io.pyrope.search.faiss.SearchParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Searches one {@link Segment}: picks how to apply the filter and how to keep dead rows out,
 * and asks FAISS again with more when too few hits survive.
 *
 * <p><b>Filter strategy.</b> The selectivity {@code s} of the filter is estimated on an evenly
 * spaced sample of {@link #SAMPLE_SIZE} unmasked rows (add-one smoothed, so never 0 or 1):
 * <ul>
 *   <li>Small segments ({@code <= SMALL_SEGMENT_ROWS}), or {@code s <= PREFILTER_MAX_SELECTIVITY}:
 *       <em>scan</em> the segment's records with the filter. Up to {@link #BRUTE_FORCE_MAX_MATCHES}
 *       matches (or when FAISS cannot take an ID selector) they are scored exactly in Java
 *       ({@code bruteforce}); more matches go to FAISS as an allow-list ({@code prefilter}).
 *       A graph or IVF search restricted to few labels may run out of candidates before topK:
 *       then efSearch or nprobe are widened ({@link #WIDENING_FACTOR}×, at most
 *       {@link #MAX_WIDENINGS} times).
 *   <li>Wider filters: <em>postfilter</em>. Fetch {@code ceil(k / s × POSTFILTER_MARGIN)}
 *       hits, drop those failing the filter, double the fetch until topK is filled, FAISS
 *       returns fewer than asked (exhausted) or the fetch passes {@link #MAX_POSTFILTER_FETCH};
 *       in that last case the estimate was wrong and the segment is scanned instead.
 * </ul>
 * On a Flat segment every path is exact, so a filtered search equals brute force over the
 * filtered records.
 *
 * <p><b>Dead rows</b> are kept out by an allow-list of unmasked labels when the segment has any
 * and FAISS supports selectors, else by fetching {@code deadCount} more. Every hit is then
 * checked against the index's live map, which is what guarantees that no deleted or replaced
 * version is returned (the masks may lag a concurrent write).
 *
 * <p><b>Proxy cost</b>: FAISS calls cost {@link FactorySpec#searchCost} each; brute force costs
 * one per scored row; filter tests cost {@code 1 / FILTER_TESTS_PER_DISTANCE} each.
 *
 * <p>Stateless; the caller holds a reference on the segment for the whole call.
 */
public final class SegmentSearcher {
  /** At or below this many rows a segment is always scanned: estimating costs as much. */
  static final int SMALL_SEGMENT_ROWS = 2048;
  /** Rows sampled to estimate a filter's selectivity. */
  static final int SAMPLE_SIZE = 256;
  /** Most matching rows scored in Java; more go to FAISS with an ID selector. */
  static final int BRUTE_FORCE_MAX_MATCHES = 8192;
  /** Estimated selectivity at or below which a filter is applied before the search. */
  static final double PREFILTER_MAX_SELECTIVITY = 0.2;
  /** Over-fetch margin of a postfilter search over {@code k / s}. */
  static final double POSTFILTER_MARGIN = 1.5;
  /** Largest postfilter fetch before falling back to a scan. */
  static final int MAX_POSTFILTER_FETCH = 16_384;
  /** A filter test costs about this fraction of a distance computation (proxy cost). */
  static final int FILTER_TESTS_PER_DISTANCE = 8;
  /** How many times efSearch/nprobe may be widened when an allow-list starves the search. */
  static final int MAX_WIDENINGS = 3;
  /** Factor of each widening. */
  static final int WIDENING_FACTOR = 4;

  private SegmentSearcher() {}

  /** Searches {@code seg} for {@code q}. */
  public static SegmentResult search(Segment seg, SearchQuery q) {
    Cost cost = new Cost();
    if (seg.size() == 0) {
      return new SegmentResult(List.of(), q.filter() == null ? FilterStrategy.NONE : FilterStrategy.BRUTEFORCE, 0);
    }
    if (q.filter() == null) {
      List<Candidate> hits = postFiltered(seg, q, q.k(), seg.size(), cost);
      return new SegmentResult(hits, FilterStrategy.NONE, cost.value);
    }
    if (seg.size() <= SMALL_SEGMENT_ROWS) {
      return scanned(seg, q, cost);
    }
    double s = estimateSelectivity(seg, q.filter(), cost);
    if (s <= PREFILTER_MAX_SELECTIVITY) {
      return scanned(seg, q, cost);
    }
    int initial = (int) Math.min(Integer.MAX_VALUE, Math.ceil(q.k() / s * POSTFILTER_MARGIN));
    List<Candidate> hits = postFiltered(seg, q, initial, Math.max(MAX_POSTFILTER_FETCH, initial), cost);
    if (hits == null) {
      return scanned(seg, q, cost); // the sample overestimated the filter: find the matches directly
    }
    return new SegmentResult(hits, FilterStrategy.POSTFILTER, cost.value);
  }

  /** Search over-fetching for dead rows (and filter failures); null when the cap is reached unfilled. */
  private static List<Candidate> postFiltered(Segment seg, SearchQuery q, int initial, int cap, Cost cost) {
    LabelFilter allow = null;
    int fetch = initial;
    int dead = seg.deadCount();
    if (dead > 0) {
      if (seg.faiss().supportsSelector()) {
        allow = seg.aliveFilter();
      } else {
        fetch += dead;
      }
    }
    return fetch(seg, q, fetch, allow, seg.liveCount(), cap, cost);
  }

  /** Scans the records with the filter, then scores the matches in Java or through FAISS. */
  private static SegmentResult scanned(Segment seg, SearchQuery q, Cost cost) {
    int n = seg.size();
    int[] matches = new int[Math.min(n, 1024)];
    int count = 0;
    Filter filter = q.filter();
    for (int label = 0; label < n; label++) {
      if (seg.isDead(label)) {
        continue;
      }
      VectorRecord r = seg.record(label);
      if (r != null && filter.test(r)) {
        if (count == matches.length) {
          matches = Arrays.copyOf(matches, Math.min(n, count * 2));
        }
        matches[count++] = label;
      }
    }
    cost.add(n / FILTER_TESTS_PER_DISTANCE);
    if (count <= BRUTE_FORCE_MAX_MATCHES || !seg.faiss().supportsSelector()) {
      TopK top = new TopK(q.k(), Candidate.bestFirst(q.metric()));
      for (int i = 0; i < count; i++) {
        VectorRecord r = seg.record(matches[i]);
        if (q.isLive().test(r)) {
          top.offer(new Candidate(r, BruteForce.score(q.metric(), q.vector(), r.sharedVector())));
        }
      }
      cost.add(count);
      return new SegmentResult(top.sorted(), FilterStrategy.BRUTEFORCE, cost.value);
    }
    LabelFilter allow = LabelFilter.withCapacity(n);
    for (int i = 0; i < count; i++) {
      allow.allow(matches[i]);
    }
    List<Candidate> hits = fetch(seg, q, q.k(), allow, count, n, cost);
    return new SegmentResult(hits, FilterStrategy.PREFILTER, cost.value);
  }

  /**
   * FAISS searches with a growing fetch until {@code k} accepted hits, exhaustion, or the cap
   * (then null).
   *
   * @param allowed how many labels {@code allow} admits (the segment size without one)
   */
  private static List<Candidate> fetch(Segment seg, SearchQuery q, int initial, LabelFilter allow, long allowed,
      int cap, Cost cost) {
    int n = seg.size();
    int kk = Math.max(1, Math.min(initial, n));
    int nprobe = q.nprobe();
    int ef = q.efSearch();
    int widenings = 0;
    while (true) {
      float[] dist = new float[kk];
      long[] labels = new long[kk];
      seg.faiss().search(q.vector(), 1, kk, new SearchParams(nprobe, ef), allow, dist, labels);
      cost.add(seg.spec().searchCost(n, kk, nprobe, ef));
      List<Candidate> out = new ArrayList<>(Math.min(kk, q.k()));
      int returned = 0;
      for (int i = 0; i < kk && labels[i] >= 0; i++) {
        returned++;
        VectorRecord r = seg.record(labels[i]);
        if (r != null && q.accepts(r)) {
          out.add(new Candidate(r, dist[i]));
        }
      }
      if (out.size() >= q.k() || kk >= n) {
        return out.size() > q.k() ? out.subList(0, q.k()) : out;
      }
      if (returned < kk) {
        // FAISS ran out under these params: IVF lists or the HNSW candidate list were exhausted.
        boolean starved = allow != null && returned < Math.min(kk, allowed);
        if (starved && widenings < MAX_WIDENINGS && canWiden(seg.spec(), nprobe, ef)) {
          widenings++;
          nprobe = (int) Math.min((long) nprobe * WIDENING_FACTOR, Math.max(1, seg.spec().nlist()));
          ef = (int) Math.min((long) ef * WIDENING_FACTOR, Limits.MAX_EF_SEARCH);
          continue;
        }
        return out;
      }
      if (kk >= cap) {
        return null;
      }
      kk = (int) Math.min(Math.min(2L * kk, n), cap);
    }
  }

  private static boolean canWiden(FactorySpec spec, int nprobe, int ef) {
    return switch (spec.family()) {
      case IVF -> nprobe < spec.nlist();
      case HNSW -> ef < Limits.MAX_EF_SEARCH;
      default -> false;
    };
  }

  private static double estimateSelectivity(Segment seg, Filter filter, Cost cost) {
    int n = seg.size();
    int step = Math.max(1, n / SAMPLE_SIZE);
    int tested = 0;
    int matched = 0;
    for (int label = step / 2; label < n && tested < SAMPLE_SIZE; label += step) {
      VectorRecord r = seg.record(label);
      if (r == null || seg.isDead(label)) {
        continue;
      }
      tested++;
      if (filter.test(r)) {
        matched++;
      }
    }
    cost.add(tested / FILTER_TESTS_PER_DISTANCE);
    return (matched + 1.0) / (tested + 2.0);
  }

  /** A proxy-cost accumulator. */
  private static final class Cost {
    long value;

    void add(long c) {
      value += c;
    }
  }
}
