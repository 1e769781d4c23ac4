package io.pyrope.kafka.impl;

import io.pyrope.kafka.EmbeddedKafkaOptions;
import io.pyrope.kafka.KafkaClientFactory;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The broker configuration of the embedded single-node KRaft broker: topology keys, then tuned
 * defaults, then the caller's extra properties.
 *
 * <p>Keys are written as strings, not through Kafka's server-side constant classes: the key names
 * are Kafka's documented, stable configuration surface, while the classes holding their constants
 * are internal and move between releases.
 */
public final class KraftBrokerProperties {
  /** The node's id in the single-node quorum; it is stored in meta.properties by the formatter. */
  public static final int NODE_ID = 1;
  /** Listener name of the KRaft controller endpoint (must match the formatter's). */
  public static final String CONTROLLER_LISTENER = "CONTROLLER";
  /** Listener name of the client endpoint, also used between the broker and itself. */
  public static final String CLIENT_LISTENER = "PLAINTEXT";

  /** Internal topics (__consumer_offsets, __transaction_state): 50 partitions by default, a single node needs few. */
  static final int INTERNAL_TOPIC_PARTITIONS = 8;
  /**
   * The log cleaner's key-dedupe buffer; the default 128 MiB is taken from the node's heap. 16 MiB
   * still dedupes ~700k keys per pass, plenty for the policy topic and consumer offsets.
   */
  static final long CLEANER_DEDUPE_BUFFER_BYTES = 16L * 1024 * 1024;
  /** Segment size: 128 MiB instead of 1 GiB so retention and compaction act on a small node too. */
  static final long SEGMENT_BYTES = 128L * 1024 * 1024;

  /** Broker session with the controller (default 9 s): what a restart after a crash waits out. */
  static final long BROKER_SESSION_TIMEOUT_MS = 2_000;
  /** Broker heartbeat (default 2 s), well inside the session. */
  static final long BROKER_HEARTBEAT_INTERVAL_MS = 500;

  private KraftBrokerProperties() {}

  /**
   * The complete broker configuration for {@code options}, listening on the given ports.
   *
   * @param port the resolved (non-zero) client listener port
   * @param controllerPort the resolved (non-zero) controller listener port
   */
  public static Properties build(EmbeddedKafkaOptions options, int port, int controllerPort) {
    String host = EmbeddedKafkaOptions.HOST;
    Path logDir = options.logDir();
    Properties p = new Properties();

    // Topology: one process is both the only controller and the only broker (combined mode).
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(NODE_ID));
    // A static quorum of one voter. Its endpoint is read from this config at every start (it is
    // not pinned in the metadata log), so a restart on new free ports works.
    p.setProperty("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    p.setProperty("listeners", CLIENT_LISTENER + "://" + host + ":" + port + ","
        + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
    p.setProperty("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + port);
    p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
    p.setProperty("inter.broker.listener.name", CLIENT_LISTENER);
    p.setProperty("listener.security.protocol.map",
        CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    // The metadata log lives in the same (only) log directory.
    p.setProperty("log.dirs", logDir.toString());

    // One node: every internal topic at replication factor 1, or group joins and transactions
    // fail with INVALID_REPLICATION_FACTOR.
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");

    // Topics are declared (PyropeTopics) and provisioned; a typo in a topic name must fail, not
    // silently create a topic with default settings.
    p.setProperty("auto.create.topics.enable", "false");
    // Nobody else joins the group: no reason to wait 3 s for more members.
    p.setProperty("group.initial.rebalance.delay.ms", "0");

    // Footprint: fewer threads than a dedicated broker (defaults 3/8/10/2); the node and its
    // ai-controller are the only clients. (A shorter broker heartbeat was measured: it does not
    // shorten start-up, which is dominated by class loading, so it keeps its default.)
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "4");
    p.setProperty("background.threads", "4");
    p.setProperty("num.recovery.threads.per.data.dir", "1");
    // After a crash (SIGKILL) the restarted broker stays fenced until the session of its previous
    // incarnation expires (default 9 s, measured 13-15 s restarts); one node, one process: a
    // short session costs nothing and brings a crashed node back seconds sooner.
    p.setProperty("broker.session.timeout.ms", Long.toString(BROKER_SESSION_TIMEOUT_MS));
    p.setProperty("broker.heartbeat.interval.ms", Long.toString(BROKER_HEARTBEAT_INTERVAL_MS));
    // Bounds the controller's and the broker's own start-up waits (e.g. for unfencing).
    p.setProperty("server.max.startup.time.ms", Long.toString(options.startTimeout().toMillis()));

    // Let the OS size (autotune) the receive buffer of client connections instead of Kafka's fixed
    // 100 KiB: a ~770 KB WAL record then arrives in a few reads instead of many; the network
    // thread's CPU per vector loaded halved (DurabilityBench's per-thread CPU, ~1.0 -> ~0.5 us).
    p.setProperty("socket.receive.buffer.bytes", Integer.toString(KafkaClientFactory.OS_DEFAULT_SOCKET_BUFFER));
    p.setProperty("log.segment.bytes", Long.toString(SEGMENT_BYTES));
    p.setProperty("log.cleaner.dedupe.buffer.size", Long.toString(CLEANER_DEDUPE_BUFFER_BYTES));

    // Caller's extras last, so they win over every tuned default (never over topology keys:
    // EmbeddedKafkaOptions rejects those).
    options.brokerProperties().forEach(p::setProperty);
    return p;
  }
}
