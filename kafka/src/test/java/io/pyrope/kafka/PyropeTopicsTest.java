package io.pyrope.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pyrope.bus.Topics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The declared topic list, without a broker. */
class PyropeTopicsTest {
  @Test
  void declaresEveryTopicOfBusSchemasOnce() {
    assertEquals(List.of(Topics.WAL, Topics.QUERY_LOG, Topics.DECISION_LOG, Topics.POLICY,
        Topics.AUDIT, Topics.METERING), PyropeTopics.names());
  }

  @Test
  void replicationFactorIsAParameter() {
    PyropeTopics.all(PyropeTopics.PRODUCTION_REPLICATION_FACTOR)
        .forEach(spec -> assertEquals((short) 3, spec.replicationFactor(), spec.name()));
    PyropeTopics.all(PyropeTopics.EMBEDDED_REPLICATION_FACTOR)
        .forEach(spec -> assertEquals((short) 1, spec.replicationFactor(), spec.name()));
  }

  @Test
  void minInsyncReplicasFollowsTheReplicationFactor() {
    assertEquals("1", PyropeTopics.wal((short) 1).configs().get("min.insync.replicas"));
    assertEquals("2", PyropeTopics.wal((short) 3).configs().get("min.insync.replicas"));
  }

  @Test
  void aSpecRejectsZeroPartitions() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TopicSpec("t", 0, (short) 1, Map.of(), ""));
    assertEquals("KAFKA_ERR_TOPIC t partitions must be >= 1, got 0", e.getMessage());
  }
}
