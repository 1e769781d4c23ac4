package io.pyrope.bus.vec;

/**
 * GET /v1/indexes: the indexes of one tenant, or of every tenant.
 *
 * @param tenant a tenant name, or null for all tenants
 */
public record ListIndexesRequest(String tenant) {}
