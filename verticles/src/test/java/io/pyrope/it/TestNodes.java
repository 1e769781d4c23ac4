package io.pyrope.it;

import io.pyrope.node.PyropeNode;
import io.pyrope.node.config.ConfigLoader;
import io.pyrope.testing.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real nodes for integration tests. {@link #shared()} is one node (with its embedded Kafka broker)
 * started once per test JVM and stopped when the JVM exits, because a broker takes seconds to
 * start; tests that need other settings start their own with {@link #start}, pointing at the
 * shared broker so that only one broker runs.
 *
 * <p>Every data directory made by {@link #tempDir} is deleted when the test JVM exits, after the
 * shared node has stopped: a full run used to leave ~0.5 GB of broker logs and snapshots in
 * {@code /tmp}.
 */
public final class TestNodes {
  private static final List<Path> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();
  private static PyropeNode shared;

  static {
    // One hook, so the order holds: the shared node (and its broker) stops, then the files go.
    Runtime.getRuntime().addShutdownHook(new Thread(TestNodes::cleanUp, "test-nodes-cleanup"));
  }

  private TestNodes() {}

  /** The shared node: free ports, a temporary data dir, the embedded broker. */
  public static synchronized PyropeNode shared() {
    if (shared == null) {
      shared = PyropeNode.start(ConfigLoader.load(args(tempDir("pyrope-shared"), "--kafka.embedded.port=0"),
          Map.of()));
    }
    return shared;
  }

  /** A node of its own with extra flags, using the shared node's Kafka broker. Close it after use. */
  public static PyropeNode start(String... extraFlags) {
    List<String> a = args(tempDir("pyrope-node"), "--kafka.bootstrap=" + shared().kafkaBootstrap());
    // A WAL of its own: on a shared broker, nodes on one WAL topic would recover each other's indexes.
    a.add("--wal.topic=pyrope.wal.test-" + java.util.UUID.randomUUID());
    a.addAll(List.of(extraFlags));
    return PyropeNode.start(ConfigLoader.load(a, Map.of()));
  }

  static List<String> args(Path dataDir, String kafkaFlag) {
    return new ArrayList<>(List.of("--data.dir=" + dataDir, "--resp.port=0", "--http.port=0", kafkaFlag,
        "--shutdown.drain-ms=2000"));
  }

  /** A new temporary directory, deleted when the test JVM exits. */
  static Path tempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      CREATED.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void cleanUp() {
    PyropeNode node;
    synchronized (TestNodes.class) {
      node = shared;
    }
    if (node != null) {
      node.close();
    }
    CREATED.forEach(TempDirs::deleteTree);
  }
}
