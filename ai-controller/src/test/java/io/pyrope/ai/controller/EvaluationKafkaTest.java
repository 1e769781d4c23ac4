package io.pyrope.ai.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.ai.features.LogFixtures;
import io.pyrope.ai.sim.Policies;
import io.pyrope.bus.Topics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * Evaluations from an in-process controller on the real embedded broker: an index with enough
 * traced searches gets a valid {@code evaluation/<tenant>/<index>} record on pyrope.policy and a
 * report file; an index with too few gets neither.
 */
class EvaluationKafkaTest extends EmbeddedKafkaTestBase {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void publishesAValidEvaluationForABusyIndexAndNoneForAQuietOne() throws Exception {
    long now = System.currentTimeMillis();
    int hot = 60;
    int refs = 10;
    int scans = 200;
    int quiet = 50;
    try (KafkaProducer<byte[], byte[]> p = KafkaTestSupport.producer(bootstrap)) {
      long t = now - 300_000;
      for (int r = 0; r < refs; r++) {
        for (int i = 0; i < hot; i++) {  // re-used, expensive
          KafkaTestSupport.send(p, Topics.QUERY_LOG, "acme/busy",
              LogFixtures.query(t, "acme", "busy", "l0:a" + Integer.toHexString(i), 5000, r > 0).encode());
          t += 100;
          if (i % 3 == 0 && r * hot / 3 + i / 3 < scans) {  // a cheap one-hit scan, interleaved
            KafkaTestSupport.send(p, Topics.QUERY_LOG, "acme/busy",
                LogFixtures.query(t, "acme", "busy", "l0:5" + Integer.toHexString(r * hot + i), 100, false).encode());
            t += 100;
          }
        }
      }
      for (int i = 0; i < quiet; i++) {
        KafkaTestSupport.send(p, Topics.QUERY_LOG, "acme/quiet",
            LogFixtures.query(now - 1000 + i, "acme", "quiet", "l0:" + Integer.toHexString(i % 7), 100, false)
                .encode());
      }
    }
    Path data = tmp.resolve("ai");
    ControllerOptions opts = ControllerOptions.parse(List.of("--bootstrap", bootstrap, "--group", "eval-test",
        "--publish-ms", "300", "--evaluate-ms", "1000", "--data-dir", data.toString()), Map.of());
    Controller c = Controller.start(opts, null, Clock.systemUTC());
    try {
      await().atMost(WAIT).until(() -> c.stats().evaluationsPublished() >= 1);
      // One more full round: the quiet index has been looked at since, and the busy one is not
      // evaluated again while its trace does not change.
      long rounds = c.stats().evaluationRounds();
      await().atMost(WAIT).until(() -> c.stats().evaluationRounds() >= rounds + 2);
      assertEquals(1, c.stats().evaluationsPublished(), "an unchanged trace is not evaluated again");
      assertEquals(0, c.stats().evaluationFailures());

      List<JsonObject> evals = KafkaTestSupport.readAll(bootstrap, Topics.POLICY).stream()
          .filter(r -> r.getString("_key").startsWith("evaluation/")).toList();
      assertEquals(1, evals.size(), "one evaluation, none for the quiet index: " + evals);
      JsonObject rec = evals.get(0);
      assertEquals("evaluation/acme/busy", rec.remove("_key"));
      assertNull(LogFixtures.errors(LogFixtures.validator("topics/pyrope.policy.v1.json"), rec));
      assertEquals("evaluation", rec.getString("kind"));
      assertEquals(c.id(), rec.getString("controller"));
      assertEquals("acme", rec.getString("tenant"));
      assertEquals("busy", rec.getString("index"));
      JsonObject report = rec.getJsonObject("report");
      checkReport(report, hot * refs + scans);

      // The same report in the data dir; nothing for the quiet index.
      Path file = data.resolve("evaluations/acme/busy.json");
      assertTrue(Files.exists(file));
      assertEquals(report, new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
      assertFalse(Files.exists(data.resolve("evaluations/acme/quiet.json")));
      assertFalse(Files.exists(data.resolve("evaluations/acme/busy.json.tmp")));
    } finally {
      c.close();
    }
  }

  private static void checkReport(JsonObject report, long searches) {
    assertEquals("pyrope.sim-report/v1", report.getString("schema"));
    assertEquals(searches, report.getJsonObject("trace").getLong("searches"));
    assertEquals(new JsonArray(Policies.ALL), report.getJsonArray("policies"));
    JsonArray sizes = report.getJsonArray("cache_bytes");
    assertEquals(3, sizes.size(), "1%, 5% and 20% of the working set: " + sizes);
    JsonObject settings = report.getJsonObject("settings");
    long workingSet = settings.getLong("working_set_bytes");
    assertEquals(EvaluationCadence.sizes(workingSet),
        sizes.stream().map(x -> ((Number) x).longValue()).toList());
    assertEquals("published", settings.getString("policy_table"), "live replays the published table");
    assertEquals(300, settings.getLong("heuristic_cadence_ms"));
    JsonArray results = report.getJsonArray("results");
    assertEquals(Policies.ALL.size() * 3, results.size());
    for (int s = 0; s < sizes.size(); s++) {
      long size = sizes.getLong(s);
      JsonObject lru = find(results, "lru", size);
      JsonObject belady = find(results, "belady", size);
      assertTrue(belady.getDouble("hit_ratio") >= lru.getDouble("hit_ratio"), "belady >= lru at " + size);
      JsonObject heuristic = find(results, "heuristic", size);
      assertEquals(searches, heuristic.getLong("searches"));
      assertTrue(heuristic.getDouble("hit_ratio") <= belady.getDouble("hit_ratio") + 1e-12);
    }
  }

  private static JsonObject find(JsonArray results, String policy, long size) {
    for (int i = 0; i < results.size(); i++) {
      JsonObject r = results.getJsonObject(i);
      if (policy.equals(r.getString("policy")) && r.getLong("cache_bytes") == size) {
        return r;
      }
    }
    throw new AssertionError("no " + policy + " at " + size);
  }

  @Test
  void sizesAreSharesOfTheWorkingSetWithAFloor() {
    assertEquals(List.of(10_000L, 50_000L, 200_000L), EvaluationCadence.sizes(1_000_000));
    assertEquals(List.of(EvaluationCadence.MIN_CACHE_BYTES, 5_000L, 20_000L), EvaluationCadence.sizes(100_000));
    assertEquals(List.of(EvaluationCadence.MIN_CACHE_BYTES), EvaluationCadence.sizes(1000));
    assertNotNull(EvaluationCadence.SIZE_SHARES);
  }
}
