package io.pyrope.dataset;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader for the IDX format of MNIST and Fashion-MNIST (Debian's {@code dataset-fashion-mnist}
 * installs {@code /usr/share/datasets/fashion-mnist/*-idx3-ubyte.gz} and {@code *-idx1-ubyte.gz}).
 *
 * <p>Layout, all integers big-endian: two zero bytes, a type byte ({@code 0x08} = unsigned byte,
 * the only type these datasets use and the only one read here), a byte {@code d} = number of
 * dimensions, then {@code d} int32 sizes, then the data, row-major. Images are {@code n × rows ×
 * cols} ({@code d = 3}) and become {@code n} float vectors of {@code rows·cols} values 0..255
 * (not rescaled: L2 distances over the raw pixel values, as ann-benchmarks uses them); labels are
 * {@code n} values ({@code d = 1}).
 *
 * <p>A file starting with the gzip magic ({@code 1f 8b}) is decompressed on the fly, whatever its
 * name. Every problem raises a {@link MalformedVectorFileException} naming the file and the byte
 * offset (into the decompressed stream) where reading stopped: a bad magic, an unsupported type,
 * the wrong number of dimensions, a zero or oversized dimension, a file shorter than its header
 * announces, or a corrupt gzip stream.
 */
public final class IdxFiles {
  /** IDX type byte of unsigned bytes. */
  public static final int TYPE_UBYTE = 0x08;
  /** Largest vector accepted (rows × cols); guards against reading garbage as a huge row. */
  public static final int MAX_DIM = VectorFiles.MAX_DIM;
  /** Largest number of dimensions an IDX header may declare. */
  static final int MAX_DIMS = 8;
  private static final int GZIP_MAGIC_0 = 0x1f;
  private static final int GZIP_MAGIC_1 = 0x8b;
  /** Bytes read per call; the file is streamed. */
  private static final int BUFFER_BYTES = 1 << 16;

  private IdxFiles() {}

  /** Whether {@code file} looks like IDX: a name with {@code idx} in it, or the IDX magic in its first bytes. */
  public static boolean looksLikeIdx(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.contains("-idx") || name.endsWith(".idx") || name.contains("ubyte")) {
      return true;
    }
    try (InputStream in = open(file)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4 && head[0] == 0 && head[1] == 0 && (head[2] & 0xff) == TYPE_UBYTE
          && head[3] >= 1 && head[3] <= MAX_DIMS;
    } catch (IOException e) {
      return false; // not gzip after all, or unreadable: the real reader reports it
    }
  }

  /** All images of an IDX file of {@code d >= 2} dimensions, each flattened to one float vector. */
  public static FloatDataset readImages(Path file) throws IOException {
    return readImages(file, Integer.MAX_VALUE);
  }

  /** The first {@code limit} images (all of them if fewer). */
  public static FloatDataset readImages(Path file, int limit) throws IOException {
    if (limit < 0) {
      throw new IllegalArgumentException("negative row limit " + limit);
    }
    try (Counting in = new Counting(file, open(file))) {
      int[] sizes = header(file, in);
      if (sizes.length < 2) {
        throw MalformedVectorFileException.atOffset(file, 3, "an image file needs 2 or more dimensions, the header"
            + " declares " + sizes.length + " (a label file? read it with readLabels)");
      }
      long dim = 1;
      for (int i = 1; i < sizes.length; i++) {
        dim *= sizes[i];
        if (dim > MAX_DIM) {
          throw MalformedVectorFileException.atOffset(file, 4, "vectors of " + dim + "+ values exceed " + MAX_DIM);
        }
      }
      int n = Math.min(limit, sizes[0]);
      if ((long) n * dim > Integer.MAX_VALUE - 8) {
        throw MalformedVectorFileException.atOffset(file, 4, n + " images of " + dim
            + " values exceed one Java array; pass a smaller limit");
      }
      int d = (int) dim;
      float[] data = new float[n * d];
      byte[] row = new byte[d];
      for (int r = 0; r < n; r++) {
        in.readFully(row, "image " + r + " of " + sizes[0] + " (" + d + " bytes)");
        for (int i = 0; i < d; i++) {
          data[r * d + i] = row[i] & 0xff;
        }
      }
      return new FloatDataset(n, d, data);
    }
  }

  /** All labels of a one-dimensional IDX file. */
  public static int[] readLabels(Path file) throws IOException {
    try (Counting in = new Counting(file, open(file))) {
      int[] sizes = header(file, in);
      if (sizes.length != 1) {
        throw MalformedVectorFileException.atOffset(file, 3, "a label file has 1 dimension, the header declares "
            + sizes.length);
      }
      byte[] raw = new byte[sizes[0]];
      in.readFully(raw, sizes[0] + " labels");
      int[] labels = new int[raw.length];
      for (int i = 0; i < raw.length; i++) {
        labels[i] = raw[i] & 0xff;
      }
      return labels;
    }
  }

  /** Reads and checks the magic and the sizes; returns the sizes. */
  private static int[] header(Path file, Counting in) throws IOException {
    byte[] magic = in.readHeader(4);
    if (magic[0] != 0 || magic[1] != 0) {
      throw MalformedVectorFileException.atOffset(file, 0, String.format("bad magic %02x %02x: an IDX file starts"
          + " with two zero bytes", magic[0] & 0xff, magic[1] & 0xff));
    }
    int type = magic[2] & 0xff;
    if (type != TYPE_UBYTE) {
      throw MalformedVectorFileException.atOffset(file, 2, String.format("data type 0x%02x not supported, only"
          + " 0x%02x (unsigned byte)", type, TYPE_UBYTE));
    }
    int dims = magic[3] & 0xff;
    if (dims < 1 || dims > MAX_DIMS) {
      throw MalformedVectorFileException.atOffset(file, 3, "number of dimensions " + dims + " outside 1.." + MAX_DIMS);
    }
    int[] sizes = new int[dims];
    for (int i = 0; i < dims; i++) {
      long at = in.offset();
      byte[] b = in.readHeader(4);
      int size = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
      if (size <= 0) {
        throw MalformedVectorFileException.atOffset(file, at, "size of dimension " + i + " is " + size
            + " (read as big-endian int32; must be positive)");
      }
      sizes[i] = size;
    }
    return sizes;
  }

  private static InputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    if (b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1) {
      return new BufferedInputStream(new GZIPInputStream(raw, BUFFER_BYTES), BUFFER_BYTES);
    }
    return raw;
  }

  /** The stream with the count of bytes consumed, so errors can say where. */
  private static final class Counting implements AutoCloseable {
    private final Path file;
    private final InputStream in;
    private long offset;

    Counting(Path file, InputStream in) {
      this.file = file;
      this.in = in;
    }

    long offset() {
      return offset;
    }

    byte[] readHeader(int n) throws IOException {
      byte[] b = new byte[n];
      readFully(b, "the header");
      return b;
    }

    void readFully(byte[] b, String what) throws IOException {
      int got = 0;
      try {
        while (got < b.length) {
          int r = in.read(b, got, b.length - got);
          if (r < 0) {
            break;
          }
          got += r;
        }
      } catch (EOFException e) {
        // a gzip stream cut short: reported below as truncated
      } catch (java.util.zip.ZipException e) {
        throw MalformedVectorFileException.atOffset(file, offset + got, "corrupt gzip data: " + e.getMessage());
      }
      long start = offset;
      offset += got;
      if (got < b.length) {
        throw MalformedVectorFileException.atOffset(file, start, "truncated: " + what + " needs " + b.length
            + " bytes, the file ends after " + got);
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
