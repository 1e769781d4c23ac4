package io.pyrope.ai.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.ai.features.LogFixtures;
import io.pyrope.bus.Topics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The controller in-process against the real embedded broker: v1 records in, a valid table out on
 * pyrope.policy (republished at every cadence), the feature and trace files written, bad records
 * counted and skipped, offsets committed on a clean stop.
 */
class ControllerKafkaTest extends EmbeddedKafkaTestBase {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String GROUP = "ctl-test";

  @Test
  void consumesTheLogsAndPublishesAValidTableAtEveryCadence() throws Exception {
    long now = System.currentTimeMillis();
    int scans = 200;
    int hot = 40;
    int refs = 10;
    try (KafkaProducer<byte[], byte[]> p = KafkaTestSupport.producer(bootstrap)) {
      String key = "acme/docs";
      for (int i = 0; i < scans; i++) {  // a scan: cheap one-hit wonders
        KafkaTestSupport.send(p, Topics.QUERY_LOG, key,
            LogFixtures.query(now - 120_000 + i, "acme", "docs", "l0:5" + Integer.toHexString(i), 100, false).encode());
      }
      for (int r = 0; r < refs; r++) {  // expensive keys, re-used every 5 s
        for (int i = 0; i < hot; i++) {
          String k = "l0:a" + Integer.toHexString(i);
          KafkaTestSupport.send(p, Topics.QUERY_LOG, key,
              LogFixtures.query(now - 60_000 + r * 5000L + i, "acme", "docs", k, 5000, r > 0).encode());
          if (r == 0) {
            KafkaTestSupport.send(p, Topics.DECISION_LOG, key,
                LogFixtures.admitted(now - 60_000 + i, "acme", "docs", k, 3000, 5000).encode());
          }
        }
      }
      // a quiet index: too few queries for a rule of its own
      KafkaTestSupport.send(p, Topics.QUERY_LOG, "acme/quiet",
          LogFixtures.query(now - 1000, "acme", "quiet", "l0:1", 100, false).encode());
      // bad records on both topics: not JSON, another layout, a bad field
      KafkaTestSupport.send(p, Topics.QUERY_LOG, key, "{not json");
      KafkaTestSupport.send(p, Topics.QUERY_LOG, key, new JsonObject().put("schema", "pyrope.other/v1").encode());
      KafkaTestSupport.send(p, Topics.QUERY_LOG, key,
          LogFixtures.query(now, "acme", "docs", "l0:1", 100, false).put("top_k", -3).encode());
      KafkaTestSupport.send(p, Topics.DECISION_LOG, key, "\u0000\u0001binary");
    }
    long goodQueries = scans + (long) hot * refs + 1;

    Path data = tmp.resolve("ai");
    ControllerOptions opts = ControllerOptions.parse(List.of("--bootstrap", bootstrap, "--group", GROUP,
        "--publish-ms", "300", "--data-dir", data.toString()), Map.of());
    Controller c = Controller.start(opts, null, Clock.systemUTC());
    try {
      await().atMost(WAIT).until(() -> c.stats().queryRecords() == goodQueries && c.stats().badTotal() == 4
          && c.stats().decisionRecords() == hot);
      assertEquals(Map.of("pyrope.query-log/malformed_json", 1L, "pyrope.query-log/wrong_schema", 1L,
          "pyrope.query-log/bad_field", 1L, "pyrope.decision-log/malformed_json", 1L), c.stats().badRecords());
      assertTrue(c.consuming(), "bad records never stop the loop");

      // Two more ticks: the second started after every record was applied, so its table is final.
      long applied = c.stats().tablesPublished();
      await().atMost(WAIT).until(() -> c.stats().tablesPublished() >= applied + 2);
      long seq = c.sequence();
      long published = c.stats().tablesPublished();
      await().atMost(WAIT).until(() -> c.stats().tablesPublished() >= published + 2);
      assertEquals(seq, c.sequence(), "no new data: the table and its sequence stay");

      List<JsonObject> recs = KafkaTestSupport.readAll(bootstrap, Topics.POLICY).stream()
          .filter(r -> c.id().equals(r.getString("controller"))).toList();
      assertTrue(recs.size() >= 3, "republished at every cadence: " + recs.size());
      Validator schema = LogFixtures.validator("topics/pyrope.policy.v1.json");
      for (JsonObject r : recs) {
        assertEquals("table", r.remove("_key"));
        assertNull(LogFixtures.errors(schema, r));
      }
      JsonObject last = recs.get(recs.size() - 1);
      JsonObject previous = recs.get(recs.size() - 2);
      assertEquals(seq, last.getLong("sequence"));
      assertEquals(seq, previous.getLong("sequence"));
      assertTrue(last.getLong("issued_ms") >= previous.getLong("issued_ms"));
      assertEquals("warm-heuristic/" + seq, last.getString("model_version"));
      JsonObject table = last.getJsonObject("table");
      assertEquals(c.table(), table);
      JsonArray rules = table.getJsonArray("rules");
      assertEquals(2, rules.size(), "one rule for acme/docs and the catch-all: " + rules);
      JsonObject docs = rules.getJsonObject(0);
      assertEquals("acme", docs.getString("tenant"));
      assertEquals("docs", docs.getString("index"));
      assertEquals("min_cost", docs.getString("admit"));
      long min = docs.getLong("min_proxy_cost");
      assertTrue(min > 100 && min <= 5000, "refuses the scan, admits the re-used keys: " + docs);
      assertEquals(50_000, docs.getLong("ttl_ms"));  // re-used every 5 s: ten times that
      assertEquals(0, docs.getInteger("query_key_level"));
      assertEquals(new JsonObject().put("tenant", "*").put("index", "*"), rules.getJsonObject(1));

      // Feature table file: header then rows; the hot keys carry their decision-log size.
      Path features = data.resolve("features/current.jsonl");
      await().atMost(WAIT).until(() -> Files.exists(features));
      List<JsonObject> rows = Files.readAllLines(features, StandardCharsets.UTF_8).stream().map(JsonObject::new)
          .toList();
      assertEquals("pyrope.features/v1", rows.get(0).getString("schema"));
      assertEquals(scans + hot + 1, rows.stream().filter(r -> "key".equals(r.getString("row"))).count());
      JsonObject hotRow = rows.stream().filter(r -> "l0:a0".equals(r.getString("key"))).findFirst().orElseThrow();
      assertEquals(refs, hotRow.getLong("refs_window"));
      assertEquals(3000, hotRow.getLong("bytes"));
      assertEquals(5000, hotRow.getLong("reref_mean_ms"));
      assertTrue(rows.stream().anyMatch(r -> "index".equals(r.getString("row")) && "docs".equals(r.getString("index"))
          && r.getLong("queries_window") == (long) scans + hot * refs));
      assertTrue(rows.stream().anyMatch(r -> "node".equals(r.getString("row"))));

      // Trace files per tenant/index, valid pyrope.trace/v1 lines.
      Path trace = data.resolve("traces/acme/docs/current.jsonl");
      List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
      assertEquals(scans + hot * refs, lines.size());
      Validator traceSchema = LogFixtures.validator("trace/pyrope.trace.v1.json");
      assertNull(LogFixtures.errors(traceSchema, new JsonObject(lines.get(lines.size() - 1))));
      assertTrue(Files.exists(data.resolve("traces/acme/quiet/current.jsonl")));
    } finally {
      c.close();
    }
    assertFalse(c.consuming(), "the consumer thread ended");
    // Offsets were committed on the way out: a restarted controller would not re-read the records.
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    try (Admin admin = Admin.create(p)) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
          .partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get();
      long total = 0;
      for (var e : committed.entrySet()) {
        assertEquals(ends.get(e.getKey()).offset(), e.getValue().offset(), "committed to the end of " + e.getKey());
        total += e.getValue().offset();
      }
      assertEquals(goodQueries + hot + 4, total);
    }

    // A restart in the same group replays the window into its features (not into the traces) and
    // publishes nothing before it has: its first table already carries the index's rule.
    Controller again = Controller.start(opts, null, Clock.systemUTC());
    try {
      await().atMost(WAIT).until(() -> again.stats().tablesPublished() >= 1);
      assertEquals(goodQueries, again.stats().queryRecords(), "the window was replayed");
      List<JsonObject> first = KafkaTestSupport.readAll(bootstrap, Topics.POLICY).stream()
          .filter(r -> again.id().equals(r.getString("controller"))).toList();
      JsonArray rules = first.get(0).getJsonObject("table").getJsonArray("rules");
      assertEquals(2, rules.size(), "the first table after a restart is built from the whole window: " + rules);
      assertEquals("min_cost", rules.getJsonObject(0).getString("admit"));
      assertEquals(scans + hot * refs,
          Files.readAllLines(data.resolve("traces/acme/docs/current.jsonl"), StandardCharsets.UTF_8).size(),
          "replayed records are not traced twice");
    } finally {
      again.close();
    }
  }
}
