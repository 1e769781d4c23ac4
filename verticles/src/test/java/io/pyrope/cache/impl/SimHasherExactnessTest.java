package io.pyrope.cache.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The four-planes-at-a-time SimHash gives exactly the bits of the plain plane-by-plane loop (the
 * cache's L1 keys and the query log's sketches must not change), for widths that are and are not
 * multiples of four, and for vectors whose dot products sit near zero.
 */
class SimHasherExactnessTest {
  @Test
  void everyBitEqualsThePlaneByPlaneLoop() {
    Random r = new Random(7);
    for (int bits : new int[] {1, 3, 4, 5, 16, 24, 63, 64}) {
      for (int dim : new int[] {1, 7, 128, 384}) {
        SimHasher h = new SimHasher(bits, dim, 42);
        float[] planes = planes(bits, dim, 42);
        for (int n = 0; n < 200; n++) {
          float[] v = new float[dim];
          float scale = (float) Math.pow(10, r.nextInt(13) - 6);
          for (int i = 0; i < dim; i++) {
            v[i] = (float) r.nextGaussian() * scale;
          }
          assertEquals(reference(planes, bits, dim, v), h.hash(v), bits + " bits, dim " + dim);
        }
        // a vector lying on plane 0 (its dot with it is exactly zero): the sign decision must match
        float[] onPlane = new float[dim];
        if (dim >= 2) {
          onPlane[0] = planes[1];
          onPlane[1] = -planes[0];
        }
        assertEquals(reference(planes, bits, dim, onPlane), h.hash(onPlane));
        assertEquals(reference(planes, bits, dim, new float[dim]), h.hash(new float[dim]), "zero vector");
      }
    }
  }

  /** SimHasher's planes, drawn the same way (its constructor's stream). */
  private static float[] planes(int bits, int dim, long seed) {
    float[] p = new float[bits * dim];
    Random r = new Random(seed * 31 + dim);
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) r.nextGaussian();
    }
    return p;
  }

  /** The loop SimHasher used before the four-plane one (kept verbatim). */
  private static long reference(float[] planes, int bits, int dim, float[] v) {
    long h = 0;
    for (int b = 0; b < bits; b++) {
      int off = b * dim;
      float dot = 0;
      for (int i = 0; i < dim; i++) {
        dot += planes[off + i] * v[i];
      }
      if (dot >= 0) {
        h |= 1L << b;
      }
    }
    return h;
  }
}
