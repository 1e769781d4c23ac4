package io.pyrope.dataset;

/**
 * Recall against a ground-truth file: recall@k of one query is {@code |R ∩ T| / k}, where
 * {@code R} is the query's first {@code k} results and {@code T} the first {@code k} rows of
 * its ground truth; the mean over queries is returned. Padding labels ({@code -1}) never
 * match. Ties in the ground truth are not special-cased.
 */
public final class Recall {

  private Recall() {}

  /**
   * Mean recall@k of {@code results}, {@code k} labels per query, row-major, for queries
   * {@code 0 .. results.length/k - 1} of {@code truth}.
   */
  public static double atK(long[] results, IntDataset truth, int k) {
    return atK(results, k, truth, k);
  }

  /** As {@link #atK(long[], IntDataset, int)}, {@code int} labels. */
  public static double atK(int[] results, IntDataset truth, int k) {
    long[] widened = new long[results.length];
    for (int i = 0; i < results.length; i++) {
      widened[i] = results[i];
    }
    return atK(widened, k, truth, k);
  }

  /**
   * Mean recall@k when each query has {@code stride >= k} results in {@code results} (row
   * {@code q} is {@code results[q*stride .. q*stride+stride)}).
   */
  public static double atK(long[] results, int stride, IntDataset truth, int k) {
    if (k <= 0 || stride < k) {
      throw new IllegalArgumentException("need 0 < k <= stride, got k=" + k + " stride=" + stride);
    }
    if (k > truth.dim()) {
      throw new IllegalArgumentException("k=" + k + " exceeds the ground truth's " + truth.dim() + " per query");
    }
    if (results.length % stride != 0) {
      throw new IllegalArgumentException(results.length + " results are not a whole number of rows of " + stride);
    }
    int queries = results.length / stride;
    if (queries == 0 || queries > truth.n()) {
      throw new IllegalArgumentException(queries + " result rows, ground truth has " + truth.n());
    }
    long hits = 0;
    for (int q = 0; q < queries; q++) {
      for (int i = 0; i < k; i++) {
        long label = results[q * stride + i];
        if (label < 0) {
          continue;
        }
        for (int j = 0; j < k; j++) {
          if (truth.get(q, j) == label) {
            hits++;
            break;
          }
        }
      }
    }
    return (double) hits / ((double) queries * k);
  }
}
