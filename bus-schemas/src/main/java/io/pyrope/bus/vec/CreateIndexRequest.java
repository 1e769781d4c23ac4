package io.pyrope.bus.vec;

import java.util.Map;

/**
 * VEC.CREATE / POST /v1/indexes. Validation (names, dim, metric, factory) is the engine's job; the
 * fields hold what the client sent.
 *
 * @param tenant tenant name
 * @param index index name
 * @param dim vector dimension
 * @param metric "cosine", "ip" or "l2"
 * @param factory FAISS factory string, e.g. "HNSW32", "IVF256,PQ16np"; null for the default (Flat)
 * @param params extra settings (nprobe, ef, head_max, train_size, …), raw strings
 */
public record CreateIndexRequest(String tenant, String index, int dim, String metric, String factory,
    Map<String, String> params) {}
