package io.pyrope.ai.features;

/**
 * A log record the controller cannot use. {@link #reason} is a short, stable label for counting
 * ({@value #MALFORMED_JSON}, {@value #WRONG_SCHEMA}, {@value #BAD_FIELD}); the message names what was
 * wrong. The record is skipped; the consumer loop goes on.
 */
public final class BadRecordException extends Exception {
  private static final long serialVersionUID = 1L;
  /** Not a JSON object at all. */
  public static final String MALFORMED_JSON = "malformed_json";
  /** JSON, but its {@code schema} is not the topic's layout (or is missing). */
  public static final String WRONG_SCHEMA = "wrong_schema";
  /** The right layout, but a field the controller needs is missing or of the wrong type. */
  public static final String BAD_FIELD = "bad_field";

  private final String reason;

  public BadRecordException(String reason, String message) {
    super(message, null, false, false); // no stack trace: expected, counted, cheap
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
