package io.pyrope.telemetry;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * A telemetry record that writes its own JSON, field by field, into the drain thread's streaming
 * generator. Implementations are immutable snapshots (a record, a lambda over final values): they
 * are built on the request's thread and written on {@link LogPublisher}'s drain thread.
 *
 * <p>Rejected: building a {@code JsonObject} tree and encoding it — per record that is a map and
 * an entry per field, boxed numbers, nested maps for every sub-object, and a walk of the tree by
 * Jackson's databind, all to produce the same bytes this writes directly.
 */
@FunctionalInterface
public interface LogRecord {
  /** Writes exactly one JSON value (the record's object) to {@code out}. */
  void writeTo(JsonGenerator out) throws IOException;
}
