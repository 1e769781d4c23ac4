package io.pyrope.search.faiss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** write() then Faiss.read() gives back the same index: same results, same description. */
class FaissPersistenceTest {

  static final int N = 5000;
  static SiftSmall sift;
  static float[] base;

  @TempDir
  Path dir;

  @BeforeAll
  static void load() {
    sift = SiftSmall.get();
    base = Arrays.copyOf(sift.base.data(), N * SiftSmall.DIM);
  }

  void assertRoundTrip(String factory, SearchParams params, String expectedDescription) {
    Path file = dir.resolve(factory.replace(',', '_') + ".faiss");
    int nq = sift.queries.n();
    int k = 10;
    float[] d1 = new float[nq * k];
    long[] l1 = new long[nq * k];
    float[] d2 = new float[nq * k];
    long[] l2 = new long[nq * k];
    try (FaissIndex index = Faiss.create(SiftSmall.DIM, factory, FaissMetric.L2)) {
      if (!index.isTrained()) {
        index.train(base, N);
      }
      index.add(base, N);
      index.search(sift.queries.data(), nq, k, params, null, d1, l1);
      index.write(file);
    }
    assertTrue(Files.isRegularFile(file));
    try (Stream<Path> files = list(dir)) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary file left");
    }
    try (FaissIndex read = Faiss.read(file)) {
      assertEquals(N, read.size());
      assertEquals(SiftSmall.DIM, read.dim());
      assertEquals(FaissMetric.L2, read.metric());
      assertTrue(read.isTrained());
      assertEquals(expectedDescription, read.factory());
      read.search(sift.queries.data(), nq, k, params, null, d2, l2);
    }
    assertArrayEquals(l1, l2);
    assertArrayEquals(d1, d2);
  }

  @Test
  void flat() {
    assertRoundTrip("Flat", SearchParams.DEFAULTS, "Flat");
  }

  @Test
  void hnswWithPerCallEfSearch() {
    assertRoundTrip("HNSW32", SearchParams.ofEfSearch(64), "HNSW32");
  }

  @Test
  void ivfFlatWithPerCallNprobe() {
    assertRoundTrip("IVF50,Flat", SearchParams.ofNprobe(8), "IVF50,Flat");
  }

  @Test
  void scalarQuantizer() {
    assertRoundTrip("SQ8", SearchParams.DEFAULTS, "SQ8");
  }

  @Test
  void writeOverwritesAnExistingFile() throws IOException {
    Path file = dir.resolve("index.faiss");
    Files.writeString(file, "old content");
    try (FaissIndex index = Faiss.create(4, "Flat", FaissMetric.L2)) {
      index.add(new float[] {1, 2, 3, 4}, 1);
      index.write(file);
    }
    try (FaissIndex read = Faiss.read(file)) {
      assertEquals(1, read.size());
    }
  }

  @Test
  void writeIntoAMissingDirectoryIsAFaissError() {
    try (FaissIndex index = Faiss.create(4, "Flat", FaissMetric.L2)) {
      FaissException e = assertThrows(FaissException.class, () -> index.write(dir.resolve("no/such/dir/x.faiss")));
      assertEquals(FaissException.Kind.FAISS_ERROR, e.kind());
    }
  }

  @Test
  void readingGarbageIsAFaissError() throws IOException {
    Path file = dir.resolve("garbage.faiss");
    Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    FaissException e = assertThrows(FaissException.class, () -> Faiss.read(file));
    assertEquals(FaissException.Kind.FAISS_ERROR, e.kind());
    assertTrue(e.nativeMessage() != null && !e.nativeMessage().isEmpty());
  }

  @Test
  void readingAMissingFileIsABadArgument() {
    FaissException e = assertThrows(FaissException.class, () -> Faiss.read(dir.resolve("missing.faiss")));
    assertEquals(FaissException.Kind.BAD_ARGUMENT, e.kind());
    assertTrue(e.getMessage().contains("missing.faiss"), e.getMessage());
  }

  private static Stream<Path> list(Path dir) {
    try {
      return Files.list(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
