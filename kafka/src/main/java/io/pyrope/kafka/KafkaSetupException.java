package io.pyrope.kafka;

/**
 * Kafka infrastructure could not be set up: the embedded broker did not start, or topics could
 * not be provisioned in time. The message starts with a code ({@code KAFKA_ERR_START},
 * {@code KAFKA_ERR_DATA_DIR}, {@code KAFKA_ERR_PORT}, {@code KAFKA_ERR_PROVISION}) and names the directory, address
 * or topic involved. These are start-up failures of the node, never errors shown to a RESP client
 * (the data plane maps an unavailable WAL to {@code VEC_ERR_UNAVAILABLE}).
 */
public class KafkaSetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KafkaSetupException(String message) {
    super(message);
  }

  public KafkaSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
