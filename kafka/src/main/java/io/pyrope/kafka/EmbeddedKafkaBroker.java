package io.pyrope.kafka;

import io.pyrope.kafka.impl.DataDirLock;
import io.pyrope.kafka.impl.FreePorts;
import io.pyrope.kafka.impl.KraftBrokerProperties;
import io.pyrope.kafka.impl.KraftStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, combined broker + controller) running inside the node's JVM, with
 * its log under {@code <dataDir>/kafka}. It is the default WAL and log store of a one-machine
 * Pyrope; many machines point at an external cluster instead.
 *
 * <p><b>Threading and lifecycle.</b> One instance runs one broker once: {@code NEW → start() →
 * RUNNING → close() → CLOSED}. {@link #start()} and {@link #close()} are synchronized and block
 * (start up to {@link EmbeddedKafkaOptions#startTimeout()}, close until the broker's threads have
 * stopped): call them from a start-up or worker thread, never from an event loop. A {@code close()}
 * racing a {@code start()} waits for the start to finish. Accessors are thread-safe. To restart,
 * create a new instance on the same data directory: formatted storage, topics and records survive.
 * The broker's non-daemon threads keep the JVM alive until {@code close()}: close it in
 * {@code finally} or on node stop, after the node's producers and consumers are closed.
 *
 * <p><b>Invariants.</b> The log directory is formatted at most once (only when
 * {@code meta.properties} is absent), so its cluster id is stable. From start to close the
 * instance holds an OS lock on {@code <dataDir>/kafka.lock}, so a second broker (in this JVM or
 * another process) cannot open the same directory. A failed {@code start()} leaves no broker
 * threads behind, releases the lock, and leaves the instance CLOSED. When a port is 0 a free port is picked at each
 * start, so a restart may get new ports: this is fine for the static single-voter quorum, whose
 * endpoint comes from the configuration, not from the metadata log. Clients must re-read
 * {@link #bootstrapServers()} after a restart.
 *
 * <p><b>Timings</b> (measured on this project's dev machine: 2 cores, Java 17, Kafka 4.3.1):
 * the first start in a fresh JVM takes 1.2-1.6 s, of which formatting a new directory is
 * 70-90 ms and the rest is mostly class loading; a start or restart later in the same JVM takes
 * 0.15-0.25 s; {@code close()} takes 0.06-0.4 s (typically 0.25 s).
 *
 * <p><b>Rejected alternatives.</b> {@code KafkaClusterTestKit} (test artifact, defaults internal
 * topics to replication factor 3); an external process (a second thing to install and supervise);
 * port 0 in the listener list (the controller voter list needs the real port before start).
 *
 * <p><b>Kafka may halt the JVM.</b> Kafka's fatal fault handlers (raft manager, metadata loading,
 * controller start-up, quorum controller) call {@code Exit.halt(1)}: the process ends at once,
 * without shutdown hooks. The two ways a start could trigger that are checked first (a taken
 * controller port, a second broker on the same directory). At run time it is left as is: such a
 * fault means a corrupt metadata log, and the node cannot serve writes without its WAL; the
 * supervisor restarts the node, which recovers from the WAL. Overriding Kafka's global
 * {@code Exit} procedures would leave a half-dead broker in a live node instead.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  /** Per-attempt bound of the readiness probe during start (the overall bound is the start timeout). */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  /** Pause between readiness probes that got an answer without a live broker. */
  private static final long PROBE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /**
   * Lock file next to the log directory. Kafka locks its log directory only late in start-up, after
   * the controller has opened the metadata log: a second broker on the same directory would write
   * to the first one's metadata log before failing. This lock is taken before anything else.
   */
  public static final String LOCK_FILE_NAME = "kafka.lock";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private enum State { NEW, STARTING, RUNNING, CLOSED }

  private final EmbeddedKafkaOptions options;  // immutable settings
  private State state = State.NEW;             // guarded by this
  private KafkaRaftServer server;              // guarded by this; set in start(), null again after close
  private DataDirLock lock;                    // guarded by this; held from start until close
  private volatile String bootstrapServers;    // "127.0.0.1:port" while RUNNING, else null
  private volatile String clusterId;           // from meta.properties while RUNNING, else null

  public EmbeddedKafkaBroker(EmbeddedKafkaOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Formats the log directory if needed, starts the broker and waits until it answers requests.
   *
   * @return the bootstrap servers ({@code 127.0.0.1:port})
   * @throws KafkaSetupException if the directory is unusable or the broker does not become ready
   *     within the start timeout; the instance is then CLOSED
   * @throws IllegalStateException if this instance was already started
   */
  public synchronized String start() {
    if (state != State.NEW) {
      throw new IllegalStateException("KAFKA_ERR_STATE start() on a broker that is " + state
          + "; an EmbeddedKafkaBroker starts once, create a new one on the same data dir to restart");
    }
    state = State.STARTING;
    long t0 = System.nanoTime();
    long deadline = t0 + options.startTimeout().toNanos();
    Path logDir = options.logDir();
    try {
      prepareLogDir(logDir);
      lock = DataDirLock.acquire(options.dataDir().resolve(LOCK_FILE_NAME), logDir);
      int[] ports = resolvePorts();
      checkPortsFree(ports);
      Properties props = KraftBrokerProperties.build(options, ports[0], ports[1]);
      boolean fresh = !KraftStorage.isFormatted(logDir);
      String id = KraftStorage.formatIfAbsent(
          logDir, KraftBrokerProperties.NODE_ID, KraftBrokerProperties.CONTROLLER_LISTENER);
      long formatted = System.nanoTime();
      // doLog=false: KafkaConfig would otherwise print its ~400 settings at INFO.
      server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
      server.startup();
      String bootstrap = EmbeddedKafkaOptions.HOST + ":" + ports[0];
      awaitReady(bootstrap, deadline);
      clusterId = id;
      bootstrapServers = bootstrap;
      state = State.RUNNING;
      LOG.info("Embedded Kafka ready at {} (cluster {}, log dir {}) in {} ms{}", bootstrap, id, logDir,
          millisSince(t0), fresh ? " (format " + (formatted - t0) / 1_000_000 + " ms)" : "");
      return bootstrap;
    } catch (KafkaSetupException e) {
      abortStart();
      throw e;
    } catch (Error e) {
      abortStart();
      throw e;
    } catch (Exception e) {
      abortStart();
      throw new KafkaSetupException("KAFKA_ERR_START embedded Kafka on " + logDir
          + " failed to start after " + millisSince(t0) + " ms: " + e, e);
    }
  }

  /** The bootstrap servers of the running broker. */
  public String bootstrapServers() {
    String b = bootstrapServers;
    if (b == null) {
      throw new IllegalStateException("KAFKA_ERR_STATE the embedded broker is not running");
    }
    return b;
  }

  /** The cluster id of the running broker (stable across restarts on the same data dir). */
  public String clusterId() {
    String id = clusterId;
    if (id == null) {
      throw new IllegalStateException("KAFKA_ERR_STATE the embedded broker is not running");
    }
    return id;
  }

  /** True between a successful {@link #start()} and {@link #close()}. */
  public boolean isRunning() {
    return bootstrapServers != null;
  }

  public EmbeddedKafkaOptions options() {
    return options;
  }

  /** Shuts the broker down and waits for its threads. Idempotent; a no-op after a failed start. */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED || state == State.NEW) {
      state = State.CLOSED;
      return;
    }
    long t0 = System.nanoTime();
    state = State.CLOSED;
    bootstrapServers = null;
    clusterId = null;
    stopServer();
    LOG.info("Embedded Kafka on {} stopped in {} ms", options.logDir(), millisSince(t0));
  }

  private void abortStart() {
    state = State.CLOSED;
    stopServer();
  }

  /**
   * Stops the server if one was created (Kafka's shutdown tolerates a half-started server), then
   * releases the directory lock: only once no broker thread can touch the directory.
   */
  private void stopServer() {
    KafkaRaftServer s = server;
    server = null;
    if (s != null) {
      try {
        s.shutdown();
        s.awaitShutdown();
      } catch (RuntimeException e) {
        LOG.warn("Embedded Kafka on {} did not shut down cleanly", options.logDir(), e);
      }
    }
    if (lock != null) {
      lock.close();
      lock = null;
    }
  }

  private void prepareLogDir(Path logDir) {
    try {
      Files.createDirectories(logDir);
    } catch (IOException | SecurityException e) {
      throw new KafkaSetupException("KAFKA_ERR_DATA_DIR cannot create the Kafka log directory " + logDir
          + " under data dir " + options.dataDir() + ": " + e, e);
    }
    if (!Files.isWritable(logDir)) {
      throw new KafkaSetupException("KAFKA_ERR_DATA_DIR the Kafka log directory " + logDir
          + " is not writable");
    }
  }

  private int[] resolvePorts() {
    int port = options.port();
    int controllerPort = options.controllerPort();
    if (port != 0 && controllerPort != 0) {
      return new int[] {port, controllerPort};
    }
    int[] free = FreePorts.pick(EmbeddedKafkaOptions.HOST, 3);
    // Three candidates so the picks never collide with a fixed port given for the other listener.
    int p = port != 0 ? port : (free[0] != controllerPort ? free[0] : free[2]);
    int c = controllerPort != 0 ? controllerPort : (free[1] != p ? free[1] : free[2]);
    return new int[] {p, c};
  }

  /**
   * Fails with a clear error when a listener port is taken. Not only for the message: Kafka treats
   * a controller listener that cannot bind as a fatal fault and halts the whole JVM (measured), so
   * a taken port must be caught before Kafka sees it. A race with another process remains possible
   * between this check and Kafka's bind; it is tiny for picked ports and unusual for fixed ones.
   */
  private static void checkPortsFree(int[] ports) {
    String[] names = {"client", "controller"};
    for (int i = 0; i < ports.length; i++) {
      if (!FreePorts.isFree(EmbeddedKafkaOptions.HOST, ports[i])) {
        throw new KafkaSetupException("KAFKA_ERR_PORT the Kafka " + names[i] + " port "
            + EmbeddedKafkaOptions.HOST + ":" + ports[i] + " is already in use");
      }
    }
  }

  /** Probes with describeCluster until a live broker answers or the start deadline passes. */
  private void awaitReady(String bootstrap, long deadline) {
    KafkaClientFactory factory = new KafkaClientFactory(bootstrap);
    try (Admin admin = factory.admin("pyrope-embedded-readiness")) {
      KafkaReadiness.Status status;
      while (true) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new KafkaSetupException("KAFKA_ERR_START embedded Kafka at " + bootstrap
              + " did not answer within the start timeout " + options.startTimeout());
        }
        Duration probe = Duration.ofNanos(Math.min(remaining, PROBE_TIMEOUT.toNanos()));
        status = KafkaReadiness.checkBlocking(admin, probe);
        if (status.ready()) {
          return;
        }
        LOG.debug("Embedded Kafka at {} not ready yet: {}", bootstrap, status.detail());
        LockSupport.parkNanos(Math.min(PROBE_PAUSE_NANOS, Math.max(0, deadline - System.nanoTime())));
      }
    }
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
