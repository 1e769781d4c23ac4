package io.pyrope.dataset;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@code .fvecs}/{@code .ivecs} or IDX file that does not follow its format, with where and
 * why: the row for the TEXMEX formats, the byte offset (into the uncompressed stream) for IDX.
 */
public final class MalformedVectorFileException extends IOException {

  private final Path file;
  private final long row;      // -1 when the problem is located by offset
  private final long offset;   // -1 when the problem is located by row

  MalformedVectorFileException(Path file, long row, String problem) {
    super(file + ": row " + row + ": " + problem);
    this.file = file;
    this.row = row;
    this.offset = -1;
  }

  private MalformedVectorFileException(Path file, String problem, long offset) {
    super(file + ": byte offset " + offset + ": " + problem);
    this.file = file;
    this.row = -1;
    this.offset = offset;
  }

  /** A problem at byte {@code offset} of the file (of its decompressed content for gzip files). */
  static MalformedVectorFileException atOffset(Path file, long offset, String problem) {
    return new MalformedVectorFileException(file, problem, offset);
  }

  public Path file() {
    return file;
  }

  /** The zero-based row where reading failed; -1 for problems located by {@link #offset()}. */
  public long row() {
    return row;
  }

  /** The byte offset where reading failed; -1 for problems located by {@link #row()}. */
  public long offset() {
    return offset;
  }
}
