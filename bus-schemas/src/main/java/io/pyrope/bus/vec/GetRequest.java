package io.pyrope.bus.vec;

/**
 * VEC.GET: one record by id.
 *
 * @param tenant tenant name
 * @param index index name
 * @param id record id
 */
public record GetRequest(String tenant, String index, String id) {}
