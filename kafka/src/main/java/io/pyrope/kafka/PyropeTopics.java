package io.pyrope.kafka;

import io.pyrope.bus.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Pyrope's topics and their settings, declared once. Names come from {@link Topics}; the record
 * layouts are the JSON Schemas in bus-schemas. {@link TopicProvisioner} creates what is missing.
 *
 * <p>Changing a value here changes only topics created afterwards: the provisioner never alters an
 * existing topic (it warns when partitions differ). Raising partitions of the WAL re-maps keys to
 * partitions, so it is a migration, not a setting.
 */
public final class PyropeTopics {
  /** Replication factor of the embedded single-node broker. */
  public static final short EMBEDDED_REPLICATION_FACTOR = 1;
  /** Typical production replication factor: survives one broker loss with min.insync.replicas 2. */
  public static final short PRODUCTION_REPLICATION_FACTOR = 3;

  /** WAL partitions: keyed by tenant/index, so one index keeps its order; the unit a node serves. */
  public static final int WAL_PARTITIONS = 8;
  /** Query and decision log partitions: parallelism for the ai-controller's consumers. */
  public static final int LOG_PARTITIONS = 4;
  /** Metering partitions: keyed by tenant. */
  public static final int METERING_PARTITIONS = 4;

  /** Query log retention: long enough for the feature pipeline to catch up after an outage. */
  public static final Duration QUERY_LOG_RETENTION = Duration.ofDays(3);
  /** Decision log retention: an entry's outcome can arrive days after its decision; training joins both. */
  public static final Duration DECISION_LOG_RETENTION = Duration.ofDays(7);
  /** Metering retention: a billing year plus a month for disputes. */
  public static final Duration METERING_RETENTION = Duration.ofDays(400);
  /**
   * Segment roll for the log topics: retention deletes whole segments, so a segment must close
   * well inside the retention window even when traffic is low (default roll: 7 days).
   */
  public static final Duration LOG_SEGMENT_ROLL = Duration.ofHours(6);
  /** Segment roll for the policy topic: compaction never touches the open segment. */
  public static final Duration POLICY_SEGMENT_ROLL = Duration.ofHours(1);

  private static final String INFINITE = "-1";

  private PyropeTopics() {}

  /** Every Pyrope topic at {@code replicationFactor}, in a stable order (WAL first). */
  public static List<TopicSpec> all(short replicationFactor) {
    return List.of(wal(replicationFactor), queryLog(replicationFactor), decisionLog(replicationFactor),
        policy(replicationFactor), audit(replicationFactor), metering(replicationFactor));
  }

  /** The topic names of {@link #all(short)}. */
  public static List<String> names() {
    return all(EMBEDDED_REPLICATION_FACTOR).stream().map(TopicSpec::name).toList();
  }

  /**
   * The write-ahead log. Kept forever: recovery replays from the newest snapshot's offset and
   * point-in-time recovery from older ones (snapshot-driven truncation comes later).
   */
  public static TopicSpec wal(short rf) {
    return new TopicSpec(Topics.WAL, WAL_PARTITIONS, rf, Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, INFINITE,
            TopicConfig.RETENTION_BYTES_CONFIG, INFINITE,
            // With acks=all: an acknowledged write is on this many replicas.
            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync(rf),
            // Never elect a replica that misses acknowledged writes: unavailable beats lost.
            TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false",
            // Broker time, monotonic per partition: offsetsForTimes() finds the replay end of a
            // point-in-time recovery precisely, whatever the writers' clocks say.
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime",
            // A bulk write is one record (all or nothing): allow the producer's largest.
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(KafkaClientFactory.WAL_MAX_RECORD_BYTES
                + KafkaClientFactory.WAL_RECORD_OVERHEAD_BYTES)),
        "every write, keyed by tenant/index; kept forever, replayed from a snapshot's offset");
  }

  /** One record per search; lossy, compressed, short-lived. */
  public static TopicSpec queryLog(short rf) {
    return logTopic(Topics.QUERY_LOG, rf, QUERY_LOG_RETENTION,
        "one record per search for the ai-controller's features; lossy, kept a few days");
  }

  /** One record per cache decision and per outcome; lossy, compressed, kept a week. */
  public static TopicSpec decisionLog(short rf) {
    return logTopic(Topics.DECISION_LOG, rf, DECISION_LOG_RETENTION,
        "cache decisions and their outcomes for training; lossy, kept a week");
  }

  /**
   * Policy tables from the ai-controller. One partition: a single ordered stream, so a node that
   * reads to the end has the newest table of every key; compacted, so that read stays short.
   */
  public static TopicSpec policy(short rf) {
    return new TopicSpec(Topics.POLICY, 1, rf, Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync(rf),
            TopicConfig.SEGMENT_MS_CONFIG, Long.toString(POLICY_SEGMENT_ROLL.toMillis()),
            // Compact when 10% of the log is superseded (default 50%): tables are few and small.
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1"),
        "policy tables, newest per key wins; one partition, compacted");
  }

  /** Audit records of management operations; one partition for a total order, kept forever. */
  public static TopicSpec audit(short rf) {
    return new TopicSpec(Topics.AUDIT, 1, rf, Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, INFINITE,
            TopicConfig.RETENTION_BYTES_CONFIG, INFINITE,
            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync(rf),
            TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false"),
        "management operations in one total order; kept forever");
  }

  /** Metering per tenant for billing; long retention, zstd for its better ratio on old data. */
  public static TopicSpec metering(short rf) {
    return new TopicSpec(Topics.METERING, METERING_PARTITIONS, rf, Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, Long.toString(METERING_RETENTION.toMillis()),
            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync(rf),
            TopicConfig.COMPRESSION_TYPE_CONFIG, "zstd"),
        "usage per tenant for billing, keyed by tenant; kept 400 days");
  }

  private static TopicSpec logTopic(String name, short rf, Duration retention, String doc) {
    return new TopicSpec(name, LOG_PARTITIONS, rf, Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()),
            TopicConfig.SEGMENT_MS_CONFIG, Long.toString(LOG_SEGMENT_ROLL.toMillis()),
            // Same codec as the log producer: the broker stores batches as they come.
            TopicConfig.COMPRESSION_TYPE_CONFIG, KafkaClientFactory.LOG_COMPRESSION),
        doc);
  }

  /**
   * min.insync.replicas for a durable topic: all but one replica, at least 1 (rf 1 gives 1, rf 3
   * gives 2: one broker can be down without blocking acks=all writes).
   */
  static String minInsync(short rf) {
    return Integer.toString(Math.max(1, rf - 1));
  }
}
