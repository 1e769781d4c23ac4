package io.pyrope.cache.ai;

/**
 * The node's {@code ai.*} configuration: whether it reads the policy topic, and the guardrail.
 *
 * @param policyUpdates read {@code topic} at all
 * @param topic the policy topic
 * @param deadlineMillis with an AI table in force, longest gap between valid table records
 * @param guardWindowMillis how long a new AI table serves before it is compared with the previous one
 * @param guardMinLookups cache lookups each table needs before the comparison
 * @param guardHitMargin largest drop of hit rate (absolute) a new table may cause
 * @param guardP99Ratio largest factor by which a new table may raise the search p99
 * @param fallback what the deadline fallback installs ({@link PolicyMode#STATIC} or {@link PolicyMode#LRU})
 */
public record AiSettings(boolean policyUpdates, String topic, long deadlineMillis, long guardWindowMillis,
    long guardMinLookups, double guardHitMargin, double guardP99Ratio, PolicyMode fallback) {

  public AiSettings {
    if (fallback == PolicyMode.AUTO) {
      throw new IllegalArgumentException("ai.fallback must be static or lru");
    }
  }
}
