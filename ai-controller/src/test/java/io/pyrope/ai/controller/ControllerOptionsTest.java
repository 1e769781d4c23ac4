package io.pyrope.ai.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.ai.features.SystemFeatures;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllerOptionsTest {
  private static String error(List<String> args, Map<String, String> env) {
    return assertThrows(IllegalArgumentException.class, () -> ControllerOptions.parse(args, env)).getMessage();
  }

  @Test
  void defaults() {
    ControllerOptions o = ControllerOptions.parse(List.of("--bootstrap", "127.0.0.1:9092"), Map.of());
    assertEquals("127.0.0.1:9092", o.bootstrap());
    assertEquals("pyrope-ai-controller", o.group());
    assertEquals(30_000, o.publishMs());
    assertEquals(600_000, o.windowMs());
    assertEquals(Path.of("data", "ai"), o.dataDir());
    assertNull(o.adminUrl());
    assertEquals(300_000, o.evaluateMs());
    // The simulator's heuristic replays the controller as it runs by default.
    assertEquals(io.pyrope.ai.sim.HeuristicSettings.DEFAULT_CADENCE_MS, o.publishMs());
    assertEquals(io.pyrope.ai.sim.HeuristicSettings.DEFAULT_WINDOW_MS, o.windowMs());
    assertEquals(io.pyrope.ai.sim.HeuristicSettings.MIN_CADENCE_MS, ControllerOptions.MIN_PUBLISH_MS);
  }

  @Test
  void evaluationCadence() {
    assertEquals(0, ControllerOptions.parse(List.of("--bootstrap", "h:1", "--evaluate-ms", "0"), Map.of())
        .evaluateMs());
    assertEquals(1000, ControllerOptions.parse(List.of("--bootstrap", "h:1", "--evaluate-ms=1000"), Map.of())
        .evaluateMs());
    assertTrue(error(List.of("--bootstrap", "h:1", "--evaluate-ms", "999"), Map.of())
        .contains("--evaluate-ms: '999' is not 0 (off)"));
    assertTrue(error(List.of("--bootstrap", "h:1", "--evaluate-ms", "-1"), Map.of()).contains("--evaluate-ms"));
    assertTrue(error(List.of("--bootstrap", "h:1", "--evaluate-ms", "86400001"), Map.of()).contains("--evaluate-ms"));
    assertTrue(ControllerOptions.usage().contains("--evaluate-ms"));
  }

  @Test
  void environmentThenFlags() {
    Map<String, String> env = Map.of("PYROPE_KAFKA_BOOTSTRAP", "k1:9092,k2:9093", "PYROPE_HOME", "/srv/pyrope");
    ControllerOptions o = ControllerOptions.parse(List.of("--publish-ms=1000", "--window-ms", "60000",
        "--admin-url", "http://127.0.0.1:8080", "--group=g2", "--max-keys", "50"), env);
    assertEquals("k1:9092,k2:9093", o.bootstrap());
    assertEquals(Path.of("/srv/pyrope", "ai"), o.dataDir());
    assertEquals(1000, o.publishMs());
    assertEquals(60_000, o.windowMs());
    assertEquals(URI.create("http://127.0.0.1:8080"), o.adminUrl());
    assertEquals("g2", o.group());
    assertEquals(50, o.maxKeys());
    assertEquals("h:1", ControllerOptions.parse(List.of("--bootstrap", "h:1"), env).bootstrap());
  }

  @Test
  void badFlagsNameTheProblem() {
    assertTrue(error(List.of(), Map.of()).contains("--bootstrap"));
    assertTrue(error(List.of("--bootstrap", "nohost"), Map.of()).contains("host:port"));
    assertTrue(error(List.of("--bootstrap", "h:99999"), Map.of()).contains("h:99999"));
    assertTrue(error(List.of("--bootstrap", "h:1", "--publish-ms", "fast"), Map.of()).contains("--publish-ms: 'fast'"));
    assertTrue(error(List.of("--bootstrap", "h:1", "--publish-ms", "10"), Map.of()).contains("from 100"));
    assertTrue(error(List.of("--bootstrap", "h:1", "--window-ms", "5000"), Map.of()).contains("--window-ms"));
    assertTrue(error(List.of("--bootstrap", "h:1", "--colour", "red"), Map.of()).contains("unknown flag --colour"));
    assertTrue(error(List.of("--bootstrap"), Map.of()).contains("needs a value"));
    assertTrue(error(List.of("--bootstrap", "h:1", "stray"), Map.of()).contains("'stray'"));
    assertTrue(error(List.of("--bootstrap", "h:1", "--admin-url", "ftp://x"), Map.of()).contains("http://"));
    assertTrue(error(List.of("--bootstrap", "h:1", "--data-dir="), Map.of()).contains("--data-dir"));
  }

  @Test
  void scrapeReadsTheNodesGauges() {
    String text = """
        # HELP vector_db_cache_memory_bytes bytes
        # TYPE vector_db_cache_memory_bytes gauge
        vector_db_cache_memory_bytes{tenant="_all"} 1.2345E7
        vector_db_cache_memory_bytes{tenant="acme"} 1000.0
        vector_db_faiss_queue_depth{pool="search"} 3.0
        vector_db_log_queue_depth{topic="pyrope.query-log"} 2.0
        vector_db_log_queue_depth{topic="pyrope.decision-log"} 5.0
        """;
    SystemFeatures s = AdminMetricsScraper.parse(text, 42);
    assertEquals(12_345_000, s.cacheMemoryBytes());
    assertEquals(3, s.faissQueueDepth());
    assertEquals(7, s.logQueueDepth());
    SystemFeatures none = AdminMetricsScraper.parse("# nothing here\n", 42);
    assertEquals(-1, none.cacheMemoryBytes());
    assertEquals(-1, none.faissQueueDepth());
  }
}
