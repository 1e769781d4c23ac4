package io.pyrope.bench;

import io.pyrope.dataset.FloatDataset;
import io.pyrope.dataset.IntDataset;
import io.pyrope.dataset.Recall;
import io.pyrope.search.faiss.Faiss;
import io.pyrope.search.faiss.FaissException;
import io.pyrope.search.faiss.FaissIndex;
import io.pyrope.search.faiss.FaissMetric;
import io.pyrope.search.faiss.SearchParams;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The same searches without a server: an index built in this process through the FAISS binding,
 * searched one query at a time on one thread with OpenMP at one thread (what a node's search
 * worker does), two ways:
 * <ul>
 *   <li><b>jna</b>: {@link FaissIndex#search} per query from Java, timed per call;
 *   <li><b>cpp</b>: {@link Faiss#benchSearchLoopNanos}, the identical loop run inside C++
 *       (same params, same efSearch work-around), timed as a whole.
 * </ul>
 * Their ratio is the cost of crossing JNA, measured in one run on one index. Both run on a
 * fresh thread so the caller's OpenMP setting is left alone.
 */
public final class Inproc implements AutoCloseable {
  /** Seed of the training sample, so reruns train on the same rows. */
  static final long SAMPLE_SEED = 0x9E3779B97F4A7C15L;

  private final FaissIndex index;
  private final FloatDataset queries;   // normalised for cosine
  private final IntDataset truth;
  private final int k;
  private final float[][] rows;         // queries split once, outside the timed loop
  private final double buildSeconds;

  private Inproc(FaissIndex index, FloatDataset queries, IntDataset truth, int k, double buildSeconds) {
    this.index = index;
    this.queries = queries;
    this.truth = truth;
    this.k = k;
    this.buildSeconds = buildSeconds;
    this.rows = new float[queries.n()][];
    for (int q = 0; q < queries.n(); q++) {
      rows[q] = queries.row(q);
    }
  }

  /**
   * Builds {@code factory} over {@code base} (trained on a uniform sample of up to
   * {@code trainSize} rows when the factory needs training), as the node's rebuild does.
   */
  public static Inproc build(FloatDataset base, FloatDataset queries, IntDataset truth, int k, String metric,
      String factory, int trainSize, boolean quiet) {
    boolean cosine = metric.equals("cosine");
    FloatDataset b = cosine ? Datasets.normalized(base) : base;
    FloatDataset q = cosine ? Datasets.normalized(queries) : queries;
    FaissMetric m = metric.equals("l2") ? FaissMetric.L2 : FaissMetric.INNER_PRODUCT;
    long t0 = System.nanoTime();
    FaissIndex index;
    try {
      index = Faiss.create(b.dim(), factory, m);
    } catch (FaissException e) {
      throw new BenchException("FAISS rejects factory '" + factory + "' for dim " + b.dim() + ": "
          + firstLine(e.getMessage()));
    }
    try {
      if (!index.isTrained()) {
        int rowsToTrain = Math.min(b.n(), trainSize);
        index.train(sample(b, rowsToTrain), rowsToTrain);
      }
      Progress progress = Progress.start("building " + factory + " in-process", b.n(), quiet);
      int chunk = 8192;
      for (int from = 0; from < b.n(); from += chunk) {
        int n = Math.min(chunk, b.n() - from);
        index.add(Arrays.copyOfRange(b.data(), from * b.dim(), (from + n) * b.dim()), n);
        progress.update(from + n);
      }
      progress.done();
    } catch (FaissException e) {
      index.close();
      throw new BenchException("FAISS failed to build '" + factory + "': " + firstLine(e.getMessage()));
    }
    return new Inproc(index, q, truth, k, (System.nanoTime() - t0) / 1e9);
  }

  public double buildSeconds() {
    return buildSeconds;
  }

  public FaissIndex index() {
    return index;
  }

  /** Per-query searches through JNA. */
  public SearchResult jna(String label, SearchParams params, Plan plan) {
    return onSearchThread(() -> {
      int nq = rows.length;
      float[] dist = new float[k];
      long[] out = new long[k];
      for (int p = 0; p < plan.warmupPasses(); p++) {
        for (float[] row : rows) {
          index.search(row, 1, k, params, null, dist, out);
        }
      }
      long[] labels = new long[nq * k];
      Latencies lat = new Latencies();
      long total = plan.timed() ? Long.MAX_VALUE : (long) plan.repeat() * nq;
      long limit = (long) (plan.seconds() * 1e9);
      long start = System.nanoTime();
      long done = 0;
      while (done < total && (limit == 0 || System.nanoTime() - start < limit)) {
        int q = (int) (done % nq);
        long t0 = System.nanoTime();
        index.search(rows[q], 1, k, params, null, dist, out);
        lat.record(System.nanoTime() - t0);
        if (done < nq) {
          System.arraycopy(out, 0, labels, q * k, k);
        }
        done++;
      }
      double secs = (System.nanoTime() - start) / 1e9;
      int answered = (int) Math.min(nq, done);
      Double recall = truth == null || answered == 0 ? null : Recall.atK(Arrays.copyOf(labels, answered * k), truth, k);
      return new SearchResult(label, "jna", params, k, 1, 1, done, secs, lat.summarize(), recall);
    });
  }

  /** The same loop inside C++: one untimed pass per warm-up pass, then the timed passes. */
  public SearchResult cpp(String label, SearchParams params, Plan plan) {
    return onSearchThread(() -> {
      int nq = queries.n();
      float[] all = queries.data();
      if (plan.warmupPasses() > 0) {
        Faiss.benchSearchLoopNanos(index, all, nq, k, params, plan.warmupPasses());
      }
      int passes = plan.repeat();
      if (plan.timed()) {
        long one = Faiss.benchSearchLoopNanos(index, all, nq, k, params, 1);
        passes = (int) Math.max(1, Math.min(1_000_000, Math.round(plan.seconds() * 1e9 / Math.max(1, one))));
      }
      long nanos = Faiss.benchSearchLoopNanos(index, all, nq, k, params, passes);
      return new SearchResult(label, "cpp", params, k, 1, 1, (long) passes * nq, nanos / 1e9, null, null);
    });
  }

  @Override
  public void close() {
    index.close();
  }

  private interface Work {
    SearchResult run();
  }

  /** Runs {@code work} on a fresh thread with FAISS's OpenMP team at one thread. */
  private static SearchResult onSearchThread(Work work) {
    AtomicReference<SearchResult> result = new AtomicReference<>();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        Faiss.setThreadCount(1);
        result.set(work.run());
      } catch (FaissException e) {
        failure.set(new BenchException("FAISS search failed: " + firstLine(e.getMessage())));
      } catch (RuntimeException e) {
        failure.set(e);
      }
    }, "bench-inproc");
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return result.get();
  }

  /** {@code m} distinct rows chosen uniformly (partial Fisher-Yates), row-major. */
  static float[] sample(FloatDataset d, int m) {
    if (m == d.n()) {
      return d.data();
    }
    int[] order = new int[d.n()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(SAMPLE_SEED ^ d.n());
    float[] out = new float[m * d.dim()];
    for (int i = 0; i < m; i++) {
      int j = i + rnd.nextInt(d.n() - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
      System.arraycopy(d.data(), order[i] * d.dim(), out, i * d.dim(), d.dim());
    }
    return out;
  }

  static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
