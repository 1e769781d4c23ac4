package io.pyrope.ai.features;

/**
 * The features of one cache key at one instant: a row of the feature table
 * ({@code "row":"key"} in {@code features/current.jsonl}, see docs/ai-controller.md).
 *
 * @param tenant tenant
 * @param index index
 * @param key cache key (l0:… or l1:…)
 * @param refs1m references in the last minute
 * @param refsWindow references in the last window
 * @param refsTotal references since the key was tracked
 * @param firstMs first reference (epoch ms), -1 if none
 * @param lastMs latest reference, -1 if none
 * @param recencyMs now − latest reference, -1 if none
 * @param rerefMeanMs mean interval between consecutive references, -1 with fewer than two
 * @param rerefLastMs the latest such interval, -1 with fewer than two
 * @param proxyCost mean proxy cost of its searches (distance computations), 0 unknown
 * @param bytes entry size: from the decision log, else an estimate ({@code bytesEstimated})
 * @param bytesEstimated whether {@code bytes} is an estimate
 * @param resultCount hits returned, latest
 * @param topK TOPK, latest
 * @param filterHash filter shape hash, null without FILTER
 * @param norm query vector norm, NaN unknown
 * @param level query_key_level of the deciding rule, -1 none
 * @param hits references answered from the cache
 * @param admitted admissions of this key (decision log)
 * @param rejected refusals of this key (decision log)
 * @param outcomes entries of this key that left the cache
 * @param hitsServed hits those entries served
 */
public record KeyFeatures(String tenant, String index, String key, long refs1m, long refsWindow, long refsTotal,
    long firstMs, long lastMs, long recencyMs, long rerefMeanMs, long rerefLastMs, long proxyCost, long bytes,
    boolean bytesEstimated, int resultCount, int topK, String filterHash, double norm, int level, long hits,
    long admitted, long rejected, long outcomes, long hitsServed) {}
