package io.pyrope.bench.workload;

/** Small vector helpers of the workload. */
final class Vectors {
  private Vectors() {}

  /** A unit-length copy ({@code v} itself when it is all zeros). */
  static float[] normalized(float[] v) {
    double n = 0;
    for (float x : v) {
      n += (double) x * x;
    }
    if (n == 0) {
      return v;
    }
    float inv = (float) (1 / Math.sqrt(n));
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }

  /** Cosine similarity of two vectors of one length. */
  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
