package io.pyrope.search.faiss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which index types apply a {@link LabelFilter} inside FAISS 1.7.3, checked on the real
 * library with siftsmall: for the types that claim support, the filter travels to FAISS as an
 * IDSelectorBitmap and every result must be allowed, k of them; for the others, the Java
 * post-filter must give the same guarantee. For Flat the filtered result must equal brute
 * force over the allowed subset.
 */
class SelectorSupportTest {

  static final int K = 10;
  static SiftSmall sift;
  /** Every third label, plus a few: ~33% of the base set. */
  static LabelFilter third;

  @BeforeAll
  static void load() {
    sift = SiftSmall.get();
    third = LabelFilter.withCapacity(sift.base.n());
    for (int label = 0; label < sift.base.n(); label += 3) {
      third.allow(label);
    }
  }

  static FaissIndex build(String factory) {
    FaissIndex index = Faiss.create(SiftSmall.DIM, factory, FaissMetric.L2);
    if (!index.isTrained()) {
      index.train(sift.base.data(), sift.base.n());
    }
    index.add(sift.base.data(), sift.base.n());
    return index;
  }

  /** Searches all queries with {@code filter}; asserts every result allowed and k results per query. */
  static long[] assertFilterHonoured(FaissIndex index, SearchParams params, LabelFilter filter) {
    int nq = sift.queries.n();
    float[] distances = new float[nq * K];
    long[] labels = new long[nq * K];
    index.search(sift.queries.data(), nq, K, params, filter, distances, labels);
    for (int i = 0; i < labels.length; i++) {
      assertTrue(labels[i] >= 0, index.factory() + ": missing result at " + i);
      assertTrue(filter.allows(labels[i]), index.factory() + ": label " + labels[i] + " is not allowed");
    }
    // Unfiltered, the same index does return disallowed labels: the filter did something.
    long[] unfiltered = new long[nq * K];
    index.search(sift.queries.data(), nq, K, params, null, new float[nq * K], unfiltered);
    assertTrue(Arrays.stream(unfiltered).anyMatch(l -> !filter.allows(l)));
    return labels;
  }

  void assertInIndex(String factory, SearchParams params) {
    try (FaissIndex index = build(factory)) {
      assertTrue(index.supportsSelector(), factory + " should filter inside FAISS");
      assertFilterHonoured(index, params, third);
    }
  }

  @Test
  void flatHonoursTheSelectorAndEqualsBruteForceOverTheAllowedSubset() {
    try (FaissIndex index = build("Flat")) {
      assertTrue(index.supportsSelector());
      long[] labels = assertFilterHonoured(index, SearchParams.DEFAULTS, third);
      float[] base = sift.base.data();
      for (int q = 0; q < sift.queries.n(); q++) {
        float[] query = sift.queries.row(q);
        // brute force: exact distances to allowed vectors, k smallest
        double[] best = new double[K];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int i = 0; i < sift.base.n(); i++) {
          if (!third.allows(i)) {
            continue;
          }
          double d = 0;
          for (int j = 0; j < SiftSmall.DIM; j++) {
            double diff = base[i * SiftSmall.DIM + j] - query[j];
            d += diff * diff;
          }
          if (d < best[K - 1]) {
            int pos = K - 1;
            while (pos > 0 && best[pos - 1] > d) {
              best[pos] = best[pos - 1];
              pos--;
            }
            best[pos] = d;
          }
        }
        for (int r = 0; r < K; r++) {
          long label = labels[q * K + r];
          double d = 0;
          for (int j = 0; j < SiftSmall.DIM; j++) {
            double diff = base[(int) label * SiftSmall.DIM + j] - query[j];
            d += diff * diff;
          }
          // SIFT components are integers: distances are exact, ties only between equal values
          assertEquals(best[r], d, 0.0, "query " + q + " rank " + r);
        }
      }
    }
  }

  @Test
  void hnswHonoursTheSelector() {
    assertInIndex("HNSW32", SearchParams.ofEfSearch(64));
  }

  @Test
  void ivfFlatHonoursTheSelector() {
    assertInIndex("IVF100,Flat", SearchParams.ofNprobe(10));
  }

  @Test
  void ivfPqHonoursTheSelector() {
    assertInIndex("IVF64,PQ32np", SearchParams.ofNprobe(16));
  }

  @Test
  void sq8HonoursTheSelector() {
    assertInIndex("SQ8", SearchParams.DEFAULTS);
  }

  @Test
  void pqRejectsSelectorsSoJavaPostFilters() {
    // 4-bit codes: the same IndexPQ class as PQ32np, trained in a fraction of the time
    try (FaissIndex index = build("PQ32x4np")) {
      assertEquals(false, index.supportsSelector());
      assertFilterHonoured(index, SearchParams.DEFAULTS, third);
      // and the shim refuses to hand FAISS a selector it would throw on
      long[] words = third.words();
      int rc = NativeFaiss.pyrope_index_search(handleOf(index), 1, sift.queries.row(0), K, 0, 0, words, words.length,
          new float[K], new long[K]);
      assertEquals(NativeFaiss.E_BAD_ARGUMENT, rc);
      assertTrue(NativeFaiss.pyrope_last_error().contains("selector"));
    }
  }

  @Test
  void postFilterFindsRareAllowedLabels() {
    try (FaissIndex index = build("PQ32x4np")) {
      LabelFilter rare = LabelFilter.of(5, 777, 4242, 9999);
      SearchResult result = index.search(sift.queries.row(3), K, SearchParams.DEFAULTS, rare);
      assertEquals(4, result.count(), "the fallback widens the search until the index is exhausted");
      long[] found = Arrays.copyOf(result.labels(), 4);
      Arrays.sort(found);
      assertArrayEquals(new long[] {5, 777, 4242, 9999}, found);
      assertEquals(-1L, result.labels()[4]);
    }
  }

  @Test
  void selectiveFilterOnFlatReturnsExactlyTheAllowedLabelsThenPadding() {
    try (FaissIndex index = build("Flat")) {
      LabelFilter five = LabelFilter.of(1, 2, 3, 5000, 9999);
      SearchResult result = index.search(sift.queries.row(0), K, SearchParams.DEFAULTS, five);
      assertEquals(5, result.count());
      long[] found = Arrays.copyOf(result.labels(), 5);
      Arrays.sort(found);
      assertArrayEquals(new long[] {1, 2, 3, 5000, 9999}, found);
      SearchResult none = index.search(sift.queries.row(0), K, SearchParams.DEFAULTS, LabelFilter.withCapacity(64));
      assertEquals(0, none.count());
    }
  }

  @Test
  void labelsPastTheFilterCapacityAreNotAllowed() {
    try (FaissIndex index = build("Flat")) {
      LabelFilter low = LabelFilter.withCapacity(128).allowRange(0, 128);
      SearchResult result = index.search(sift.queries.row(0), K, SearchParams.DEFAULTS, low);
      assertEquals(K, result.count());
      assertTrue(Arrays.stream(result.labels()).allMatch(l -> l < 128));
    }
  }

  static long handleOf(FaissIndex index) {
    return ((JnaFaissIndex) index).address();
  }
}
