package io.pyrope.bus.vec;

/**
 * VEC.SEARCH after parsing.
 *
 * @param tenant tenant name
 * @param index index name
 * @param vector the query vector
 * @param topK how many hits
 * @param filter filter expression text, or null
 * @param withMeta whether hits carry their meta
 * @param nprobe IVF probes, 0 for the index default
 * @param efSearch HNSW efSearch, 0 for the index default
 */
public record SearchRequest(String tenant, String index, float[] vector, int topK, String filter, boolean withMeta,
    int nprobe, int efSearch) {}
