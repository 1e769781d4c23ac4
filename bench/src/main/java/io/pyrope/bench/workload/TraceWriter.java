package io.pyrope.bench.workload;

import io.pyrope.bench.BenchException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a played stream as a {@code pyrope.trace/v1} file (bus-schemas
 * {@code schemas/trace/pyrope.trace.v1.json}), JSON Lines, one record per item in stream order,
 * for the trace simulator ({@code ./pyrope simulate --trace}).
 *
 * <ul>
 *   <li>{@code key}: the node's own key from TRACE (the l1 key when the index's rule has level
 *       1, else the l0 key), so two records share a key exactly when the node served them from
 *       one entry. If the node gave none (not expected: every cached search has one) the key is
 *       {@code q:<text id>}, the question itself.
 *   <li>{@code cost}: TRACE's proxy_cost (distance computations).
 *   <li>{@code bytes}: the node's size of the entry when TRACE gave one (admitted or served);
 *       else the size last seen for that key; else {@link #estimateBytes}.
 *   <li>{@code result_ids}: what a miss of this query stores: the ids served on a miss; on a hit
 *       the uncached answer (null without verification). {@code truth_ids}: the uncached answer
 *       (null without verification).
 *   <li>{@code group}: the qqp cluster id; {@code session}: null (the stream is one client's).
 *   <li>{@code time_ms}: when the query was sent, milliseconds from the run's start, made
 *       non-decreasing (several connections can overtake each other by a little).
 *   <li>writes: {@code op: write}, time of the search before them.
 * </ul>
 */
public final class TraceWriter {
  /** The schema id every record carries. */
  public static final String SCHEMA = "pyrope.trace/v1";

  private TraceWriter() {}

  /**
   * Bytes an entry would occupy when the node did not size it, following the node's
   * {@code EntrySizer} (fixed overheads, the stored query vector, the key's payload, per hit its
   * record and id) plus an estimate of the two pre-encoded replies (RESP2 and RESP3 of
   * {@code [id, score]}: ~35 bytes of framing and score text each, plus the id). An estimate,
   * used only for keys the node never sized in this run (all of them refused admission).
   *
   * @param l0 whether the key is exact (it then holds the vector bytes as well)
   */
  public static long estimateBytes(int dim, boolean l0, long[] ids) {
    long b = 256 + 16 + 4L * dim + (l0 ? 4L * dim : 0);
    for (long id : ids) {
      if (id < 0) {
        continue;
      }
      int len = Long.toString(id).length();
      b += 176 + 2L * len + 2L * (35 + len);
    }
    return b;
  }

  /** The records of a run, in stream order. */
  public static List<JsonObject> records(List<StreamGenerator.Item> items, Outcome[] outcomes, String tenant,
      String index, int k, int dim) {
    List<JsonObject> out = new java.util.ArrayList<>(items.size());
    Map<String, Long> bytesByKey = new HashMap<>();
    for (Outcome o : outcomes) {
      if (o != null && o.key() != null && o.bytes() > 0) {
        bytesByKey.put(o.key(), o.bytes());
      }
    }
    long lastMs = 0;
    for (int i = 0; i < items.size(); i++) {
      StreamGenerator.Item it = items.get(i);
      Outcome o = outcomes[i];
      JsonObject r = new JsonObject().put("schema", SCHEMA);
      if (!it.isSearch()) {
        out.add(r.put("time_ms", lastMs).put("tenant", tenant).put("index", index).put("op", "write"));
        continue;
      }
      lastMs = Math.max(lastMs, o.startNanos() / 1_000_000);
      String key = o.key() != null ? o.key() : "q:" + it.textId();
      long bytes = o.bytes() > 0 ? o.bytes() : bytesByKey.getOrDefault(key,
          estimateBytes(dim, !key.startsWith("l1:"), o.hit() && o.exact() != null ? o.exact() : o.served()));
      long[] result = o.hit() ? o.exact() : o.served();
      r.put("time_ms", lastMs).put("tenant", tenant).put("index", index).put("op", "search")
          .put("key", key).put("cost", o.proxyCost()).put("bytes", bytes).put("top_k", k)
          .put("result_ids", ids(result)).put("truth_ids", ids(o.exact()))
          .put("group", it.cluster()).putNull("session");
      out.add(r);
    }
    return out;
  }

  /** Writes the records to {@code file}, one a line. */
  public static void write(Path file, List<JsonObject> records) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (JsonObject r : records) {
          w.write(r.encode());
          w.write('\n');
        }
      }
    } catch (IOException e) {
      throw new BenchException("cannot write the trace " + file + ": " + e.getMessage());
    }
  }

  private static JsonArray ids(long[] ids) {
    if (ids == null) {
      return null;
    }
    JsonArray a = new JsonArray();
    for (long id : ids) {
      if (id >= 0) {
        a.add(id);
      }
    }
    return a;
  }
}
