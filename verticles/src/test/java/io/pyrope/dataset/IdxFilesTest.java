package io.pyrope.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX (MNIST / Fashion-MNIST) reading on tiny hand-written files, plain and gzip, well-formed and broken. */
class IdxFilesTest {

  @TempDir
  Path dir;

  /** Two 2×3 images: pixels 0..5 and 250..255. */
  static final byte[] IMAGES = {
      0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3,
      0, 1, 2, 3, 4, 5,
      (byte) 250, (byte) 251, (byte) 252, (byte) 253, (byte) 254, (byte) 255};
  static final byte[] LABELS = {0, 0, 0x08, 1, 0, 0, 0, 3, 9, 0, 7};

  Path file(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  MalformedVectorFileException malformed(Path f, long offset, String problem, boolean labels) {
    MalformedVectorFileException e = assertThrows(MalformedVectorFileException.class,
        () -> {
          if (labels) {
            IdxFiles.readLabels(f);
          } else {
            IdxFiles.readImages(f);
          }
        });
    assertEquals(f, e.file());
    assertEquals(offset, e.offset(), e.getMessage());
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("byte offset " + offset), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
    return e;
  }

  @Test
  void readsImagesAsUnscaledFloats() throws IOException {
    FloatDataset d = IdxFiles.readImages(file("tiny-images-idx3-ubyte", IMAGES));
    assertEquals(2, d.n());
    assertEquals(6, d.dim());
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, d.row(0));
    assertArrayEquals(new float[] {250, 251, 252, 253, 254, 255}, d.row(1));
    assertEquals(1, IdxFiles.readImages(file("x", IMAGES), 1).n());
  }

  @Test
  void readsGzipByItsMagicWhateverTheName() throws IOException {
    Path f = file("images.bin", gzip(IMAGES));
    assertArrayEquals(IdxFiles.readImages(file("plain", IMAGES)).data(), IdxFiles.readImages(f).data());
    assertTrue(IdxFiles.looksLikeIdx(f));
  }

  @Test
  void readsLabels() throws IOException {
    assertArrayEquals(new int[] {9, 0, 7}, IdxFiles.readLabels(file("l-idx1-ubyte.gz", gzip(LABELS))));
  }

  @Test
  void recognisesIdxByNameOrMagicButNotFvecs() throws IOException {
    assertTrue(IdxFiles.looksLikeIdx(file("train-images-idx3-ubyte", new byte[0])));
    assertTrue(IdxFiles.looksLikeIdx(file("data.bin", IMAGES)));
    byte[] fvecs = {4, 0, 0, 0, 0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assertFalse(IdxFiles.looksLikeIdx(file("base.fvecs", fvecs)));
  }

  @Test
  void truncatedData() throws IOException {
    Path f = file("t", Arrays.copyOf(IMAGES, IMAGES.length - 2));
    malformed(f, 22, "truncated: image 1 of 2 (6 bytes) needs 6 bytes, the file ends after 4", false);
  }

  @Test
  void truncatedGzipReportsTheDecompressedOffset() throws IOException {
    byte[] z = gzip(Arrays.copyOf(IMAGES, 20)); // a whole gzip stream holding a cut IDX file
    malformed(file("t.gz", z), 16, "truncated: image 0 of 2", false);
  }

  @Test
  void truncatedHeader() throws IOException {
    malformed(file("h", Arrays.copyOf(IMAGES, 10)), 8, "truncated: the header", false);
  }

  @Test
  void badMagic() throws IOException {
    byte[] b = IMAGES.clone();
    b[1] = 7;
    malformed(file("m", b), 0, "bad magic 00 07", false);
  }

  @Test
  void unsupportedType() throws IOException {
    byte[] b = IMAGES.clone();
    b[2] = 0x0D; // float
    malformed(file("f", b), 2, "data type 0x0d not supported", false);
  }

  @Test
  void labelsAreNotImages() throws IOException {
    malformed(file("l", LABELS), 3, "needs 2 or more dimensions, the header declares 1", false);
  }

  @Test
  void imagesAreNotLabels() throws IOException {
    malformed(file("i", IMAGES), 3, "a label file has 1 dimension, the header declares 3", true);
  }

  @Test
  void zeroDimensionCount() throws IOException {
    byte[] b = IMAGES.clone();
    b[3] = 0;
    malformed(file("z", b), 3, "number of dimensions 0 outside 1..", false);
  }

  @Test
  void nonPositiveSize() throws IOException {
    byte[] b = IMAGES.clone();
    b[8] = (byte) 0x80; // rows = negative as int32
    malformed(file("n", b), 8, "size of dimension 1 is", false);
  }

  @Test
  void emptyFile() throws IOException {
    malformed(file("e", new byte[0]), 0, "truncated: the header", false);
  }

  @Test
  void fashionMnistFromDebianWhenInstalled() throws IOException {
    Path dirPath = Path.of("/usr/share/datasets/fashion-mnist");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dirPath), "dataset-fashion-mnist not installed");
    FloatDataset test = IdxFiles.readImages(dirPath.resolve("t10k-images-idx3-ubyte.gz"), 100);
    assertEquals(100, test.n());
    assertEquals(784, test.dim());
    int[] labels = IdxFiles.readLabels(dirPath.resolve("t10k-labels-idx1-ubyte.gz"));
    assertEquals(10_000, labels.length);
    assertTrue(Arrays.stream(labels).allMatch(l -> l >= 0 && l <= 9));
  }
}
