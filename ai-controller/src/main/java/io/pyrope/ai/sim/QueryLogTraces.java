package io.pyrope.ai.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the node's own query log ({@code pyrope.query-log/v1}) into trace records
 * ({@code pyrope.trace/v1}) so the simulator can replay what a node really saw. Pure functions:
 * the ai-controller calls them on records it consumed from Kafka, a tool may call them on a file.
 *
 * <p>Mapping: key = {@code keys.l1} when not null (the tolerant key the entry was stored under),
 * else {@code keys.l0}; cost = {@code proxy_cost}; top_k; time_ms; tenant; index; session.
 * bytes = the {@code bytes} of the decision-log record for the same tenant/index/key when given
 * (what the node accounted), else {@link #estimateBytes}. result_ids are kept only on a miss
 * (a fresh search's answer, what a store would hold; on a hit they are whatever the cache served,
 * and under L1 may belong to another query) and only when every id is an integer (the trace
 * format's ids are integers; string ids make result_ids null, so recall is n/a for them).
 * Skipped (null): errors ({@code status: error}, nothing was answered) and
 * {@code CACHE_HINT bypass} queries (the client asked not to use the cache). Writes are not in
 * the query log, so converted traces have none.
 */
public final class QueryLogTraces {
  /** Estimated bytes of an entry besides its hits: the node's EntrySizer overheads (entry, key, array header). */
  public static final long ENTRY_OVERHEAD_BYTES = 256 + 16 + 16;
  /** Estimated bytes per hit: EntrySizer's per-hit overhead plus its share of the two pre-encoded replies. */
  public static final long HIT_BYTES = 176 + 64;
  /** Bytes per id character: the id String and its UTF-8 bulk, each about the id's length. */
  public static final long ID_CHAR_BYTES = 2;
  /** Vector dimension assumed when the record's sketch has none. */
  public static final int DEFAULT_DIM = 384;

  private QueryLogTraces() {}

  /**
   * The trace record of one query-log record, or null when it is skipped (error, bypass).
   *
   * @param queryLog a pyrope.query-log/v1 record
   * @param decisionBytes bytes of the matching decision-log record (same tenant/index/key), or null
   * @throws IllegalArgumentException when the record is not a query-log record (names the field)
   */
  public static JsonObject toTrace(JsonObject queryLog, Long decisionBytes) {
    if (!"pyrope.query-log/v1".equals(queryLog.getValue("schema"))) {
      throw new IllegalArgumentException("field 'schema' must be \"pyrope.query-log/v1\", got "
          + queryLog.getValue("schema"));
    }
    if ("error".equals(queryLog.getValue("status"))) {
      return null;
    }
    JsonObject params = queryLog.getJsonObject("params");
    if (params != null && "bypass".equals(params.getValue("hint"))) {
      return null;
    }
    String key = key(queryLog);
    long cost = Math.max(0, number(queryLog, "proxy_cost"));
    long topK = number(queryLog, "top_k");
    JsonArray ids = queryLog.getJsonArray("result_ids");
    boolean hit = Boolean.TRUE.equals(queryLog.getValue("hit"));
    long bytes = decisionBytes != null && decisionBytes > 0 ? decisionBytes : estimateBytes(queryLog);
    JsonObject t = new JsonObject().put("schema", TraceReader.SCHEMA).put("time_ms", number(queryLog, "time_ms"))
        .put("tenant", text(queryLog, "tenant")).put("index", text(queryLog, "index")).put("op", "search")
        .put("key", key).put("cost", cost).put("bytes", Math.max(1, bytes)).put("top_k", Math.max(1, topK))
        .put("result_ids", hit ? null : integerIds(ids));
    Object session = queryLog.getValue("session");
    if (session instanceof Integer || session instanceof Long) {
      t.put("session", session);
    }
    return t;
  }

  /** Cache key of a query-log record: keys.l1 when set, else keys.l0. */
  public static String key(JsonObject queryLog) {
    JsonObject keys = queryLog.getJsonObject("keys");
    if (keys == null) {
      throw new IllegalArgumentException("field 'keys' is missing");
    }
    Object l1 = keys.getValue("l1");
    if (l1 instanceof String s && !s.isEmpty()) {
      return s;
    }
    Object l0 = keys.getValue("l0");
    if (!(l0 instanceof String s) || s.isEmpty()) {
      throw new IllegalArgumentException("field 'keys.l0' must be a non-empty string, got " + l0);
    }
    return s;
  }

  /**
   * Estimated entry bytes when no decision record gives them, after the node's EntrySizer: a fixed
   * overhead, the stored query vector (4 × dim), and per hit a fixed cost plus twice the id length.
   */
  public static long estimateBytes(JsonObject queryLog) {
    JsonObject sketch = queryLog.getJsonObject("sketch");
    Object d = sketch == null ? null : sketch.getValue("dim");
    long dim = d instanceof Number n && n.longValue() > 0 ? n.longValue() : DEFAULT_DIM;
    JsonArray ids = queryLog.getJsonArray("result_ids");
    Object c = queryLog.getValue("result_count");
    long hits = c instanceof Number n ? n.longValue() : ids == null ? 0 : ids.size();
    long idChars = 0;
    int logged = ids == null ? 0 : ids.size();
    for (int i = 0; i < logged; i++) {
      idChars += String.valueOf(ids.getValue(i)).length();
    }
    // ids beyond the logged ones (result_count > 100): assume the logged ones' mean length
    long meanId = logged == 0 ? 8 : Math.max(1, idChars / logged);
    long extra = Math.max(0, hits - logged) * meanId;
    return ENTRY_OVERHEAD_BYTES + 4 * dim + hits * HIT_BYTES + ID_CHAR_BYTES * (idChars + extra);
  }

  /**
   * Entry bytes by tenant/index/key from decision-log records (kind decision, bytes &gt; 0); the
   * latest record of a key wins. Keys are {@code tenant + '\0' + index + '\0' + key}, see {@link #joinKey}.
   */
  public static Map<String, Long> bytesByKey(Iterable<JsonObject> decisionLogs) {
    Map<String, Long> out = new HashMap<>();
    for (JsonObject d : decisionLogs) {
      Object b = d.getValue("bytes");
      Object k = d.getValue("key");
      if ("decision".equals(d.getValue("kind")) && k instanceof String key && b instanceof Number n && n.longValue() > 0) {
        out.put(joinKey(d.getString("tenant"), d.getString("index"), key), n.longValue());
      }
    }
    return out;
  }

  /** The join key of a query-log record against {@link #bytesByKey}. */
  public static String joinKey(JsonObject queryLog) {
    return joinKey(queryLog.getString("tenant"), queryLog.getString("index"), key(queryLog));
  }

  static String joinKey(String tenant, String index, String key) {
    return tenant + '\u0000' + index + '\u0000' + key;
  }

  private static JsonArray integerIds(JsonArray ids) {
    if (ids == null) {
      return null;
    }
    JsonArray out = new JsonArray();
    for (int i = 0; i < ids.size(); i++) {
      Object v = ids.getValue(i);
      try {
        out.add(Long.parseLong(String.valueOf(v)));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return out;
  }

  private static long number(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (!(v instanceof Integer || v instanceof Long)) {
      throw new IllegalArgumentException("field '" + field + "' must be an integer, got " + v);
    }
    return ((Number) v).longValue();
  }

  private static String text(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (!(v instanceof String s) || s.isEmpty()) {
      throw new IllegalArgumentException("field '" + field + "' must be a non-empty string, got " + v);
    }
    return s;
  }
}
