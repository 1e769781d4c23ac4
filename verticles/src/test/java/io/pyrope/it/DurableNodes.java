package io.pyrope.it;

import io.pyrope.node.PyropeNode;
import io.pyrope.node.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Nodes for durability tests: each with its own embedded broker, whose log lives in the node's
 * data dir, so that closing the node and starting another on the same dir is a real restart
 * (Kafka included) and nothing is shared with other tests.
 */
final class DurableNodes {
  private DurableNodes() {}

  static Path newDataDir() {
    return TestNodes.tempDir("pyrope-durable");
  }

  /** A node on {@code dataDir} with its own embedded broker on a free port. */
  static PyropeNode start(Path dataDir, String... extraFlags) {
    List<String> a = TestNodes.args(dataDir, "--kafka.embedded.port=0");
    a.addAll(List.of(extraFlags));
    return PyropeNode.start(ConfigLoader.load(a, Map.of()));
  }
}
