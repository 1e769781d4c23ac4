package io.pyrope.engine.impl;

import io.pyrope.engine.Metric;

/**
 * Exact scores in Java, for small candidate sets where a FAISS call would cost more than it
 * saves. Same definitions as FAISS: squared L2 distance, or inner product (cosine vectors are
 * stored and queried normalised, so their inner product is the cosine).
 */
final class BruteForce {
  private BruteForce() {}

  static float score(Metric metric, float[] q, float[] v) {
    return metric == Metric.L2 ? l2Squared(q, v) : dot(q, v);
  }

  static float l2Squared(float[] a, float[] b) {
    float s0 = 0;
    float s1 = 0;
    int i = 0;
    for (int n = a.length - 1; i < n; i += 2) { // two accumulators: shorter dependency chain
      float d0 = a[i] - b[i];
      float d1 = a[i + 1] - b[i + 1];
      s0 += d0 * d0;
      s1 += d1 * d1;
    }
    if (i < a.length) {
      float d = a[i] - b[i];
      s0 += d * d;
    }
    return s0 + s1;
  }

  static float dot(float[] a, float[] b) {
    float s0 = 0;
    float s1 = 0;
    int i = 0;
    for (int n = a.length - 1; i < n; i += 2) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
    }
    if (i < a.length) {
      s0 += a[i] * b[i];
    }
    return s0 + s1;
  }
}
