package io.pyrope.security;

/**
 * Who a request or connection acts as: the node admin (admin key, or anyone when auth is off), or
 * a user of one tenant with a role, authenticated by one of its API keys.
 *
 * @param user the user name ({@code admin} / {@code default} for the node admin)
 * @param tenant the user's tenant; null for the node admin
 * @param role the user's role; null for the node admin
 * @param keyId the public id of the API key used; null for the node admin
 * @param nodeAdmin true for the node admin, who may do everything
 */
public record Principal(String user, String tenant, Role role, String keyId, boolean nodeAdmin) {
  /** The user name the admin key authenticates as. */
  public static final String ADMIN_USER = "admin";
  /** The user of a connection when auth is off, as in Redis. */
  public static final String DEFAULT_USER = "default";

  /** Authenticated with the node admin key. */
  public static final Principal ADMIN = new Principal(ADMIN_USER, null, null, null, true);
  /** Auth is off: every client acts as the node admin, named {@code default} as in Redis. */
  public static final Principal ANONYMOUS = new Principal(DEFAULT_USER, null, null, null, true);

  /** A tenant user authenticated by key {@code keyId}. */
  public static Principal user(String tenant, String user, Role role, String keyId) {
    return new Principal(user, tenant, role, keyId, false);
  }

  /** For logs, errors and audit records: {@code admin} or {@code tenant/user}. */
  public String display() {
    return nodeAdmin ? user : tenant + "/" + user;
  }
}
