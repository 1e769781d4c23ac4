package io.pyrope.dataset;

/**
 * {@code n} vectors of {@code dim} floats, row-major: vector {@code i} is
 * {@code data[i*dim .. i*dim+dim)}. The array is shared, not copied.
 */
public record FloatDataset(int n, int dim, float[] data) {

  public FloatDataset {
    if (n < 0 || dim <= 0 || data == null || data.length != (long) n * dim) {
      throw new IllegalArgumentException("dataset of " + n + " x " + dim + " needs " + ((long) n * dim)
          + " floats, got " + (data == null ? "null" : String.valueOf(data.length)));
    }
  }

  /** A copy of vector {@code i}. */
  public float[] row(int i) {
    float[] row = new float[dim];
    System.arraycopy(data, i * dim, row, 0, dim);
    return row;
  }
}
