package io.pyrope.ai.features;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Hand-made records in the v1 layouts of the log topics, and the bus-schemas validators. */
public final class LogFixtures {
  public static final String NODE = "6f1c0c8e-1111-4e3a-9f00-000000000001";

  private LogFixtures() {}

  /** A query-log record of an answered search (a miss that was admitted unless {@code hit}). */
  public static JsonObject query(long timeMs, String tenant, String index, String l0, long cost, boolean hit) {
    return new JsonObject().put("schema", "pyrope.query-log/v1").put("time", Instant.ofEpochMilli(timeMs).toString())
        .put("time_ms", timeMs).put("node", NODE).put("tenant", tenant).put("index", index).put("request_id", null)
        .put("session", 7)
        .put("keys", new JsonObject().put("l0", l0).put("l1", null))
        .put("sketch", new JsonObject().put("simhash", "abc123").put("norm", 1.5).put("dim", 4))
        .put("top_k", 10).put("search_k", 10).put("filter", null)
        .put("params", new JsonObject().put("nprobe", 0).put("ef", 0).put("with_meta", false).put("hint", "default")
            .put("level", 0))
        .put("layer", hit ? "l0" : "none").put("hit", hit).put("decision", hit ? "served" : "admitted")
        .put("status", "ok").put("epoch", 3).put("policy_version", 1).put("ttl_ms", 300000).put("proxy_cost", cost)
        .put("latency_us", new JsonObject().put("parse", 5).put("cache", 2).put("search", hit ? 0 : 900)
            .put("queue", hit ? 0 : 100).put("meta", 3).put("policy", 1).put("total", hit ? 20 : 1000))
        .put("result_ids", new JsonArray().add("11").add("12").add("13")).put("result_count", 3);
  }

  /** A decision-log admission record. */
  public static JsonObject admitted(long timeMs, String tenant, String index, String key, long bytes, long cost) {
    return decisionBase(timeMs, tenant, index, key, bytes).put("kind", "decision").put("decision", "admitted")
        .put("ttl_ms", 300000).put("priority", 1.0).put("policy_version", 1).put("model_version", "static-rules")
        .put("features", new JsonObject().put("proxy_cost", cost).put("admission", "always").put("min_proxy_cost", 0)
            .put("top_k", 10).put("level", 0).put("filtered", false).put("tenant_used_bytes", 4096));
  }

  /** A decision-log outcome record. */
  public static JsonObject outcome(long timeMs, String tenant, String index, String key, long bytes, long hits,
      long cost) {
    return decisionBase(timeMs, tenant, index, key, bytes).put("kind", "outcome").put("reason", "budget")
        .put("hits_served", hits).put("lifetime_ms", 5000).put("proxy_cost", cost).put("saved_proxy_cost", hits * cost);
  }

  private static JsonObject decisionBase(long timeMs, String tenant, String index, String key, long bytes) {
    return new JsonObject().put("schema", "pyrope.decision-log/v1").put("time", Instant.ofEpochMilli(timeMs).toString())
        .put("time_ms", timeMs).put("node", NODE).put("tenant", tenant).put("index", index).put("key", key)
        .put("layer", "l0").put("bytes", bytes);
  }

  public static QueryEvent event(JsonObject query) {
    try {
      return LogRecords.query(query.encode().getBytes(StandardCharsets.UTF_8));
    } catch (BadRecordException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  public static DecisionEvent decisionEvent(JsonObject decision) {
    try {
      return LogRecords.decision(decision.encode().getBytes(StandardCharsets.UTF_8));
    } catch (BadRecordException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** A validator for a bus-schemas resource, e.g. "topics/pyrope.policy.v1.json". */
  public static Validator validator(String resource) {
    try (InputStream in = LogFixtures.class.getResourceAsStream("/schemas/" + resource)) {
      if (in == null) {
        throw new AssertionError("no schema resource " + resource);
      }
      JsonObject schema = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
          .setBaseUri("https://pyrope.io/schemas/").setOutputFormat(OutputFormat.Basic));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Null when valid, else the schema errors. */
  public static String errors(Validator v, JsonObject rec) {
    OutputUnit u = v.validate(rec);
    return u.getValid() ? null : u.getErrors() + " in " + rec.encode();
  }
}
