package io.pyrope.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .fvecs / .ivecs reading on tiny files written here, well-formed and broken. */
class VectorFilesTest {

  @TempDir
  Path dir;

  /** Little-endian bytes of rows: each row is written as its length, then its values. */
  static byte[] fvecs(float[]... rows) {
    int size = Arrays.stream(rows).mapToInt(r -> 4 + 4 * r.length).sum();
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : rows) {
      b.putInt(row.length);
      for (float v : row) {
        b.putFloat(v);
      }
    }
    return b.array();
  }

  static byte[] ivecs(int[]... rows) {
    int size = Arrays.stream(rows).mapToInt(r -> 4 + 4 * r.length).sum();
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    for (int[] row : rows) {
      b.putInt(row.length);
      for (int v : row) {
        b.putInt(v);
      }
    }
    return b.array();
  }

  Path file(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  MalformedVectorFileException malformed(Path file, long row, String problem) {
    MalformedVectorFileException e = assertThrows(MalformedVectorFileException.class, () -> VectorFiles.readFvecs(file));
    assertEquals(file, e.file());
    assertEquals(row, e.row(), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("row " + row), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
    return e;
  }

  @Test
  void readsFvecs() throws IOException {
    Path f = file("a.fvecs", fvecs(new float[] {1, 2, 3}, new float[] {4, 5, 6}));
    FloatDataset d = VectorFiles.readFvecs(f);
    assertEquals(2, d.n());
    assertEquals(3, d.dim());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, d.data());
    assertArrayEquals(new float[] {4, 5, 6}, d.row(1));
  }

  @Test
  void limitReadsOnlyTheFirstRowsAndIgnoresTheRest() throws IOException {
    byte[] two = fvecs(new float[] {1, 2}, new float[] {3, 4});
    byte[] withGarbage = Arrays.copyOf(two, two.length + 3); // a broken tail past the limit
    Path f = file("b.fvecs", withGarbage);
    FloatDataset d = VectorFiles.readFvecs(f, 1);
    assertEquals(1, d.n());
    assertArrayEquals(new float[] {1, 2}, d.data());
    assertEquals(2, VectorFiles.readFvecs(f, 2).n());
    assertEquals(0, VectorFiles.readFvecs(f, 0).n());
  }

  @Test
  void limitAboveTheRowCountReadsAll() throws IOException {
    Path f = file("c.fvecs", fvecs(new float[] {1}, new float[] {2}, new float[] {3}));
    assertEquals(3, VectorFiles.readFvecs(f, 1000).n());
  }

  @Test
  void readsIvecs() throws IOException {
    Path f = file("gt.ivecs", ivecs(new int[] {7, 8}, new int[] {9, 10}, new int[] {11, 12}));
    IntDataset d = VectorFiles.readIvecs(f);
    assertEquals(3, d.n());
    assertEquals(2, d.dim());
    assertEquals(10, d.get(1, 1));
    assertArrayEquals(new int[] {11, 12}, d.row(2));
    assertEquals(1, VectorFiles.readIvecs(f, 1).n());
  }

  @Test
  void truncatedMidRow() throws IOException {
    byte[] ok = fvecs(new float[] {1, 2, 3}, new float[] {4, 5, 6});
    malformed(file("t.fvecs", Arrays.copyOf(ok, ok.length - 2)), 1, "truncated");
  }

  @Test
  void truncatedInsideADimensionHeader() throws IOException {
    byte[] ok = fvecs(new float[] {1, 2});
    malformed(file("h.fvecs", Arrays.copyOf(ok, ok.length + 2)), 1, "truncated");
  }

  @Test
  void inconsistentDimension() throws IOException {
    malformed(file("i.fvecs", fvecs(new float[] {1, 2}, new float[] {3, 4}, new float[] {5, 6, 7})), 2,
        "dimension 3 differs from 2");
  }

  @Test
  void zeroDimension() throws IOException {
    malformed(file("z.fvecs", fvecs(new float[0])), 0, "dimension 0");
  }

  @Test
  void negativeDimension() throws IOException {
    byte[] bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-5).putInt(0).array();
    malformed(file("n.fvecs", bytes), 0, "dimension -5");
  }

  @Test
  void hugeDimensionIsRejectedBeforeAllocating() throws IOException {
    byte[] bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.MAX_VALUE).putInt(0).array();
    malformed(file("big.fvecs", bytes), 0, "outside 1..");
  }

  @Test
  void emptyFile() throws IOException {
    malformed(file("e.fvecs", new byte[0]), 0, "empty");
  }

  @Test
  void tooShortForAHeader() throws IOException {
    malformed(file("s.fvecs", new byte[] {1, 0}), 0, "truncated");
  }

  @Test
  void malformedIvecsNamesTheRow() throws IOException {
    Path f = file("bad.ivecs", ivecs(new int[] {1, 2}, new int[] {3}));
    MalformedVectorFileException e = assertThrows(MalformedVectorFileException.class, () -> VectorFiles.readIvecs(f));
    assertEquals(1, e.row());
  }

  @Test
  void rowsSpanningTheReadBufferAreReadWhole() throws IOException {
    int dim = 1000; // 4 KB rows; 400 rows cross the 1 MB buffer boundary
    float[][] rows = new float[400][dim];
    for (int i = 0; i < rows.length; i++) {
      Arrays.fill(rows[i], i);
    }
    FloatDataset d = VectorFiles.readFvecs(file("wide.fvecs", fvecs(rows)));
    assertEquals(400, d.n());
    for (int i = 0; i < rows.length; i++) {
      assertArrayEquals(rows[i], d.row(i));
    }
  }

  @Test
  void siftsmallHasTheExpectedShape() throws IOException {
    String property = System.getProperty("pyrope.shared.data");
    Path sift = property != null ? Path.of(property, "siftsmall") : Path.of("..", "..", "shared", "data", "siftsmall");
    FloatDataset base = VectorFiles.readFvecs(sift.resolve("siftsmall_base.fvecs"));
    assertEquals(10_000, base.n());
    assertEquals(128, base.dim());
    assertEquals(100, VectorFiles.readFvecs(sift.resolve("siftsmall_query.fvecs")).n());
    IntDataset truth = VectorFiles.readIvecs(sift.resolve("siftsmall_groundtruth.ivecs"));
    assertEquals(100, truth.n());
    assertEquals(100, truth.dim());
    assertEquals(5, VectorFiles.readFvecs(sift.resolve("siftsmall_base.fvecs"), 5).n());
  }
}
