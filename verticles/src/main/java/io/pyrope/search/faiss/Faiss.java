package io.pyrope.search.faiss;

import java.nio.file.Path;

/**
 * The entry point to FAISS: creates and reads {@link FaissIndex}es and holds the process-wide
 * helpers. The native library ({@code libpyrope_faiss.so}, FAISS 1.7.3 linked in statically)
 * is loaded once, the first time this class is used; if it is missing or of another ABI
 * version every method throws an {@link UnsatisfiedLinkError} explaining how to build it.
 * Call {@link #ensureLoaded()} at start-up to fail fast.
 */
public final class Faiss {

  private Faiss() {}

  /** Throws {@link UnsatisfiedLinkError} with build instructions unless the library is loaded. */
  public static void ensureLoaded() {
    NativeFaiss.requireLoaded();
  }

  /**
   * A new empty index from a FAISS factory string.
   *
   * @param factory e.g. {@code Flat}, {@code HNSW32}, {@code IVF100,Flat}, {@code SQ8},
   *     {@code IVF256,PQ16np}. Write PQ with the {@code np} suffix: plain {@code PQ16} makes
   *     FAISS 1.7.3 add polysemous training (~50 s) that plain searches never use.
   * @throws FaissException {@code FAISS_ERROR} if FAISS cannot parse or build it
   */
  public static FaissIndex create(int dim, String factory, FaissMetric metric) {
    NativeFaiss.requireLoaded();
    return JnaFaissIndex.create(dim, factory, metric);
  }

  /** Reads an index written by {@link FaissIndex#write(Path)} (or by any FAISS 1.7.x). */
  public static FaissIndex read(Path file) {
    NativeFaiss.requireLoaded();
    return JnaFaissIndex.read(file);
  }

  /**
   * Sets the number of OpenMP threads FAISS uses for calls made <em>by the calling thread</em>
   * ({@code omp_set_num_threads} is per thread). Search workers that run one query at a time
   * call this with 1 once, when they start: a single-query search gains nothing from a
   * thread team and pays for waking it. Batch or build threads can keep the default (the
   * number of cores).
   */
  public static void setThreadCount(int n) {
    NativeFaiss.requireLoaded();
    if (n <= 0) {
      throw FaissException.badArgument("setThreadCount", "thread count must be > 0, got " + n);
    }
    NativeFaiss.check(NativeFaiss.pyrope_set_omp_threads(n), "setThreadCount");
  }

  /** The OpenMP thread count FAISS would use for a call made by the calling thread. */
  public static int threadCount() {
    NativeFaiss.requireLoaded();
    return (int) NativeFaiss.checkValue(NativeFaiss.pyrope_get_omp_threads(), "threadCount");
  }

  /**
   * Runs the reference search loop entirely in C++: {@code iters} times, for each of the
   * {@code nq} queries, {@code index->search(1, q, k, ...)} with the parameters a search
   * through JNA would use, on the calling thread with OpenMP at one thread. Returns the
   * elapsed nanoseconds; compare with the same loop through {@link FaissIndex#search} to see
   * what the JNA crossing costs. Holds the index's read lock throughout.
   */
  public static long benchSearchLoopNanos(FaissIndex index, float[] queries, int nq, int k,
      SearchParams params, int iters) {
    NativeFaiss.requireLoaded();
    if (!(index instanceof JnaFaissIndex jna)) {
      throw FaissException.badArgument("bench", "not an index created by Faiss: " + index);
    }
    return jna.benchSearchLoopNanos(queries, nq, k, params, iters);
  }

  /**
   * Scales {@code v[offset .. offset+dim)} to unit L2 norm in place, for cosine similarity
   * with {@link FaissMetric#INNER_PRODUCT}. A zero vector stays zero.
   */
  public static void normalize(float[] v, int offset, int dim) {
    if (v == null || offset < 0 || dim < 0 || (long) offset + dim > v.length) {
      throw new IndexOutOfBoundsException("normalize: offset " + offset + " + dim " + dim
          + " outside array of " + (v == null ? "null" : String.valueOf(v.length)));
    }
    double sum = 0;
    for (int i = offset; i < offset + dim; i++) {
      sum += (double) v[i] * v[i];
    }
    if (sum == 0) {
      return;
    }
    float scale = (float) (1.0 / Math.sqrt(sum));
    for (int i = offset; i < offset + dim; i++) {
      v[i] *= scale;
    }
  }
}
