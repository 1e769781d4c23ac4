package io.pyrope.search.faiss;

/**
 * The neighbours of one query, best first: {@code labels[i]} at {@code distances[i]}. FAISS
 * pads missing results at the end with label {@code -1}; {@link #count()} is the number of
 * real ones. The arrays belong to this result (record equality compares them by identity).
 */
public record SearchResult(long[] labels, float[] distances) {

  /** The number of real results, i.e. labels before the first {@code -1}. */
  public int count() {
    int n = 0;
    while (n < labels.length && labels[n] >= 0) {
      n++;
    }
    return n;
  }
}
