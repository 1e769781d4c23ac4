package io.pyrope.kafka;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Sorts a Kafka client failure into what the caller should do about it, following Kafka's own
 * examples: fatal errors stop the component, retriable ones are logged and retried, and a
 * rejected record fails that one request only.
 *
 * <p>For a WAL write: {@link Kind#RETRIABLE} after the producer's own bounded retries means Kafka
 * is unavailable (reply {@code VEC_ERR_UNAVAILABLE}, the write was not applied);
 * {@link Kind#RECORD_REJECTED} is the request's fault ({@code VEC_ERR_LIMIT} for a too large
 * record); {@link Kind#FATAL} means the producer can never succeed again (close it, fail the
 * node's readiness, alert). Stateless and thread-safe.
 */
public final class KafkaErrors {
  /** What a failure means for the component that saw it. */
  public enum Kind {
    /** Transient (timeouts, leader changes, broker down): retry, or report unavailable. */
    RETRIABLE,
    /** This record can never be written (too large, bad topic): fail this request only. */
    RECORD_REJECTED,
    /** The client is unusable (auth, fenced, unsupported version, broken sequence): stop it. */
    FATAL
  }

  private KafkaErrors() {}

  /** Classifies {@code failure}, unwrapping Execution/CompletionException first. */
  public static Kind classify(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof AuthenticationException || t instanceof AuthorizationException
        || t instanceof UnsupportedVersionException || t instanceof ProducerFencedException
        || t instanceof OutOfOrderSequenceException) {
      return Kind.FATAL;
    }
    if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
        || t instanceof InvalidTopicException || t instanceof SerializationException) {
      return Kind.RECORD_REJECTED;
    }
    if (t instanceof RetriableException) {
      return Kind.RETRIABLE;
    }
    // Anything else from a client (e.g. KafkaException "producer closed") cannot succeed on retry.
    return Kind.FATAL;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof ExecutionException || current instanceof CompletionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
