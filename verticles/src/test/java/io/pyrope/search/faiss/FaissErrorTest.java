package io.pyrope.search.faiss;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every way of misusing an index ends in a FaissException with a useful kind and message,
 * never in a crash: the JVM that runs these tests would die with a C++ exception or an
 * out-of-bounds read.
 */
class FaissErrorTest {

  static final int DIM = 8;

  static float[] randomVectors(int n, int dim, long seed) {
    java.util.Random random = new java.util.Random(seed);
    float[] v = new float[n * dim];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextFloat();
    }
    return v;
  }

  static FaissException expect(FaissException.Kind kind, Executable call) {
    FaissException e = assertThrows(FaissException.class, call);
    assertEquals(kind, e.kind(), e.getMessage());
    return e;
  }

  @Test
  void bogusFactoryStringIsAFaissError() {
    FaissException e = expect(FaissException.Kind.FAISS_ERROR, () -> Faiss.create(DIM, "Bogus123", FaissMetric.L2));
    assertTrue(e.nativeMessage().contains("Bogus123"), e.nativeMessage());
    assertTrue(e.getMessage().startsWith("faiss create 'Bogus123' failed (FAISS_ERROR)"), e.getMessage());
  }

  @Test
  void factoryIncompatibleWithDimIsAFaissError() {
    expect(FaissException.Kind.FAISS_ERROR, () -> Faiss.create(DIM, "PQ3np", FaissMetric.L2));
  }

  @Test
  void trainingIvf1024OnTenPointsIsAFaissError() {
    try (FaissIndex index = Faiss.create(DIM, "IVF1024,Flat", FaissMetric.L2)) {
      FaissException e = expect(FaissException.Kind.FAISS_ERROR, () -> index.train(randomVectors(10, DIM, 1), 10));
      assertTrue(e.nativeMessage().contains("1024"), e.nativeMessage());
      assertTrue(!index.isTrained());
    }
  }

  @Test
  void searchingAnUntrainedIvfIsABadArgument() {
    try (FaissIndex index = Faiss.create(DIM, "IVF4,Flat", FaissMetric.L2)) {
      FaissException e = expect(FaissException.Kind.BAD_ARGUMENT,
          () -> index.search(randomVectors(1, DIM, 2), 3, SearchParams.DEFAULTS, null));
      assertTrue(e.nativeMessage().contains("not trained"), e.nativeMessage());
    }
  }

  @Test
  void addingToAnUntrainedIvfIsABadArgument() {
    try (FaissIndex index = Faiss.create(DIM, "IVF4,Flat", FaissMetric.L2)) {
      expect(FaissException.Kind.BAD_ARGUMENT, () -> index.add(randomVectors(5, DIM, 3), 5));
      assertEquals(0, index.size());
    }
  }

  @Test
  void javaRejectsBadArgumentsBeforeNativeCode() {
    try (FaissIndex index = Faiss.create(DIM, "Flat", FaissMetric.L2)) {
      index.add(randomVectors(20, DIM, 4), 20);
      float[] q = randomVectors(2, DIM, 5);
      List<Executable> calls = List.of(
          () -> index.add(new float[DIM * 2 - 1], 2),
          () -> index.add(null, 1),
          () -> index.add(new float[DIM], -1),
          () -> index.train(new float[0], 0),
          () -> index.search(q, 2, 0, null, null, new float[2], new long[2]),
          () -> index.search(q, 0, 1, null, null, new float[2], new long[2]),
          () -> index.search(q, 3, 1, null, null, new float[3], new long[3]),
          () -> index.search(q, 2, 5, null, null, new float[9], new long[10]),
          () -> index.search(q, 2, 5, null, null, new float[10], new long[9]),
          () -> index.search(q, 1, JnaFaissIndex.MAX_K + 1, null, null, new float[1], new long[1]),
          () -> Faiss.create(0, "Flat", FaissMetric.L2),
          () -> Faiss.create(DIM, " ", FaissMetric.L2),
          () -> Faiss.create(DIM, "Flat", null),
          () -> Faiss.create(DIM, "IDMap,Flat", FaissMetric.L2),
          () -> Faiss.setThreadCount(0));
      for (Executable call : calls) {
        FaissException e = expect(FaissException.Kind.BAD_ARGUMENT, call);
        assertNull(e.nativeMessage(), "rejected in Java: " + e.getMessage());
      }
      assertEquals(20, index.size());
    }
  }

  @Test
  void everyCallAfterCloseFailsClearlyAndCloseIsIdempotent() {
    FaissIndex index = Faiss.create(DIM, "Flat", FaissMetric.L2);
    index.add(randomVectors(10, DIM, 6), 10);
    index.close();
    index.close();
    float[] q = randomVectors(1, DIM, 7);
    List<Executable> calls = List.of(
        index::dim, index::size, index::isTrained, index::metric, index::factory, index::supportsSelector,
        () -> index.add(q, 1), () -> index.train(q, 1), () -> index.search(q, 1, null, null),
        () -> index.write(Path.of("/tmp/never-written.faiss")),
        () -> Faiss.benchSearchLoopNanos(index, q, 1, 1, null, 1));
    for (Executable call : calls) {
      FaissException e = expect(FaissException.Kind.BAD_ARGUMENT, call);
      assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }
    assertTrue(index.toString().contains("closed"));
  }

  @Test
  void perCallNprobeOnAFastScanIvfIsRejectedNotIgnored() {
    float[] train = randomVectors(2000, 16, 8);
    try (FaissIndex index = Faiss.create(16, "IVF8,PQ8x4fs", FaissMetric.L2)) {
      index.train(train, 2000);
      index.add(train, 2000);
      assertEquals(false, index.supportsSelector());
      float[] q = Arrays.copyOf(train, 16);
      assertEquals(0L, index.search(q, 1, SearchParams.DEFAULTS, null).labels()[0]);
      FaissException e = expect(FaissException.Kind.BAD_ARGUMENT, () -> index.search(q, 1, SearchParams.ofNprobe(4), null));
      assertTrue(e.nativeMessage().contains("nprobe"), e.nativeMessage());
      // efSearch does not apply to IVF: ignored, as documented
      assertDoesNotThrow(() -> index.search(q, 1, SearchParams.ofEfSearch(64), null));
    }
  }

  @Test
  void theIndexStillWorksAfterFailures() {
    try (FaissIndex index = Faiss.create(DIM, "Flat", FaissMetric.L2)) {
      float[] v = randomVectors(50, DIM, 9);
      index.add(v, 50);
      assertThrows(FaissException.class, () -> index.add(new float[1], 1));
      SearchResult result = index.search(Arrays.copyOfRange(v, 7 * DIM, 8 * DIM), 1, null, null);
      assertEquals(7L, result.labels()[0]);
      assertEquals(0f, result.distances()[0]);
    }
  }

  @Test
  void fewerVectorsThanKArePaddedWithMinusOne() {
    try (FaissIndex index = Faiss.create(DIM, "Flat", FaissMetric.L2)) {
      index.add(randomVectors(3, DIM, 10), 3);
      SearchResult result = index.search(randomVectors(1, DIM, 11), 5, null, null);
      assertEquals(3, result.count());
      assertEquals(-1L, result.labels()[3]);
      assertEquals(-1L, result.labels()[4]);
    }
  }
}
