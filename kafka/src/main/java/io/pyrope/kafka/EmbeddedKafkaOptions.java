package io.pyrope.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of one {@link EmbeddedKafkaBroker}. Immutable; build with {@link #builder(Path)}.
 *
 * <p>The broker always binds to {@link #HOST}: it is the node's private WAL and log store, not a
 * service for other machines (point the nodes at an external cluster for that).
 *
 * @param dataDir the node's data directory; the broker keeps its log under {@code <dataDir>/kafka}
 * @param port the client (PLAINTEXT) listener port, {@code 0} to pick a free one at each start
 * @param controllerPort the KRaft controller listener port, {@code 0} to pick a free one at each start
 * @param startTimeout how long {@link EmbeddedKafkaBroker#start()} may take before it gives up
 * @param brokerProperties extra broker properties, applied over the defaults (not the topology keys)
 */
public record EmbeddedKafkaOptions(
    Path dataDir,
    int port,
    int controllerPort,
    Duration startTimeout,
    Map<String, String> brokerProperties) {

  /** The only interface the broker listens on. */
  public static final String HOST = "127.0.0.1";
  /** Name of the sub-directory of {@link #dataDir} that holds the broker's log and metadata. */
  public static final String LOG_DIR_NAME = "kafka";
  /**
   * Default start budget. A clean start takes ~1.5 s, but after a crash the broker first recovers
   * its unflushed log segments, which grows with the WAL; a budget that cuts recovery short makes
   * every later start redo it and fail again. Generous on purpose.
   */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(5);
  /**
   * Smallest accepted start budget. The budget is also Kafka's own start-up deadline, and Kafka
   * halts the JVM when its controller misses that deadline; a clean controller start takes well
   * under a second, so 10 s keeps that path out of reach.
   */
  public static final Duration MIN_START_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Keys that define the single-node topology. The broker sets them itself; letting a caller
   * override one would produce a broker that cannot reach its own controller or log directory.
   */
  public static final Set<String> RESERVED_PROPERTIES = Set.of(
      "process.roles", "node.id", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
      "listeners", "advertised.listeners", "controller.listener.names", "inter.broker.listener.name",
      "listener.security.protocol.map", "log.dirs", "log.dir", "metadata.log.dir");

  public EmbeddedKafkaOptions {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(startTimeout, "startTimeout");
    Objects.requireNonNull(brokerProperties, "brokerProperties");
    checkPort("port", port);
    checkPort("controllerPort", controllerPort);
    if (port != 0 && port == controllerPort) {
      throw new IllegalArgumentException(
          "KAFKA_ERR_OPTIONS port and controllerPort must differ, both are " + port);
    }
    if (startTimeout.compareTo(MIN_START_TIMEOUT) < 0) {
      throw new IllegalArgumentException("KAFKA_ERR_OPTIONS startTimeout must be at least "
          + MIN_START_TIMEOUT + ", got " + startTimeout);
    }
    for (String key : brokerProperties.keySet()) {
      if (RESERVED_PROPERTIES.contains(key)) {
        throw new IllegalArgumentException("KAFKA_ERR_OPTIONS broker property '" + key
            + "' is set by the embedded broker itself and cannot be overridden");
      }
    }
    dataDir = dataDir.toAbsolutePath().normalize();
    brokerProperties = Collections.unmodifiableMap(new LinkedHashMap<>(brokerProperties));
  }

  /** The broker's log directory, {@code <dataDir>/kafka}. */
  public Path logDir() {
    return dataDir.resolve(LOG_DIR_NAME);
  }

  /** A builder with free ports, {@link #DEFAULT_START_TIMEOUT} and no extra properties. */
  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "KAFKA_ERR_OPTIONS " + name + " must be 0 (pick a free port) or 1-65535, got " + port);
    }
  }

  /** Builds {@link EmbeddedKafkaOptions}; validation happens in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final Path dataDir;
    private int port;
    private int controllerPort;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
    }

    /** Client listener port; {@code 0} (the default) picks a free port at each start. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Controller listener port; {@code 0} (the default) picks a free port at each start. */
    public Builder controllerPort(int controllerPort) {
      this.controllerPort = controllerPort;
      return this;
    }

    /** Upper bound for {@link EmbeddedKafkaBroker#start()}. */
    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    /** One extra broker property (e.g. {@code log.flush.interval.messages}); the last value wins. */
    public Builder brokerProperty(String key, String value) {
      brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public EmbeddedKafkaOptions build() {
      return new EmbeddedKafkaOptions(dataDir, port, controllerPort, startTimeout, brokerProperties);
    }
  }
}
