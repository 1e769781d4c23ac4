package io.pyrope.search.faiss;

/**
 * The distance an index ranks by. Cosine similarity is {@link #INNER_PRODUCT} over vectors
 * normalised with {@link Faiss#normalize(float[], int, int)} (queries too).
 */
public enum FaissMetric {
  /** Squared Euclidean distance; smaller is closer. */
  L2,
  /** Inner product; larger is closer. */
  INNER_PRODUCT;

  /** The code the native shim uses ({@code PYROPE_METRIC_*} in pyrope_faiss.h). */
  int nativeCode() {
    return this == L2 ? 0 : 1;
  }
}
