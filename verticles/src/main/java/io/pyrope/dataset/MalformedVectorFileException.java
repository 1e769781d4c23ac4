package io.pyrope.dataset;

import java.io.IOException;
import java.nio.file.Path;

/** A {@code .fvecs}/{@code .ivecs} file that does not follow the format, with where and why. */
public final class MalformedVectorFileException extends IOException {

  private final Path file;
  private final long row;

  MalformedVectorFileException(Path file, long row, String problem) {
    super(file + ": row " + row + ": " + problem);
    this.file = file;
    this.row = row;
  }

  public Path file() {
    return file;
  }

  /** The zero-based row where reading failed. */
  public long row() {
    return row;
  }
}
