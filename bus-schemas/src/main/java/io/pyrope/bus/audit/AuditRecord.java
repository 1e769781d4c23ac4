package io.pyrope.bus.audit;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * One audit record: who did what to which tenant's what, with which result, when, and under which
 * request id. Published as JSON to the Kafka topic {@code pyrope.audit} (layout:
 * {@code schemas/topics/pyrope.audit.v1.json}, {@link #SCHEMA}) and kept in the node's in-memory
 * ring for {@code GET /v1/audit}. Never carries a secret: keys are named by their public id.
 *
 * @param id unique id of this record (UUID)
 * @param timeMillis when the operation finished, epoch milliseconds
 * @param node the node instance that recorded it
 * @param requestId the request id ({@code X-Request-Id} over HTTP, generated per command over RESP)
 * @param transport {@code resp} or {@code http}
 * @param remote the client's address, {@code ip:port}
 * @param actor who acted (as claimed, when authentication failed)
 * @param tenant the tenant acted on; null for node-wide operations or unknown tenants
 * @param action what was attempted ({@code index.create}, {@code key.rotate}, {@code auth} …)
 * @param target what it was attempted on ({@code acme/docs}, {@code acme/alice}, a key id …)
 * @param result {@link #OK}, {@link #ERROR}, {@link #DENIED} or {@link #UNAUTHENTICATED}
 * @param code the error code ({@code VEC_ERR_PERM}) or HTTP status; null on success
 * @param message a short human explanation; null on success
 */
public record AuditRecord(String id, long timeMillis, String node, String requestId, String transport, String remote,
    Actor actor, String tenant, String action, String target, String result, String code, String message) {

  /** The {@code schema} field of every record of this layout. */
  public static final String SCHEMA = "pyrope.audit/v1";
  /** The operation succeeded. */
  public static final String OK = "ok";
  /** Authorized, but the operation failed (not found, exists, bad input, node fault). */
  public static final String ERROR = "error";
  /** Authenticated, but not allowed. */
  public static final String DENIED = "denied";
  /** Credentials missing, wrong or revoked. */
  public static final String UNAUTHENTICATED = "unauthenticated";

  /**
   * Who acted.
   *
   * @param user the user name (as claimed when authentication failed)
   * @param tenant the user's tenant; null for the node admin or unknown
   * @param role the user's role; null for the node admin or unknown
   * @param keyId the public id of the API key; null for the admin key or unknown
   * @param admin true when the node admin key (or auth off) was used
   */
  public record Actor(String user, String tenant, String role, String keyId, boolean admin) {
    public JsonObject toJson() {
      return new JsonObject().put("user", user).put("tenant", tenant).put("role", role).put("key_id", keyId)
          .put("admin", admin);
    }

    public static Actor fromJson(JsonObject o) {
      return new Actor(o.getString("user"), o.getString("tenant"), o.getString("role"), o.getString("key_id"),
          o.getBoolean("admin", false));
    }
  }

  public AuditRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(actor, "actor");
  }

  /** The record as published: every field present, absent values as null. */
  public JsonObject toJson() {
    return new JsonObject().put("schema", SCHEMA).put("id", id).put("time", Instant.ofEpochMilli(timeMillis).toString())
        .put("time_ms", timeMillis).put("node", node).put("request_id", requestId).put("transport", transport)
        .put("remote", remote).put("actor", actor.toJson()).put("tenant", tenant).put("action", action)
        .put("target", target).put("result", result).put("code", code).put("message", message);
  }

  /** Reads a published record. */
  public static AuditRecord fromJson(JsonObject o) {
    return new AuditRecord(o.getString("id"), o.getLong("time_ms"), o.getString("node"), o.getString("request_id"),
        o.getString("transport"), o.getString("remote"), Actor.fromJson(o.getJsonObject("actor")),
        o.getString("tenant"), o.getString("action"), o.getString("target"), o.getString("result"),
        o.getString("code"), o.getString("message"));
  }
}
