package io.pyrope.ai.sim;

/**
 * A trace file that is not a valid {@code pyrope.trace/v1} stream. The message names the file,
 * the 1-based line and the field: {@code trace.jsonl:12: field 'cost' must be an integer >= 0, got -3}.
 */
public final class TraceFormatException extends RuntimeException {
  private final String file;
  private final long line;
  private final String field;

  public TraceFormatException(String file, long line, String field, String problem) {
    super(file + ":" + line + ": " + (field == null ? "" : "field '" + field + "' ") + problem);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  /** The file as named to the reader. */
  public String file() {
    return file;
  }

  /** 1-based line number; 0 when the problem concerns the whole file. */
  public long line() {
    return line;
  }

  /** The offending field, or null when the whole line (or file) is wrong. */
  public String field() {
    return field;
  }
}
