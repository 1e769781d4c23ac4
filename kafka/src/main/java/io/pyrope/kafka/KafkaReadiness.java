package io.pyrope.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;

/**
 * A cheap "does the cluster answer?" check for readiness probes ({@code /v1/health}): one
 * {@code describeCluster} request with a short timeout. It checks that a broker answers and
 * reports at least one live broker, not that topics exist (see {@link TopicProvisioner#missing}).
 *
 * <p>Threading: {@link #check} never blocks. The returned stage completes on the Admin client's
 * network thread; do not do blocking work in its callbacks, and hop back to your own context
 * (e.g. Vert.x {@code Future.fromCompletionStage(stage, context)}). It always completes normally
 * with a {@link Status}, never exceptionally, so a health handler has no failure path to forget.
 */
public final class KafkaReadiness {
  /** Default bound of one check: a probe must answer well inside its own timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private KafkaReadiness() {}

  /**
   * The outcome of one check.
   *
   * @param ready true when a broker answered with at least one live broker
   * @param clusterId the cluster id, or null when not ready
   * @param brokers live (unfenced) brokers reported, 0 when not ready
   * @param detail a short reason when not ready ("timed out after PT2S", the error), else "ok"
   */
  public record Status(boolean ready, String clusterId, int brokers, String detail) {
    static Status down(String detail) {
      return new Status(false, null, 0, detail);
    }
  }

  /** Checks the cluster behind {@code admin}, bounded by {@code timeout}; never blocks. */
  public static CompletionStage<Status> check(Admin admin, Duration timeout) {
    DescribeClusterResult result;
    try {
      result = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
    } catch (RuntimeException e) {
      // e.g. the Admin client was already closed.
      return CompletableFuture.completedFuture(Status.down(e.toString()));
    }
    // Bridge into a plain CompletableFuture: stages derived from a KafkaFuture refuse
    // toCompletableFuture(), and callers (and checkBlocking) want a normal future.
    CompletableFuture<Status> status = new CompletableFuture<>();
    result.nodes().toCompletionStage()
        .thenCombine(result.clusterId().toCompletionStage(), KafkaReadiness::fromAnswer)
        .whenComplete((answer, error) -> status.complete(error == null ? answer : fromError(error, timeout)));
    return status;
  }

  private static Status fromAnswer(Collection<Node> nodes, String clusterId) {
    return nodes.isEmpty()
        ? Status.down("cluster " + clusterId + " reports no live broker")
        : new Status(true, clusterId, nodes.size(), "ok");
  }

  private static Status fromError(Throwable error, Duration timeout) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    return Status.down(cause instanceof org.apache.kafka.common.errors.TimeoutException
        ? "timed out after " + timeout : cause.toString());
  }

  /** Blocking form of {@link #check}, for start-up code and tests; waits at most ~{@code timeout}. */
  public static Status checkBlocking(Admin admin, Duration timeout) {
    try {
      // The Admin enforces the timeout; the extra second only covers the hand-off.
      return check(admin, timeout).toCompletableFuture()
          .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Status.down("timed out after " + timeout);
    } catch (ExecutionException e) {
      return Status.down(e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Status.down("interrupted");
    }
  }
}
