package io.pyrope.ai.features;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the values of {@code pyrope.query-log} and {@code pyrope.decision-log} (layouts
 * {@code schemas/topics/pyrope.query-log.v1.json} and {@code pyrope.decision-log.v1.json} in
 * bus-schemas) into events. It checks the schema id and the type of every field it reads, not
 * the whole JSON Schema: fields it does not need may change without breaking the controller.
 * Stateless and thread-safe.
 */
public final class LogRecords {
  /** Schema id of a query-log record. */
  public static final String QUERY_SCHEMA = "pyrope.query-log/v1";
  /** Schema id of a decision-log record. */
  public static final String DECISION_SCHEMA = "pyrope.decision-log/v1";
  /** Longest record value decoded; the node's records are a few KiB at most. */
  public static final int MAX_RECORD_BYTES = 1024 * 1024;

  private LogRecords() {}

  /** A query-log value as an event, or a {@link BadRecordException} naming what was wrong. */
  public static QueryEvent query(byte[] value) throws BadRecordException {
    JsonObject o = object(value, QUERY_SCHEMA);
    JsonObject keys = obj(o, "keys");
    String l1 = keys.getValue("l1") == null ? null : str(keys, "l1", "keys.");
    String key = l1 != null ? l1 : str(keys, "l0", "keys.");
    JsonObject sketch = obj(o, "sketch");
    Object simhash = sketch.getValue("simhash");
    Object norm = sketch.getValue("norm");
    Object dim = sketch.getValue("dim");
    Object filter = o.getValue("filter");
    String filterHash = null;
    if (filter instanceof JsonObject f) {
      filterHash = str(f, "hash", "filter.");
    } else if (filter != null) {
      throw bad("field 'filter' must be an object or null, got " + filter);
    }
    JsonObject params = obj(o, "params");
    JsonObject latency = obj(o, "latency_us");
    Object ids = o.getValue("result_ids");
    List<String> resultIds = new ArrayList<>();
    if (ids instanceof JsonArray arr) {
      for (Object id : arr) {
        resultIds.add(String.valueOf(id));
      }
    } else {
      throw bad("field 'result_ids' must be an array, got " + ids);
    }
    return new QueryEvent(nonNegative(o, "time_ms", ""), str(o, "node", ""), str(o, "tenant", ""),
        str(o, "index", ""), key, integer(o, "session", ""), simhash instanceof String s ? s : null,
        norm instanceof Number n ? n.doubleValue() : Double.NaN, (int) positive(o, "top_k"), filterHash,
        (int) integer(params, "level", "params."), bool(o, "hit"), str(o, "decision", ""), str(o, "status", ""),
        nonNegative(o, "proxy_cost", ""), nonNegative(latency, "total", "latency_us."),
        nonNegative(latency, "queue", "latency_us."), List.copyOf(resultIds),
        (int) nonNegative(o, "result_count", ""), dim instanceof Number d ? d.intValue() : 0);
  }

  /** A decision-log value as an event, or a {@link BadRecordException} naming what was wrong. */
  public static DecisionEvent decision(byte[] value) throws BadRecordException {
    JsonObject o = object(value, DECISION_SCHEMA);
    String kind = str(o, "kind", "");
    boolean outcome;
    String verdict;
    long hits = 0;
    long saved = 0;
    if (kind.equals("decision")) {
      outcome = false;
      verdict = str(o, "decision", "");
    } else if (kind.equals("outcome")) {
      outcome = true;
      verdict = str(o, "reason", "");
      hits = nonNegative(o, "hits_served", "");
      saved = nonNegative(o, "saved_proxy_cost", "");
    } else {
      throw bad("field 'kind' must be \"decision\" or \"outcome\", got " + kind);
    }
    String key = o.getValue("key") == null ? null : str(o, "key", "");
    return new DecisionEvent(nonNegative(o, "time_ms", ""), str(o, "node", ""), str(o, "tenant", ""),
        str(o, "index", ""), key, outcome, verdict, nonNegative(o, "bytes", ""), hits, saved);
  }

  private static JsonObject object(byte[] value, String schema) throws BadRecordException {
    if (value == null || value.length == 0) {
      throw new BadRecordException(BadRecordException.MALFORMED_JSON, "empty record value");
    }
    if (value.length > MAX_RECORD_BYTES) {
      throw new BadRecordException(BadRecordException.MALFORMED_JSON,
          "record of " + value.length + " bytes is above the limit of " + MAX_RECORD_BYTES);
    }
    JsonObject o;
    try {
      o = new JsonObject(new String(value, StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw new BadRecordException(BadRecordException.MALFORMED_JSON, "not a JSON object: " + firstLine(e.getMessage()));
    }
    Object s = o.getValue("schema");
    if (!schema.equals(s)) {
      throw new BadRecordException(BadRecordException.WRONG_SCHEMA, "expected schema " + schema + ", got " + s);
    }
    return o;
  }

  /** Jackson's messages run over several lines (with the source excerpt); logs want one. */
  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  private static JsonObject obj(JsonObject o, String field) throws BadRecordException {
    if (!(o.getValue(field) instanceof JsonObject v)) {
      throw bad("field '" + field + "' must be an object, got " + o.getValue(field));
    }
    return v;
  }

  private static String str(JsonObject o, String field, String where) throws BadRecordException {
    if (!(o.getValue(field) instanceof String v) || v.isEmpty()) {
      throw bad("field '" + where + field + "' must be a non-empty string, got " + o.getValue(field));
    }
    return v;
  }

  private static long integer(JsonObject o, String field, String where) throws BadRecordException {
    Object v = o.getValue(field);
    if (!(v instanceof Integer || v instanceof Long)) {
      throw bad("field '" + where + field + "' must be an integer, got " + v);
    }
    return ((Number) v).longValue();
  }

  private static long nonNegative(JsonObject o, String field, String where) throws BadRecordException {
    long v = integer(o, field, where);
    if (v < 0) {
      throw bad("field '" + where + field + "' must be at least 0, got " + v);
    }
    return v;
  }

  private static long positive(JsonObject o, String field) throws BadRecordException {
    long v = integer(o, field, "");
    if (v < 1 || v > Integer.MAX_VALUE) {
      throw bad("field '" + field + "' must be from 1 to " + Integer.MAX_VALUE + ", got " + v);
    }
    return v;
  }

  private static boolean bool(JsonObject o, String field) throws BadRecordException {
    if (!(o.getValue(field) instanceof Boolean b)) {
      throw bad("field '" + field + "' must be a boolean, got " + o.getValue(field));
    }
    return b;
  }

  private static BadRecordException bad(String message) {
    return new BadRecordException(BadRecordException.BAD_FIELD, message);
  }
}
