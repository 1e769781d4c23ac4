package io.pyrope.ai.features;

import java.util.List;

/**
 * Everything the controller knows at one instant, immutable: what the warm-path heuristic reads and
 * what the feature table file holds. Lists are sorted (tenant, index, key / node), so the same
 * records give the same snapshot.
 *
 * @param nowMs the instant the windows end at
 * @param windowMs the long window
 * @param keys per key, sorted by tenant, index, key
 * @param indexes per tenant/index, sorted
 * @param nodes per node, sorted
 * @param system node gauges from the last admin scrape, or null
 * @param evictedKeys keys dropped so far to stay within the tracked-key limit
 */
public record FeatureSnapshot(long nowMs, long windowMs, List<KeyFeatures> keys, List<ScopeFeatures> indexes,
    List<ScopeFeatures> nodes, SystemFeatures system, long evictedKeys) {}
