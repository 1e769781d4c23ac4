package io.pyrope.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the declared topics that are missing, and describes topics for readiness checks.
 *
 * <p>Idempotent by design: an existing topic is left as it is, and a {@link TopicExistsException}
 * (another node created it between our list and our create) counts as success. An existing topic
 * whose partition count or replication factor differs from its spec is reported as a warning and
 * not changed: adding partitions re-maps keys, which for the WAL breaks per-index order, so it is
 * an operator's decision.
 *
 * <p>Threading: stateless apart from the shared {@link Admin} (thread-safe); every method blocks
 * the calling thread for at most the timeout given at construction, so call it from a worker or
 * start-up thread, never from an event loop.
 */
public final class TopicProvisioner {
  /** Default bound of one provisioning or describe call. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** Pause before describing again a topic the broker does not know yet. */
  private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

  private final Admin admin;   // shared, owned by the caller
  private final Duration timeout;  // bound of each public call, retries included

  public TopicProvisioner(Admin admin) {
    this(admin, DEFAULT_TIMEOUT);
  }

  public TopicProvisioner(Admin admin, Duration timeout) {
    this.admin = Objects.requireNonNull(admin, "admin");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("KAFKA_ERR_OPTIONS timeout must be positive, got " + timeout);
    }
    this.timeout = timeout;
  }

  /**
   * Creates the topics of {@code specs} that do not exist yet.
   *
   * @return the names of the topics this call created, in spec order (empty when all existed)
   * @throws KafkaSetupException if the cluster did not answer in time or refused a creation
   */
  public List<String> createMissing(List<TopicSpec> specs) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<String> existing = listTopics(deadline);
    List<TopicSpec> toCreate = new ArrayList<>();
    List<TopicSpec> present = new ArrayList<>();
    for (TopicSpec spec : specs) {
      (existing.contains(spec.name()) ? present : toCreate).add(spec);
    }
    List<String> created = new ArrayList<>();
    if (!toCreate.isEmpty()) {
      CreateTopicsResult result = admin.createTopics(
          toCreate.stream().map(TopicSpec::toNewTopic).toList(),
          new CreateTopicsOptions().timeoutMs(remainingMs(deadline)));
      for (TopicSpec spec : toCreate) {
        try {
          await(result.values().get(spec.name()), deadline, "creating topic " + spec.name());
          created.add(spec.name());
          LOG.debug("Created topic {} ({} partitions, replication factor {}): {}",
              spec.name(), spec.partitions(), spec.replicationFactor(), spec.doc());
        } catch (KafkaSetupException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
          // Created concurrently by someone else: check its shape like any existing topic.
          present.add(spec);
        }
      }
    }
    // Wait until the broker serves every declared topic, so clients can use them as soon as this
    // returns, and warn about existing topics whose shape differs from their spec.
    Map<String, TopicDescription> described =
        describe(specs.stream().map(TopicSpec::name).toList(), deadline, true);
    warnOnShapeMismatch(present, described);
    return List.copyOf(created);
  }

  /**
   * The names in {@code names} that do not exist in the cluster (empty = all present). Cheap
   * enough for a readiness probe: one metadata request.
   */
  public List<String> missing(Collection<String> names) {
    Set<String> existing = listTopics(System.nanoTime() + timeout.toNanos());
    return names.stream().filter(n -> !existing.contains(n)).toList();
  }

  /** Descriptions (partitions, leaders, replicas) of the named topics, which must all exist. */
  public Map<String, TopicDescription> describe(Collection<String> names) {
    return describe(names, System.nanoTime() + timeout.toNanos(), false);
  }

  private Map<String, TopicDescription> describe(Collection<String> names, long deadline, boolean awaitKnown) {
    while (true) {
      try {
        Map<String, TopicDescription> all = await(
            admin.describeTopics(names, new DescribeTopicsOptions().timeoutMs(remainingMs(deadline)))
                .allTopicNames(),
            deadline, "describing topics " + names);
        return new LinkedHashMap<>(all);
      } catch (KafkaSetupException e) {
        // A topic created a moment ago is known to the controller before the broker's metadata
        // cache has it: retry "unknown topic" until the deadline, as the clients themselves do.
        if (!awaitKnown || !(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() >= deadline) {
          throw e;
        }
        LockSupport.parkNanos(Math.min(RETRY_PAUSE_NANOS, Math.max(0, deadline - System.nanoTime())));
      }
    }
  }

  private Set<String> listTopics(long deadline) {
    return await(admin.listTopics(new ListTopicsOptions().timeoutMs(remainingMs(deadline))).names(),
        deadline, "listing topics");
  }

  private static void warnOnShapeMismatch(List<TopicSpec> specs, Map<String, TopicDescription> described) {
    for (TopicSpec spec : specs) {
      TopicDescription d = described.get(spec.name());
      int partitions = d.partitions().size();
      int replicas = d.partitions().get(0).replicas().size();
      if (partitions != spec.partitions()) {
        LOG.warn("Topic {} exists with {} partitions, declared {}; left unchanged (changing the "
            + "partition count re-maps keys, an operator's decision)", spec.name(), partitions, spec.partitions());
      }
      if (replicas != spec.replicationFactor()) {
        LOG.warn("Topic {} exists with replication factor {}, declared {}; left unchanged",
            spec.name(), replicas, spec.replicationFactor());
      }
    }
  }

  /** Waits for {@code future} until {@code deadline}; every failure becomes a KafkaSetupException. */
  private <T> T await(KafkaFuture<T> future, long deadline, String what) {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new KafkaSetupException("KAFKA_ERR_PROVISION timed out after " + timeout + " " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new KafkaSetupException("KAFKA_ERR_PROVISION failed " + what + ": " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaSetupException("KAFKA_ERR_PROVISION interrupted while " + what, e);
    }
  }

  private static int remainingMs(long deadline) {
    long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
  }
}
