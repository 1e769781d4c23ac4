package io.pyrope.ai.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceWriterTest {
  private static final long T0 = 1_700_000_000_000L;

  @TempDir
  Path dir;

  private static List<JsonObject> lines(Path file) throws Exception {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(JsonObject::new).toList();
  }

  @Test
  void writesValidTraceRecordsConvertedFromTheQueryLog() throws Exception {
    Validator trace = LogFixtures.validator("trace/pyrope.trace.v1.json");
    try (TraceWriter w = new TraceWriter(dir)) {
      assertTrue(w.append(LogFixtures.event(LogFixtures.query(T0, "acme", "docs", "l0:a1", 120, false)), 0));
      JsonObject l1 = LogFixtures.query(T0 + 5, "acme", "docs", "l0:b2", 80, true);
      l1.getJsonObject("keys").put("l1", "l1:c3");
      assertTrue(w.append(LogFixtures.event(l1), 4096));
      // non-numeric ids: the trace cannot score recall with them, result_ids becomes null
      JsonObject named = LogFixtures.query(T0 + 6, "acme", "docs", "l0:d4", 80, false)
          .put("result_ids", new JsonArray().add("doc-1"));
      assertTrue(w.append(LogFixtures.event(named), 0));
      // skipped: an error, a bypass, a force-only miss
      assertFalse(w.append(LogFixtures.event(LogFixtures.query(T0 + 7, "acme", "docs", "l0:e5", 0, false)
          .put("status", "error").put("decision", "disabled")), 0));
      assertFalse(w.append(LogFixtures.event(LogFixtures.query(T0 + 8, "acme", "docs", "l0:e5", 10, false)
          .put("decision", "bypass")), 0));
      assertFalse(w.append(LogFixtures.event(LogFixtures.query(T0 + 9, "acme", "docs", "l0:e5", 0, false)
          .put("status", "cache_miss").put("decision", "disabled")), 0));
      w.flush();
      assertEquals(3, w.written());
    }
    List<JsonObject> recs = lines(dir.resolve("traces/acme/docs/current.jsonl"));
    assertEquals(3, recs.size());
    for (JsonObject r : recs) {
      assertNull(LogFixtures.errors(trace, r));
    }
    assertEquals("l0:a1", recs.get(0).getString("key"));
    assertEquals(120, recs.get(0).getLong("cost"));
    assertEquals(FeatureStore.estimateBytes(3, 4), recs.get(0).getLong("bytes"));
    assertEquals(new JsonArray().add(11).add(12).add(13), recs.get(0).getJsonArray("result_ids"));
    assertEquals("l1:c3", recs.get(1).getString("key"));
    assertEquals(4096, recs.get(1).getLong("bytes"));
    assertNull(recs.get(2).getValue("result_ids"));
  }

  @Test
  void timeNeverGoesBackwardsWithinAFileEvenAcrossARestart() throws Exception {
    try (TraceWriter w = new TraceWriter(dir)) {
      w.append(LogFixtures.event(LogFixtures.query(T0 + 100, "t", "i", "l0:1", 1, false)), 0);
      w.append(LogFixtures.event(LogFixtures.query(T0 + 50, "t", "i", "l0:2", 1, false)), 0);  // another node, behind
    }
    try (TraceWriter w = new TraceWriter(dir)) {  // a restarted controller appends to the same file
      w.append(LogFixtures.event(LogFixtures.query(T0 + 10, "t", "i", "l0:3", 1, false)), 0);
    }
    List<Long> times = lines(dir.resolve("traces/t/i/current.jsonl")).stream().map(r -> r.getLong("time_ms")).toList();
    assertEquals(List.of(T0 + 100, T0 + 100, T0 + 100), times);
  }

  @Test
  void rotatesAtTheSizeLimitAndKeepsTheNewestFiles() throws Exception {
    long limit = 2048;
    int total = 60;
    try (TraceWriter w = new TraceWriter(dir, limit, 2)) {
      for (int i = 0; i < total; i++) {
        w.append(LogFixtures.event(LogFixtures.query(T0 + i, "t", "i", "l0:" + Integer.toHexString(i), 5, false)), 0);
      }
    }
    Path d = dir.resolve("traces/t/i");
    List<Path> rotated = TraceWriter.rotatedFiles(d);
    assertEquals(2, rotated.size(), "only the newest rotated files are kept: " + rotated);
    long kept = 0;
    long lastTime = -1;
    for (Path p : rotated) {
      assertTrue(Files.size(p) <= limit, p + " is " + Files.size(p) + " bytes");
      List<JsonObject> recs = lines(p);
      kept += recs.size();
      assertTrue(recs.get(0).getLong("time_ms") > lastTime, "rotated files are in time order");
      lastTime = recs.get(recs.size() - 1).getLong("time_ms");
      assertEquals("trace-" + lastTime + ".jsonl", p.getFileName().toString());
    }
    List<JsonObject> current = lines(d.resolve(TraceWriter.CURRENT));
    assertTrue(Files.size(d.resolve(TraceWriter.CURRENT)) <= limit);
    assertTrue(current.get(0).getLong("time_ms") > lastTime);
    assertEquals(T0 + total - 1, current.get(current.size() - 1).getLong("time_ms"));
    assertTrue(kept + current.size() < total, "the oldest rotated files were deleted");
  }

  @Test
  void namesCannotEscapeTheTraceDirectory() {
    assertEquals("acme", TraceWriter.segment("acme"));
    assertEquals("%2E.", TraceWriter.segment(".."));
    assertEquals("a%2Fb", TraceWriter.segment("a/b"));
    assertEquals("caf%C3%A9", TraceWriter.segment("café"));
    TraceWriter w = new TraceWriter(dir);
    assertTrue(w.directory("..", "../../etc").normalize().startsWith(dir.resolve("traces")));
  }
}
