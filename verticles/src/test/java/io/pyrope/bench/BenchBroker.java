package io.pyrope.bench;

import io.pyrope.kafka.EmbeddedKafkaBroker;
import io.pyrope.kafka.EmbeddedKafkaOptions;
import io.pyrope.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The node's embedded single-node broker, alone in a process of its own, for benchmarks that put
 * Kafka on other cores than the node (as a deployment with an external cluster does): e.g.
 * {@code taskset -c 1 java … BenchBroker 19092}, then {@code DurabilityBench} with
 * {@code -Dbench.kafka=127.0.0.1:19092} under {@code taskset -c 0}. Not a JUnit test.
 *
 * <pre>
 * java -cp … io.pyrope.bench.BenchBroker [port]
 * </pre>
 * Runs until the process is stopped (SIGTERM / Ctrl-C), then closes the broker and deletes its
 * temporary data directory.
 */
public final class BenchBroker {
  private BenchBroker() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 19092;
    Path dir = Files.createTempDirectory("pyrope-bench-broker");
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaOptions.builder(dir).port(port).build());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      TempDirs.deleteTree(dir);
      stopped.countDown();
    }, "bench-broker-stop"));
    System.out.println("bench broker ready at " + broker.start() + " (data " + dir + ")");
    stopped.await();
  }
}
