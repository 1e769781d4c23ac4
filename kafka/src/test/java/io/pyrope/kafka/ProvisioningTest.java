package io.pyrope.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Topic provisioning against one shared embedded broker. */
class ProvisioningTest {
  @TempDir static Path dataDir;
  static EmbeddedKafkaBroker broker;
  static Admin admin;
  static TopicProvisioner provisioner;

  @BeforeAll
  static void startBroker() {
    broker = TestKafka.start(dataDir);
    admin = new KafkaClientFactory(broker.bootstrapServers()).admin("provisioning-test");
    provisioner = new TopicProvisioner(admin);
    provisioner.createMissing(PyropeTopics.all(PyropeTopics.EMBEDDED_REPLICATION_FACTOR));
  }

  @AfterAll
  static void stopBroker() {
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void everyDeclaredTopicExistsWithItsPartitionCount() {
    Map<String, TopicDescription> described = provisioner.describe(PyropeTopics.names());
    for (TopicSpec spec : PyropeTopics.all((short) 1)) {
      TopicDescription d = described.get(spec.name());
      assertEquals(spec.partitions(), d.partitions().size(), spec.name());
      d.partitions().forEach(p -> assertEquals(1, p.replicas().size(), spec.name()));
    }
  }

  @Test
  void everyDeclaredTopicHasItsConfigs() throws Exception {
    List<ConfigResource> resources = PyropeTopics.names().stream()
        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
    for (TopicSpec spec : PyropeTopics.all((short) 1)) {
      Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
      spec.configs().forEach((key, value) ->
          assertEquals(value, actual.get(key).value(), spec.name() + " " + key));
    }
  }

  @Test
  void theSettingsThatMatterMost() throws Exception {
    ConfigResource wal = new ConfigResource(ConfigResource.Type.TOPIC, Topics.WAL);
    ConfigResource policy = new ConfigResource(ConfigResource.Type.TOPIC, Topics.POLICY);
    Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(wal, policy)).all().get(30, TimeUnit.SECONDS);
    assertEquals("-1", configs.get(wal).get("retention.ms").value());
    assertEquals("1", configs.get(wal).get("min.insync.replicas").value());
    assertEquals("compact", configs.get(policy).get("cleanup.policy").value());
    assertEquals(1, provisioner.describe(List.of(Topics.POLICY)).get(Topics.POLICY).partitions().size());
  }

  @Test
  void provisioningTwiceCreatesNothing() {
    assertEquals(List.of(), provisioner.createMissing(PyropeTopics.all((short) 1)));
    assertEquals(List.of(), provisioner.missing(PyropeTopics.names()));
  }

  @Test
  void createsOnlyTheMissingTopicsAndReportsThem() {
    TopicSpec a = new TopicSpec("test.missing-a", 2, (short) 1, Map.of(), "test");
    TopicSpec b = new TopicSpec("test.missing-b", 1, (short) 1, Map.of("retention.ms", "60000"), "test");
    provisioner.createMissing(List.of(a));
    assertEquals(List.of("test.missing-b"), provisioner.createMissing(List.of(a, b)));
  }

  @Test
  void anExistingTopicWithFewerPartitionsIsLeftUnchanged() throws Exception {
    String name = "test.fewer-partitions";
    admin.createTopics(List.of(new NewTopic(name, Optional.of(1), Optional.empty())))
        .all().get(30, TimeUnit.SECONDS);
    TopicSpec declared = new TopicSpec(name, 4, (short) 1, Map.of(), "declared with more partitions");
    assertEquals(List.of(), provisioner.createMissing(List.of(declared)));
    assertEquals(1, provisioner.describe(List.of(name)).get(name).partitions().size());
  }

  @Test
  void missingNamesTheAbsentTopics() {
    assertEquals(List.of("test.never-created"),
        provisioner.missing(List.of(Topics.WAL, "test.never-created")));
  }

  @Test
  void readinessReportsTheClusterAndItsBroker() {
    KafkaReadiness.Status status = KafkaReadiness.checkBlocking(admin, KafkaReadiness.DEFAULT_TIMEOUT);
    assertTrue(status.ready(), status.detail());
    assertEquals(broker.clusterId(), status.clusterId());
    assertEquals(1, status.brokers());
  }
}
