package io.pyrope.cache.policy;

/**
 * What the cache did with one request, as TRACE reports it. Constants, so that deciding
 * allocates nothing.
 */
public enum Decision {
  /** Answered from the cache. */
  SERVED("served"),
  /** Missed, searched, and the result was stored. */
  ADMITTED("admitted"),
  /** Missed and searched; the rule says {@code never}. */
  REJECTED_NEVER("rejected_never"),
  /** Missed and searched; the result cost less than the rule's {@code min_proxy_cost}. */
  REJECTED_MIN_COST("rejected_min_cost"),
  /**
   * Missed and searched; the rule says {@code seen_before} and this was the key's first miss
   * within the doorkeeper's memory: the key was recorded, the result not stored.
   */
  REJECTED_FIRST_SEEN("rejected_first_seen"),
  /** Missed and searched; storing it would exceed the node's or the tenant's budget. */
  REJECTED_BUDGET("rejected_budget"),
  /** Missed and searched; a write landed while it ran, so the result was already stale. */
  REJECTED_STALE("rejected_stale"),
  /** {@code CACHE_HINT bypass}: the cache was neither read nor written. */
  BYPASS("bypass"),
  /** The cache is off on this node, or the index does not exist. */
  DISABLED("disabled");

  private final String wireName;

  Decision(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
