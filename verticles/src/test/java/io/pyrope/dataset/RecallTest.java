package io.pyrope.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** recall@k = |top-k results ∩ top-k truth| / k, averaged over queries; checked by hand. */
class RecallTest {

  /** Two queries, ground truth 4 deep. */
  static final IntDataset TRUTH = new IntDataset(2, 4, new int[] {
      10, 11, 12, 13,
      20, 21, 22, 23});

  @Test
  void handCheckedCase() {
    long[] results = {
        12, 10, 99, // query 0: 10 and 12 are in truth top-3 {10,11,12} -> 2/3
        23, 20, 21}; // query 1: 20, 21 in {20,21,22}; 23 is only 4th -> 2/3
    assertEquals(2.0 / 3.0, Recall.atK(results, TRUTH, 3), 1e-12);
    int[] asInts = {12, 10, 99, 23, 20, 21};
    assertEquals(2.0 / 3.0, Recall.atK(asInts, TRUTH, 3), 1e-12);
  }

  @Test
  void perfectAndPaddedResults() {
    assertEquals(1.0, Recall.atK(new long[] {11, 10, 21, 20}, TRUTH, 2), 1e-12);
    // -1 padding never matches: query 0 finds 1 of 2, query 1 finds 2 of 2 -> 3/4
    assertEquals(0.75, Recall.atK(new long[] {10, -1, 20, 21}, TRUTH, 2), 1e-12);
  }

  @Test
  void strideLongerThanK() {
    long[] results = {10, 99, 11, 20, 21, 99}; // 3 per query, recall@1 looks at the first only
    assertEquals(1.0, Recall.atK(results, 3, TRUTH, 1), 1e-12);
    // recall@2: {10,99} vs {10,11} -> 1 hit, {20,21} vs {20,21} -> 2 hits; 3 of 4
    assertEquals(0.75, Recall.atK(results, 3, TRUTH, 2), 1e-12);
  }

  @Test
  void rejectsInconsistentShapes() {
    assertThrows(IllegalArgumentException.class, () -> Recall.atK(new long[] {1, 2, 3}, TRUTH, 2));
    assertThrows(IllegalArgumentException.class, () -> Recall.atK(new long[] {1, 2, 3, 4, 5}, TRUTH, 5));
    assertThrows(IllegalArgumentException.class, () -> Recall.atK(new long[6], TRUTH, 2));
  }
}
