package io.pyrope.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Readers for the TEXMEX formats of the SIFT/GIST benchmark sets
 * (http://corpus-texmex.irisa.fr/): {@code .fvecs} holds, per vector, an int32 dimension
 * {@code d} followed by {@code d} float32; {@code .ivecs} the same with int32 values. Both
 * little-endian. Every row must repeat the first row's dimension.
 *
 * <p>Files are streamed through one buffer, each row checked as it is read: a file that ends
 * mid-row, a row whose dimension differs, a dimension {@code <= 0} or above {@link #MAX_DIM}
 * raise a {@link MalformedVectorFileException} naming the file, the row and the problem.
 */
public final class VectorFiles {

  /** Largest dimension accepted; guards against reading garbage as a huge row. */
  public static final int MAX_DIM = 1 << 16;
  /** Read buffer size; holds at least one full row of MAX_DIM. */
  private static final int BUFFER_BYTES = 1 << 20;

  private VectorFiles() {}

  /** All vectors of an {@code .fvecs} file. */
  public static FloatDataset readFvecs(Path file) throws IOException {
    return readFvecs(file, Integer.MAX_VALUE);
  }

  /** The first {@code limit} vectors of an {@code .fvecs} file (all of them if fewer). */
  public static FloatDataset readFvecs(Path file, int limit) throws IOException {
    Rows rows = read(file, limit, false);
    return new FloatDataset(rows.n, rows.dim, rows.floats);
  }

  /** All rows of an {@code .ivecs} file. */
  public static IntDataset readIvecs(Path file) throws IOException {
    return readIvecs(file, Integer.MAX_VALUE);
  }

  /** The first {@code limit} rows of an {@code .ivecs} file (all of them if fewer). */
  public static IntDataset readIvecs(Path file, int limit) throws IOException {
    Rows rows = read(file, limit, true);
    return new IntDataset(rows.n, rows.dim, rows.ints);
  }

  private record Rows(int n, int dim, float[] floats, int[] ints) {}

  private static Rows read(Path file, int limit, boolean ints) throws IOException {
    if (limit < 0) {
      throw new IllegalArgumentException("negative row limit " + limit);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long fileSize = channel.size();
      Reader in = new Reader(channel);
      if (fileSize == 0) {
        throw new MalformedVectorFileException(file, 0, "file is empty");
      }
      if (!in.fill(Integer.BYTES)) {
        throw new MalformedVectorFileException(file, 0, "truncated: " + fileSize + " bytes, no room for a dimension");
      }
      int dim = in.buffer.getInt(in.buffer.position());
      if (dim <= 0 || dim > MAX_DIM) {
        throw new MalformedVectorFileException(file, 0, "dimension " + dim + " outside 1.." + MAX_DIM);
      }
      long rowBytes = Integer.BYTES + (long) dim * Integer.BYTES;
      // Rows that fit in the file; a trailing partial row is reported when reached.
      long capacity = Math.min(limit, fileSize / rowBytes);
      if (capacity * dim > Integer.MAX_VALUE - 8) {
        throw new MalformedVectorFileException(file, 0, capacity + " rows of dimension " + dim
            + " exceed one Java array; pass a smaller limit");
      }
      int n = (int) capacity;
      float[] floats = ints ? null : new float[n * dim];
      int[] values = ints ? new int[n * dim] : null;
      for (int row = 0; row < limit; row++) {
        if (!in.fill(1)) {
          break; // clean end of file
        }
        if (!in.fill(Integer.BYTES)) {
          throw new MalformedVectorFileException(file, row, "truncated: " + in.available()
              + " bytes left where a 4-byte dimension should start");
        }
        int rowDim = in.buffer.getInt();
        if (rowDim != dim) {
          throw new MalformedVectorFileException(file, row, "dimension " + rowDim + " differs from "
              + dim + " in row 0");
        }
        if (row >= n) {
          // Only reachable when the file's size is not a whole number of rows.
          throw new MalformedVectorFileException(file, row, "truncated: file size " + fileSize
              + " is not a multiple of the row size " + rowBytes);
        }
        if (!in.fill(dim * Integer.BYTES)) {
          throw new MalformedVectorFileException(file, row, "truncated: " + in.available()
              + " bytes left, a row of dimension " + dim + " needs " + dim * Integer.BYTES);
        }
        if (ints) {
          in.buffer.asIntBuffer().get(values, row * dim, dim);
        } else {
          in.buffer.asFloatBuffer().get(floats, row * dim, dim);
        }
        in.buffer.position(in.buffer.position() + dim * Integer.BYTES);
      }
      return new Rows(n, dim, floats, values);
    }
  }

  /** A little-endian window over the channel that can guarantee {@code k} readable bytes. */
  private static final class Reader {
    private final FileChannel channel;
    final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN).flip();
    private boolean eof;

    Reader(FileChannel channel) {
      this.channel = channel;
    }

    /** Whether {@code k} bytes are readable, reading more from the file if needed. */
    boolean fill(int k) throws IOException {
      while (buffer.remaining() < k && !eof) {
        buffer.compact();
        int read = channel.read(buffer);
        buffer.flip();
        if (read < 0) {
          eof = true;
        }
      }
      return buffer.remaining() >= k;
    }

    int available() {
      return buffer.remaining();
    }
  }
}
