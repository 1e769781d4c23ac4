package io.pyrope.audit;

import io.pyrope.bus.audit.AuditRecord;
import io.pyrope.security.ApiKeys;
import io.pyrope.security.Principal;
import java.util.UUID;

/**
 * Builds one {@link AuditRecord}: {@code audit.event("index.create").actor(p).tenant("acme")
 * .target("acme/docs").ok().record()}. Not thread-safe; use it on one thread and drop it.
 */
public final class AuditEvent {
  /** Longest claimed user name kept in a record of a failed authentication. */
  private static final int MAX_CLAIMED_USER = 64;
  /** Longest message kept. */
  private static final int MAX_MESSAGE = 300;

  private final AuditLog log;
  private final String action;
  private String requestId;
  private String transport;
  private String remote;
  private AuditRecord.Actor actor = new AuditRecord.Actor(null, null, null, null, false);
  private String tenant;
  private String target;
  private String result = AuditRecord.OK;
  private String code;
  private String message;

  AuditEvent(AuditLog log, String action) {
    this.log = log;
    this.action = action;
  }

  public AuditEvent request(String transport, String remote, String requestId) {
    this.transport = transport;
    this.remote = remote;
    this.requestId = requestId;
    return this;
  }

  public AuditEvent actor(Principal p) {
    this.actor = new AuditRecord.Actor(p.user(), p.tenant(), p.role() == null ? null : p.role().wireName(), p.keyId(),
        p.nodeAdmin());
    return this;
  }

  /** A user name presented with bad credentials; redacted when it looks like a key typed in the wrong place. */
  public AuditEvent claimedUser(String user) {
    String u = user;
    if (ApiKeys.looksLikeKey(u)) {
      u = "(redacted: looked like a key)";
    } else if (u != null && u.length() > MAX_CLAIMED_USER) {
      u = u.substring(0, MAX_CLAIMED_USER) + "…";
    }
    this.actor = new AuditRecord.Actor(u, null, null, null, false);
    return this;
  }

  public AuditEvent tenant(String tenant) {
    this.tenant = tenant;
    return this;
  }

  public AuditEvent target(String target) {
    this.target = target;
    return this;
  }

  public AuditEvent ok() {
    return result(AuditRecord.OK, null, null);
  }

  public AuditEvent result(String result, String code, String message) {
    this.result = result;
    this.code = code;
    this.message = message == null || message.length() <= MAX_MESSAGE ? message
        : message.substring(0, MAX_MESSAGE) + "…";
    return this;
  }

  /** Builds and records it. */
  public AuditRecord record() {
    AuditRecord r = new AuditRecord(UUID.randomUUID().toString(), System.currentTimeMillis(), log.node(), requestId,
        transport, remote, actor, tenant, action, target, result, code, message);
    log.record(r);
    return r;
  }
}
