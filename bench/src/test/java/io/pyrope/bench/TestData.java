package io.pyrope.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

/** Small synthetic datasets written by the tests themselves: random vectors and exact L2 neighbours. */
final class TestData {
  private TestData() {}

  static float[] random(int n, int dim, long seed) {
    Random rnd = new Random(seed);
    float[] v = new float[n * dim];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextFloat();
    }
    return v;
  }

  static Path fvecs(Path file, float[] data, int dim) throws IOException {
    int n = data.length / dim;
    ByteBuffer bb = ByteBuffer.allocate(n * (4 + 4 * dim)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      bb.putInt(dim);
      for (int j = 0; j < dim; j++) {
        bb.putFloat(data[i * dim + j]);
      }
    }
    return Files.write(file, bb.array());
  }

  static Path ivecs(Path file, int[] data, int dim) throws IOException {
    int n = data.length / dim;
    ByteBuffer bb = ByteBuffer.allocate(n * (4 + 4 * dim)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      bb.putInt(dim);
      for (int j = 0; j < dim; j++) {
        bb.putInt(data[i * dim + j]);
      }
    }
    return Files.write(file, bb.array());
  }

  /** Exact top-{@code k} L2 neighbours (row numbers) of each query, nearest first. */
  static int[] exactL2(float[] base, float[] queries, int dim, int k) {
    int n = base.length / dim;
    int nq = queries.length / dim;
    int[] out = new int[nq * k];
    for (int q = 0; q < nq; q++) {
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < dim; j++) {
          double x = base[i * dim + j] - queries[q * dim + j];
          s += x * x;
        }
        d[i] = s;
      }
      int[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> d[i]))
          .mapToInt(Integer::intValue).toArray();
      System.arraycopy(Arrays.copyOf(order, k), 0, out, q * k, k);
    }
    return out;
  }
}
