package io.pyrope.bench.workload;

import io.pyrope.bench.BenchException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A realistic, reproducible query stream over the qqp clusters.
 *
 * <ul>
 *   <li><b>Popularity.</b> The clusters of two or more questions are put in a seeded random order;
 *       the cluster of rank r (1-based) is asked with probability ∝ 1/r^s ({@code zipf} = s).
 *   <li><b>Which question.</b> Each cluster has a head question (a seeded pick among its
 *       members). A query asks the head, or with probability {@code nearDupRate} another member,
 *       uniformly. Each query is labelled by what came before it: {@link Kind#FIRST} (its cluster
 *       was never asked), {@link Kind#REPEAT} (this very text was asked before: an exact repeat),
 *       {@link Kind#NEAR_DUP} (a new text of a cluster asked before: a paraphrase).
 *   <li><b>Scan burst.</b> Optionally, {@code scanBurst} distinct questions of single-question
 *       clusters (which the Zipf part never asks), each once, in a row before query number
 *       {@code scanAt}: a one-time scan that pushes the popular entries out of an LRU cache.
 *       They are taken among questions that already have a vector ({@code hasVector}), so a burst
 *       costs no embedding. They come in addition to the {@code queries} Zipf queries.
 *   <li><b>Writes.</b> After each query, with probability {@code writeRate}, a {@link Kind#WRITE}
 *       (the runner adds a new vector to the index).
 * </ul>
 * Zipf draws, member picks, burst picks and writes use separate seeded generators, so the same
 * seed gives the same Zipf queries whatever the burst and write settings.
 */
public final class StreamGenerator {
  /** Largest stream accepted (queries + burst + writes). */
  public static final int MAX_ITEMS = 10_000_000;

  /** What an item of the stream is. */
  public enum Kind { FIRST, REPEAT, NEAR_DUP, SCAN, WRITE }

  /**
   * One step of the stream.
   *
   * @param textId the question (a {@link QqpPairs} text id); -1 for writes
   * @param cluster its cluster id; -1 for writes
   * @param writeNo 0, 1, 2… for writes; -1 for searches
   */
  public record Item(Kind kind, int textId, int cluster, int writeNo) {
    public boolean isSearch() {
      return kind != Kind.WRITE;
    }
  }

  /**
   * @param queries Zipf queries
   * @param zipf exponent s (> 0)
   * @param nearDupRate probability that a query asks a non-head member
   * @param scanBurst questions in the one-time burst (0: none)
   * @param scanAt the burst comes before the Zipf query of this number (0..queries)
   * @param writeRate probability of a write after each query
   */
  public record Settings(int queries, double zipf, long seed, double nearDupRate, int scanBurst, int scanAt,
      double writeRate) {
    public Settings {
      if (queries < 1 || !(zipf > 0) || Double.isInfinite(zipf) || !(nearDupRate >= 0 && nearDupRate <= 1)
          || scanBurst < 0 || scanAt < 0 || scanAt > queries || !(writeRate >= 0 && writeRate < 1)) {
        throw new IllegalArgumentException("bad stream settings " + this);
      }
    }
  }

  private StreamGenerator() {}

  /** The stream; a {@link BenchException} when the pairs file cannot provide it. */
  public static List<Item> generate(QqpPairs pairs, Settings s, IntPredicate hasVector) {
    List<Integer> pool = new ArrayList<>();
    List<Integer> singles = new ArrayList<>();
    for (int c = 0; c < pairs.clusters().size(); c++) {
      if (pairs.clusters().get(c).length >= 2) {
        pool.add(c);
      } else if (hasVector.test(pairs.clusters().get(c)[0])) {
        singles.add(c);
      }
    }
    if (pool.isEmpty()) {
      throw new BenchException("the pairs file has no duplicate pairs (label 1): no clusters to repeat");
    }
    Random order = new Random(s.seed());
    Collections.shuffle(pool, order);
    int[] head = new int[pairs.clusters().size()];
    for (int c : pool) {
      head[c] = pairs.clusters().get(c)[order.nextInt(pairs.clusters().get(c).length)];
    }
    List<Integer> burst = List.of();
    if (s.scanBurst() > 0) {
      if (singles.size() < s.scanBurst()) {
        throw new BenchException("a scan burst of " + s.scanBurst() + " needs as many single questions with a stored"
            + " vector; the pairs file has " + singles.size());
      }
      Collections.shuffle(singles, new Random(s.seed() ^ 0x5CA9L));
      burst = singles.subList(0, s.scanBurst());
    }
    long total = (long) s.queries() + s.scanBurst() + (long) Math.ceil(s.queries() * s.writeRate() * 2) + 16;
    if (total > MAX_ITEMS) {
      throw new BenchException("a stream of ~" + total + " items is above the limit of " + MAX_ITEMS);
    }

    Zipf zipf = new Zipf(pool.size(), s.zipf());
    Random ranks = new Random(s.seed() + 1);
    Random members = new Random(s.seed() + 2);
    Random writes = new Random(s.seed() + 3);
    Set<Integer> askedTexts = new HashSet<>();
    Set<Integer> askedClusters = new HashSet<>();
    List<Item> out = new ArrayList<>((int) total);
    int writeNo = 0;
    for (int q = 0; q < s.queries(); q++) {
      if (q == s.scanAt()) {
        for (int c : burst) {
          out.add(new Item(Kind.SCAN, pairs.clusters().get(c)[0], c, -1));
        }
      }
      int c = pool.get(zipf.sample(ranks) - 1);
      int[] m = pairs.clusters().get(c);
      int text = head[c];
      if (members.nextDouble() < s.nearDupRate()) {
        int h = java.util.Arrays.binarySearch(m, head[c]);
        int i = members.nextInt(m.length - 1); // uniform over the members but the head
        text = m[i >= h ? i + 1 : i];
      }
      Kind kind = askedTexts.contains(text) ? Kind.REPEAT : askedClusters.contains(c) ? Kind.NEAR_DUP : Kind.FIRST;
      askedTexts.add(text);
      askedClusters.add(c);
      out.add(new Item(kind, text, c, -1));
      if (writes.nextDouble() < s.writeRate()) {
        out.add(new Item(Kind.WRITE, -1, -1, writeNo++));
      }
    }
    if (s.scanAt() == s.queries()) {
      for (int c : burst) {
        out.add(new Item(Kind.SCAN, pairs.clusters().get(c)[0], c, -1));
      }
    }
    return out;
  }

  /** Ranks 1..n with P(r) ∝ 1/r^s, sampled by binary search over the cumulative weights. */
  static final class Zipf {
    private final double[] cdf;

    Zipf(int n, double s) {
      cdf = new double[n];
      double sum = 0;
      for (int r = 1; r <= n; r++) {
        sum += 1 / Math.pow(r, s);
        cdf[r - 1] = sum;
      }
      for (int i = 0; i < n; i++) {
        cdf[i] /= sum;
      }
    }

    /** A rank in 1..n. */
    int sample(Random rnd) {
      double u = rnd.nextDouble();
      int lo = 0;
      int hi = cdf.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cdf[mid] < u) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo + 1;
    }
  }
}
