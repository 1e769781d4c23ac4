package io.pyrope.ai.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryLogTracesTest {

  /** A complete pyrope.query-log/v1 record of a miss, as the node writes it. */
  private static JsonObject queryLog() {
    return new JsonObject().put("schema", "pyrope.query-log/v1").put("time", "2026-11-24T20:00:00Z")
        .put("time_ms", 1_790_000_000_000L).put("node", "n1").put("tenant", "acme").put("index", "docs")
        .put("request_id", null).put("session", 7)
        .put("keys", new JsonObject().put("l0", "l0:1a2b").put("l1", "l1:ff01"))
        .put("sketch", new JsonObject().put("simhash", "abcd").put("norm", 1.0).put("dim", 8))
        .put("top_k", 3).put("search_k", 10).put("filter", null)
        .put("params", new JsonObject().put("nprobe", 0).put("ef", 0).put("with_meta", false).put("hint", "default")
            .put("level", 1))
        .put("layer", "none").put("hit", false).put("decision", "admitted").put("status", "ok").put("epoch", 3)
        .put("policy_version", 1).put("ttl_ms", 300000).put("proxy_cost", 5000)
        .put("latency_us", new JsonObject().put("parse", 1).put("cache", 1).put("search", 100).put("queue", 0)
            .put("meta", 0).put("policy", 0).put("total", 110))
        .put("result_ids", new JsonArray(List.of("42", "7", "19"))).put("result_count", 3);
  }

  @Test
  void mapsAMissWithTheDecisionLogsBytes() {
    JsonObject t = QueryLogTraces.toTrace(queryLog(), 2048L);
    assertEquals("pyrope.trace/v1", t.getString("schema"));
    assertEquals("l1:ff01", t.getString("key"), "the L1 key when set");
    assertEquals(5000L, t.getLong("cost"));
    assertEquals(2048L, t.getLong("bytes"));
    assertEquals(3, t.getInteger("top_k"));
    assertEquals(new JsonArray(List.of(42L, 7L, 19L)), t.getJsonArray("result_ids"));
    assertEquals(1_790_000_000_000L, t.getLong("time_ms"));
    assertEquals("search", t.getString("op"));
    // and the trace reader accepts it
    try (TraceReader r = new TraceReader(new StringReader(t.encode()), "converted")) {
      TraceRecord rec = r.next();
      assertEquals("l1:ff01", rec.key());
      assertEquals(3, rec.resultIds().length);
    }
  }

  @Test
  void convertedRecordsReplayWithoutAFile() {
    // What the controller does: query-log records in, trace records, a sweep, the report.
    JsonObject first = QueryLogTraces.toTrace(queryLog(), 1000L);
    JsonObject again = QueryLogTraces.toTrace(queryLog().put("time_ms", 1_790_000_000_500L).put("hit", true), 1000L);
    Trace t = Trace.of("kafka", List.of(TraceReader.fromJson(first, "kafka"), TraceReader.fromJson(again, "kafka")));
    SimReport report = Simulator.sweep(t, List.of("lru", "belady"), List.of(4096L), 1000, LiveTable.defaults(), 0,
        new JsonObject(), new Progress(null));
    JsonObject lru = report.toJson().getJsonArray("results").getJsonObject(0);
    assertEquals("lru", lru.getString("policy"));
    assertEquals(1, lru.getInteger("hits"));
    assertEquals(5000L, lru.getLong("saved_cost"));
  }

  @Test
  void fromJsonValidatesLikeTheReader() {
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> TraceReader.fromJson(QueryLogTraces.toTrace(queryLog(), null).put("cost", -1), "kafka"));
    assertTrue(e.getMessage().startsWith("kafka:0: field 'cost'"), e.getMessage());
  }

  @Test
  void fallsBackToTheL0KeyAndTheEstimate() {
    JsonObject q = queryLog();
    q.getJsonObject("keys").putNull("l1");
    JsonObject t = QueryLogTraces.toTrace(q, null);
    assertEquals("l0:1a2b", t.getString("key"));
    // 256+16+16 overhead + 4×8 dim + 3 hits × 240 + 2 × (2+1+2 id chars)
    assertEquals(288 + 32 + 720 + 10, t.getLong("bytes"));
    assertEquals(QueryLogTraces.estimateBytes(q), t.getLong("bytes"));
  }

  @Test
  void skipsErrorsAndBypass() {
    assertNull(QueryLogTraces.toTrace(queryLog().put("status", "error"), null));
    JsonObject bypass = queryLog();
    bypass.getJsonObject("params").put("hint", "bypass");
    assertNull(QueryLogTraces.toTrace(bypass, null));
  }

  @Test
  void hitsAndStringIdsCarryNoResultIds() {
    assertNull(QueryLogTraces.toTrace(queryLog().put("hit", true).put("layer", "l1"), null).getValue("result_ids"));
    JsonObject named = queryLog().put("result_ids", new JsonArray(List.of("doc-1", "doc-2")));
    assertNull(QueryLogTraces.toTrace(named, null).getValue("result_ids"));
  }

  @Test
  void joinsDecisionBytesByKey() {
    JsonObject decision = new JsonObject().put("schema", "pyrope.decision-log/v1").put("kind", "decision")
        .put("tenant", "acme").put("index", "docs").put("key", "l1:ff01").put("bytes", 4096);
    JsonObject outcome = decision.copy().put("kind", "outcome").put("bytes", 1);
    Map<String, Long> bytes = QueryLogTraces.bytesByKey(List.of(decision, outcome));
    assertEquals(4096L, bytes.get(QueryLogTraces.joinKey(queryLog())));
  }

  @Test
  void rejectsWhatIsNotAQueryLogRecord() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> QueryLogTraces.toTrace(new JsonObject().put("schema", "pyrope.trace/v1"), null));
    assertTrue(e.getMessage().contains("schema"), e.getMessage());
    JsonObject noKeys = queryLog();
    noKeys.remove("keys");
    e = assertThrows(IllegalArgumentException.class, () -> QueryLogTraces.toTrace(noKeys, null));
    assertTrue(e.getMessage().contains("keys"), e.getMessage());
  }
}
