package io.pyrope.bus.vec;

import java.util.Map;

/**
 * VEC.STATS / GET /v1/indexes/{id}/stats: an index's shape and state, as ordered name → value
 * pairs (numbers and strings) so RESP and HTTP render it without knowing its fields.
 *
 * @param fields the stats
 */
public record IndexStats(Map<String, Object> fields) {}
