package io.pyrope.dataset;

/**
 * {@code n} rows of {@code dim} ints, row-major (e.g. ground-truth neighbour ids, {@code dim}
 * per query). The array is shared, not copied.
 */
public record IntDataset(int n, int dim, int[] data) {

  public IntDataset {
    if (n < 0 || dim <= 0 || data == null || data.length != (long) n * dim) {
      throw new IllegalArgumentException("dataset of " + n + " x " + dim + " needs " + ((long) n * dim)
          + " ints, got " + (data == null ? "null" : String.valueOf(data.length)));
    }
  }

  /** Element {@code j} of row {@code i}. */
  public int get(int i, int j) {
    return data[i * dim + j];
  }

  /** A copy of row {@code i}. */
  public int[] row(int i) {
    int[] row = new int[dim];
    System.arraycopy(data, i * dim, row, 0, dim);
    return row;
  }
}
