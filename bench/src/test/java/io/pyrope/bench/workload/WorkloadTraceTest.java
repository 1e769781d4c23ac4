package io.pyrope.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace file: one schema-valid pyrope.trace/v1 record per item, with the node's keys and sizes. */
class WorkloadTraceTest {
  @TempDir
  Path dir;

  @Test
  void recordsFollowTheStreamAndTheSchema() throws IOException {
    StreamGenerator.Kind first = StreamGenerator.Kind.FIRST;
    List<StreamGenerator.Item> items = List.of(
        new StreamGenerator.Item(first, 4, 2, -1),
        new StreamGenerator.Item(StreamGenerator.Kind.WRITE, -1, -1, 0),
        new StreamGenerator.Item(StreamGenerator.Kind.REPEAT, 4, 2, -1),
        new StreamGenerator.Item(first, 7, 3, -1),
        new StreamGenerator.Item(first, 8, 5, -1));
    long[] r = {10, 11, 12};
    Outcome[] o = {
        new Outcome(0, 3_000_000, 1, "none", "admitted", "l0:ab12", 1500, 300, r, r, -1),
        null,
        new Outcome(2, 9_000_000, 1, "l0", "served", "l0:ab12", 1500, 300, r, new long[] {10, 11, 13}, 0),
        // rejected by the budget: no size from the node, none seen for the key -> the estimate
        new Outcome(3, 8_000_000, 1, "none", "rejected_budget", "l0:77", 0, 250, new long[] {5, -1, -1}, null, -1),
        // a rejected key whose size an earlier admission told
        new Outcome(4, 12_000_000, 1, "none", "rejected_budget", "l0:ab12", 0, 250, r, r, -1)};
    List<JsonObject> recs = TraceWriter.records(items, o, "qqp", "workload", 3, 384);
    Path f = dir.resolve("sub/trace.jsonl");
    TraceWriter.write(f, recs);
    List<String> lines = Files.readAllLines(f);
    assertEquals(5, lines.size());
    Validator v = TraceSchema.validator();
    for (String line : lines) {
      TraceSchema.valid(v, new JsonObject(line));
    }
    JsonObject miss = new JsonObject(lines.get(0));
    assertEquals("search", miss.getString("op"));
    assertEquals("l0:ab12", miss.getString("key"));
    assertEquals(300, miss.getLong("cost"));
    assertEquals(1500, miss.getLong("bytes"));
    assertEquals(2, miss.getInteger("group"));
    assertEquals(new JsonArray().add(10).add(11).add(12), miss.getJsonArray("result_ids"));
    assertEquals(3, miss.getLong("time_ms"));

    JsonObject write = new JsonObject(lines.get(1));
    assertEquals("write", write.getString("op"));
    assertFalse(write.containsKey("key"));

    JsonObject hit = new JsonObject(lines.get(2));
    assertEquals(new JsonArray().add(10).add(11).add(13), hit.getJsonArray("result_ids"),
        "on a hit, what a miss would have stored: the uncached answer");
    assertEquals(new JsonArray().add(10).add(11).add(13), hit.getJsonArray("truth_ids"));

    JsonObject unsized = new JsonObject(lines.get(3));
    assertEquals(9, unsized.getLong("time_ms"), "time never goes back");
    assertEquals(TraceWriter.estimateBytes(384, true, new long[] {5, -1, -1}), unsized.getLong("bytes"));
    assertEquals(new JsonArray().add(5), unsized.getJsonArray("result_ids"));
    assertNull(unsized.getJsonArray("truth_ids"));
    assertEquals(1500, new JsonObject(lines.get(4)).getLong("bytes"), "the size the node gave the same key");
  }

  @Test
  void estimateCountsTheVectorTwiceForExactKeys() {
    long l0 = TraceWriter.estimateBytes(4, true, new long[] {1, 22});
    long l1 = TraceWriter.estimateBytes(4, false, new long[] {1, 22});
    assertEquals(16, l0 - l1, "the l0 key holds the 4 x 4 vector bytes");
    // 256 + 16 + 16 (stored query) + hits (176 + 2 + 72) + (176 + 4 + 74)
    assertEquals(256 + 16 + 16 + 250 + 254, l1);
    assertTrue(TraceWriter.estimateBytes(4, false, new long[] {-1}) < l1);
  }
}
