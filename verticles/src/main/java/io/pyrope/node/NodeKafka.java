package io.pyrope.node;

import io.pyrope.admin.HealthCheck;
import io.pyrope.kafka.EmbeddedKafkaBroker;
import io.pyrope.kafka.EmbeddedKafkaOptions;
import io.pyrope.kafka.KafkaClientFactory;
import io.pyrope.kafka.KafkaReadiness;
import io.pyrope.kafka.LogPageCacheEvictor;
import io.pyrope.kafka.PageCacheAdvisor;
import io.pyrope.kafka.PyropeTopics;
import io.pyrope.kafka.TopicProvisioner;
import io.pyrope.kafka.TopicSpec;
import io.pyrope.bus.Topics;
import io.pyrope.node.config.ConfigKeys;
import io.pyrope.node.config.PyropeConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Kafka: the embedded single-node broker when no {@code kafka.bootstrap} is set, the
 * one client factory, an Admin client for readiness, and Pyrope's topics created at start-up.
 *
 * <p>Lifecycle: {@link #start} blocks (broker start takes seconds, so the node calls it before
 * any event loop runs); {@link #close} closes clients before the broker, so nothing waits on a
 * broker that is already gone.
 */
final class NodeKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeKafka.class);

  private final EmbeddedKafkaBroker broker;
  private final KafkaClientFactory clients;
  private final Admin admin;
  private final LogPageCacheEvictor walEvictor; // null unless embedded, WAL on and wal.page-cache-evict-ms > 0

  private NodeKafka(EmbeddedKafkaBroker broker, KafkaClientFactory clients, Admin admin,
      LogPageCacheEvictor walEvictor) {
    this.broker = broker;
    this.clients = clients;
    this.admin = admin;
    this.walEvictor = walEvictor;
  }

  static NodeKafka start(PyropeConfig config, Path dataDir) {
    EmbeddedKafkaBroker broker = null;
    String bootstrap = config.get(ConfigKeys.KAFKA_BOOTSTRAP);
    short replication = config.get(ConfigKeys.KAFKA_REPLICATION).shortValue();
    if (bootstrap.isEmpty()) {
      long t0 = System.nanoTime();
      broker = new EmbeddedKafkaBroker(EmbeddedKafkaOptions.builder(dataDir)
          .port(config.get(ConfigKeys.KAFKA_EMBEDDED_PORT)).build());
      bootstrap = broker.start();
      replication = PyropeTopics.EMBEDDED_REPLICATION_FACTOR;
      LOG.atInfo().addKeyValue("bootstrap", bootstrap).addKeyValue("log_dir", broker.options().logDir())
          .addKeyValue("ms", (System.nanoTime() - t0) / 1_000_000).log("embedded kafka started");
    }
    KafkaClientFactory clients = new KafkaClientFactory(bootstrap);
    Admin admin = null;
    try {
      admin = clients.admin("pyrope-node-admin");
      List<TopicSpec> topics = new ArrayList<>(PyropeTopics.all(replication));
      String walTopic = config.get(ConfigKeys.WAL_TOPIC);
      if (!walTopic.equals(Topics.WAL)) {
        TopicSpec wal = PyropeTopics.wal(replication);
        topics.add(new TopicSpec(walTopic, wal.partitions(), wal.replicationFactor(), wal.configs(), wal.doc()));
      }
      String policyTopic = config.get(ConfigKeys.AI_POLICY_TOPIC);
      if (!policyTopic.equals(Topics.POLICY)) {
        TopicSpec policy = PyropeTopics.policy(replication);
        topics.add(new TopicSpec(policyTopic, policy.partitions(), policy.replicationFactor(), policy.configs(),
            policy.doc()));
      }
      List<String> created = new TopicProvisioner(admin).createMissing(topics);
      if (!created.isEmpty()) {
        LOG.atInfo().addKeyValue("topics", String.join(",", created)).log("created kafka topics");
      }
      return new NodeKafka(broker, clients, admin, walEvictor(config, broker, walTopic));
    } catch (RuntimeException e) {
      if (admin != null) {
        admin.close();
      }
      if (broker != null) {
        broker.close();
      }
      throw e;
    }
  }

  /** Keeps the embedded broker's WAL segments out of the page cache (LogPageCacheEvictor says why). */
  private static LogPageCacheEvictor walEvictor(PyropeConfig config, EmbeddedKafkaBroker broker, String walTopic) {
    int ms = config.get(ConfigKeys.WAL_PAGE_CACHE_EVICT_MS);
    if (broker == null || ms == 0 || !config.get(ConfigKeys.WAL_ENABLED)) {
      return null;
    }
    PageCacheAdvisor advisor = PageCacheAdvisor.posixFadvise();
    return advisor == null ? null
        : new LogPageCacheEvictor(broker.options().logDir(), walTopic, advisor).start(java.time.Duration.ofMillis(ms));
  }

  String bootstrap() {
    return clients.bootstrapServers();
  }

  boolean embedded() {
    return broker != null;
  }

  KafkaClientFactory clients() {
    return clients;
  }

  /** Readiness: the cluster answers a describe within {@link KafkaReadiness#DEFAULT_TIMEOUT}. */
  HealthCheck healthCheck() {
    return new HealthCheck() {
      @Override
      public String name() {
        return "kafka";
      }

      @Override
      public Future<JsonObject> probe() {
        var stage = KafkaReadiness.check(admin, KafkaReadiness.DEFAULT_TIMEOUT);
        io.vertx.core.Context ctx = io.vertx.core.Vertx.currentContext();
        return (ctx == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, ctx))
            .compose(s -> s.ready()
                ? Future.succeededFuture(new JsonObject().put("bootstrap", bootstrap()).put("embedded", embedded())
                    .put("cluster_id", s.clusterId()).put("brokers", s.brokers()))
                : Future.failedFuture(s.detail()));
      }
    };
  }

  @Override
  public void close() {
    if (walEvictor != null) {
      walEvictor.close();
    }
    try {
      admin.close(java.time.Duration.ofSeconds(2));
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }
}
