package io.pyrope.ai.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.Topics;
import io.pyrope.kafka.EmbeddedKafkaBroker;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller started before its Kafka is up keeps retrying (no crash, no table published into
 * an auto-created topic), then publishes once the broker and the topics appear.
 */
class ControllerStartupTest {
  @TempDir
  Path tmp;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void waitsForKafkaThenPublishes() throws Exception {
    int port = freePort();
    ControllerOptions opts = ControllerOptions.parse(List.of("--bootstrap=127.0.0.1:" + port, "--publish-ms=200",
        "--data-dir=" + tmp.resolve("ai")), Map.of());
    Controller c = Controller.start(opts, null, Clock.systemUTC());
    EmbeddedKafkaBroker broker = null;
    try {
      // The cadence runs (it computes tables and writes the feature file) while Kafka is absent…
      await().atMost(Duration.ofSeconds(30)).until(() -> c.stats().featureFiles() >= 3);
      assertNotNull(c.table());
      // …but nothing is published and the consumer is still waiting, not dead.
      assertEquals(0, c.stats().tablesPublished());
      assertTrue(c.consuming());

      broker = KafkaTestSupport.broker(tmp.resolve("kafka"), port);
      // Topics are missing at first: still no publishing (it would auto-create pyrope.policy uncompacted).
      KafkaTestSupport.provision(broker.bootstrapServers());
      await().atMost(Duration.ofSeconds(90)).until(() -> c.stats().tablesPublished() >= 1);
      List<JsonObject> tables = KafkaTestSupport.readAll(broker.bootstrapServers(), Topics.POLICY);
      assertTrue(tables.stream().anyMatch(t -> c.id().equals(t.getString("controller"))), tables.toString());
      // The controller did not auto-create the policy topic before it was provisioned compacted.
      java.util.Properties p = new java.util.Properties();
      p.put("bootstrap.servers", broker.bootstrapServers());
      try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
        var res = new org.apache.kafka.common.config.ConfigResource(
            org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.POLICY);
        assertEquals("compact", admin.describeConfigs(List.of(res)).all().get().get(res).get("cleanup.policy").value());
      }
    } finally {
      c.close();
      if (broker != null) {
        broker.close();
      }
    }
    assertFalse(c.consuming());
  }

  @Test
  void closesCleanlyWhileKafkaIsStillAbsent() throws Exception {
    ControllerOptions opts = ControllerOptions.parse(List.of("--bootstrap", "127.0.0.1:" + freePort(),
        "--publish-ms", "100", "--data-dir", tmp.resolve("ai").toString()), Map.of());
    Controller c = Controller.start(opts, null, Clock.systemUTC());
    await().atMost(Duration.ofSeconds(30)).until(() -> c.stats().featureFiles() >= 1);
    c.close();
    assertFalse(c.consuming());
    c.close(); // idempotent
  }
}
