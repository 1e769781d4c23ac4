package io.pyrope.security;

/**
 * The kinds of operation {@link Permissions} decides on. Every RESP command and every HTTP route
 * maps to exactly one of them.
 */
public enum Operation {
  /** Needs no credentials at all (health, the OpenAPI document). */
  PUBLIC,
  /** Any authenticated connection: PING, HELLO, CLIENT SETNAME, COMMAND, INFO… */
  CONNECTION,
  /** Reads of one tenant's data: search, get, index stats and lists, quotas. */
  READ,
  /** Writes of one tenant's records: add, upsert, delete. */
  WRITE,
  /** Index lifecycle in one tenant: create, drop, build, snapshot, load, restore. */
  MANAGE_INDEX,
  /** One tenant's users and API keys, its audit trail and description. */
  MANAGE_TENANT,
  /** Node-wide: create tenants, set quotas, metrics, other clients, every tenant's audit. */
  ADMIN;

  /** True when the operation concerns one tenant and the request must name it. */
  public boolean tenantScoped() {
    return this == READ || this == WRITE || this == MANAGE_INDEX || this == MANAGE_TENANT;
  }
}
