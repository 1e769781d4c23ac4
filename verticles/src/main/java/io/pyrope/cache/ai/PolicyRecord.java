package io.pyrope.cache.ai;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * The records of {@code pyrope.policy} ({@code bus-schemas/…/topics/pyrope.policy.v1.json}),
 * checked field by field. Only the envelope is checked here; the table itself is validated by
 * {@link PolicyControl} against the node's configuration ({@code PolicyJson}).
 *
 * <p>Unknown envelope fields are accepted (a newer controller may add optional ones); the table
 * body is strict (an unknown field there is an error, as on {@code PUT /v1/cache/policies}).
 * Each failure is an {@link InvalidRecord} whose message names the field and what was found.
 */
public final class PolicyRecord {
  /** The schema id every record carries. */
  public static final String SCHEMA = "pyrope.policy/v1";
  /** Key of the table record. */
  public static final String TABLE_KEY = "table";
  /** Prefix of evaluation keys: {@code evaluation/<tenant>/<index>}. */
  public static final String EVALUATION_PREFIX = "evaluation/";
  /** Largest table record accepted: MAX_RULES rules of a few hundred bytes each. */
  public static final int MAX_TABLE_BYTES = 1024 * 1024;
  /** Largest evaluation record accepted: a simulator report is a few KiB. */
  public static final int MAX_EVALUATION_BYTES = 256 * 1024;
  /** Longest controller id and model version. */
  public static final int MAX_NAME_CHARS = 128;

  /** A record that does not follow the contract; the message says which field and why. */
  public static final class InvalidRecord extends RuntimeException {
    public InvalidRecord(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * A table record.
   *
   * @param controller the controller instance that computed it
   * @param sequence its number within that controller's run (unchanged republishes keep it)
   * @param issuedMillis when it was published
   * @param modelVersion what made it
   * @param table the table body, as {@code PUT /v1/cache/policies} takes it
   */
  public record Table(String controller, long sequence, long issuedMillis, String modelVersion, JsonObject table) {
    /** What makes a table new: a controller restart starts its sequence again. */
    public String identity() {
      return controller + "#" + sequence;
    }
  }

  /** An evaluation record: the simulator's report for one index. */
  public record Evaluation(String tenant, String index, String controller, long issuedMillis, JsonObject report) {}

  private PolicyRecord() {}

  /** A table record from the bytes of a record keyed {@code table}. */
  public static Table table(byte[] value) {
    JsonObject o = envelope(value, MAX_TABLE_BYTES, "table");
    long sequence = integer(o, "sequence", 1);
    String model = name(o, "model_version");
    Object t = o.getValue("table");
    if (t == null) {
      throw new InvalidRecord("field 'table' is required (the policy table object)");
    }
    if (!(t instanceof JsonObject table)) {
      throw new InvalidRecord("field 'table' must be an object, got " + brief(t));
    }
    return new Table(name(o, "controller"), sequence, integer(o, "issued_ms", 0), model, table);
  }

  /** An evaluation record from a record keyed {@code evaluation/<tenant>/<index>}. */
  public static Evaluation evaluation(String key, byte[] value) {
    JsonObject o = envelope(value, MAX_EVALUATION_BYTES, "evaluation");
    String tenant = name(o, "tenant");
    String index = name(o, "index");
    if (!key.equals(EVALUATION_PREFIX + tenant + "/" + index)) {
      throw new InvalidRecord("key '" + key + "' does not match tenant '" + tenant + "' and index '" + index + "'");
    }
    if (!(o.getValue("report") instanceof JsonObject report)) {
      throw new InvalidRecord("field 'report' must be an object, got " + brief(o.getValue("report")));
    }
    return new Evaluation(tenant, index, name(o, "controller"), integer(o, "issued_ms", 0), report);
  }

  private static JsonObject envelope(byte[] value, int maxBytes, String kind) {
    if (value == null) {
      throw new InvalidRecord("the record has no value (a tombstone)");
    }
    if (value.length > maxBytes) {
      throw new InvalidRecord("the record has " + value.length + " bytes, more than " + maxBytes);
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(new String(value, StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      throw new InvalidRecord("the record is not valid JSON: " + e.getMessage());
    }
    if (!(parsed instanceof JsonObject o)) {
      throw new InvalidRecord("the record must be a JSON object, got " + brief(parsed));
    }
    if (!SCHEMA.equals(o.getValue("schema"))) {
      throw new InvalidRecord("field 'schema' must be \"" + SCHEMA + "\", got " + brief(o.getValue("schema")));
    }
    if (!kind.equals(o.getValue("kind"))) {
      throw new InvalidRecord("field 'kind' must be \"" + kind + "\" for this key, got " + brief(o.getValue("kind")));
    }
    return o;
  }

  private static long integer(JsonObject o, String field, long min) {
    Object v = o.getValue(field);
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min) {
      throw new InvalidRecord("field '" + field + "' must be an integer of at least " + min + ", got " + brief(v));
    }
    return ((Number) v).longValue();
  }

  private static String name(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (!(v instanceof String s) || s.isEmpty() || s.length() > MAX_NAME_CHARS) {
      throw new InvalidRecord("field '" + field + "' must be a string of 1 to " + MAX_NAME_CHARS + " characters, got "
          + brief(v));
    }
    return s;
  }

  /** A value for an error message, cut short: records come from another process. */
  static String brief(Object v) {
    String s = String.valueOf(v);
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
