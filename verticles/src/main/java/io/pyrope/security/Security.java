package io.pyrope.security;

import io.pyrope.audit.AuditLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The node's security services in one place, shared by RESP and HTTP: who a key is
 * ({@link #authenticate}), whether a principal still holds ({@link #refresh}), the permission
 * table ({@link Permissions}), the store of tenants, users and keys, the audit trail and the
 * brute-force throttle.
 *
 * <p>Auth is on when a node admin key is configured. With it off, clients act as the node admin
 * unless they choose to present a user key (which then restricts them to that user's rights).
 *
 * <p>Immutable and thread-safe; the store, audit log and throttle are thread-safe.
 */
public final class Security {
  private final byte[] adminKey;
  private final SecurityStore store;
  private final AuditLog audit;
  private final AuthThrottle throttle;

  /** @param adminKey the node admin key; empty or null turns auth off */
  public Security(String adminKey, SecurityStore store, AuditLog audit, AuthThrottle throttle) {
    this.adminKey = adminKey == null ? new byte[0] : adminKey.getBytes(StandardCharsets.UTF_8);
    this.store = store;
    this.audit = audit;
    this.throttle = throttle;
  }

  public boolean authEnabled() {
    return adminKey.length > 0;
  }

  /** Who a new connection or an HTTP request without credentials is: nobody with auth on, the node admin with it off. */
  public Principal initialPrincipal() {
    return authEnabled() ? null : Principal.ANONYMOUS;
  }

  /**
   * RESP {@code AUTH [user] key}. The admin key authenticates as the node admin under the names
   * {@code default} and {@code admin} (or no name); a user key authenticates its own user, under
   * that user's name or {@code default}. Null when nothing matches.
   */
  public Principal authenticate(String user, String key) {
    boolean anyName = user == null || user.equals(Principal.DEFAULT_USER);
    if ((anyName || user.equals(Principal.ADMIN_USER)) && isAdminKey(key)) {
      return Principal.ADMIN;
    }
    Principal p = store.verify(key);
    if (p != null && (anyName || user.equals(p.user()))) {
      return p;
    }
    return null;
  }

  /** HTTP {@code Authorization: Bearer key}: the admin key or a user key. Null when neither. */
  public Principal authenticateBearer(String key) {
    return isAdminKey(key) ? Principal.ADMIN : store.verify(key);
  }

  /** The principal as it stands now (its role may have changed), or null when its key was revoked. */
  public Principal refresh(Principal p) {
    return p == null || p.nodeAdmin() ? p : store.principal(p.keyId());
  }

  private boolean isAdminKey(String key) {
    return authEnabled() && key != null && MessageDigest.isEqual(adminKey, key.getBytes(StandardCharsets.UTF_8));
  }

  public SecurityStore store() {
    return store;
  }

  public AuditLog audit() {
    return audit;
  }

  public AuthThrottle throttle() {
    return throttle;
  }
}
