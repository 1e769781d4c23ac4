package io.pyrope.cache.policy;

/**
 * One rule of the static policy: for the tenants and indexes it matches, whether results are
 * admitted, how long they live, how they are keyed and kept consistent, and how much they are
 * worth keeping.
 *
 * @param tenant a tenant name, or {@value #ANY}
 * @param index an index name, or {@value #ANY}
 * @param admission always, never, min_cost, or seen_before
 * @param minProxyCost with {@link Admission#MIN_COST}: the least proxy cost (distance
 *     computations) a result must have cost to be stored
 * @param ttlMillis how long an entry may be served; 0 means until evicted or made stale
 * @param level query_key_level: 0 exact keys only (L0), 1 also tolerant SimHash keys (L1)
 * @param consistency epoch or precise invalidation
 * @param priority multiplies the value score (1 = neutral); higher is kept longer
 */
public record PolicyRule(String tenant, String index, Admission admission, long minProxyCost, long ttlMillis,
    int level, Consistency consistency, double priority) {
  /** Matches every tenant or index. */
  public static final String ANY = "*";
  /** Highest query_key_level this node implements (2, the semantic cache, comes later). */
  public static final int MAX_LEVEL = 1;

  /** Whether the rule applies to this tenant and index. Allocates nothing. */
  public boolean matches(String t, String i) {
    return (tenant.equals(ANY) || tenant.equals(t)) && (index.equals(ANY) || index.equals(i));
  }

  /** More specific rules win: exact tenant and index (3), tenant only (2), index only (1), neither (0). */
  public int specificity() {
    return (tenant.equals(ANY) ? 0 : 2) + (index.equals(ANY) ? 0 : 1);
  }

  /**
   * The admission decision for a result that cost {@code proxyCost}. Allocates nothing. For
   * {@link Admission#SEEN_BEFORE} this is {@code ADMITTED}: the cache then asks the index's
   * doorkeeper, which needs the key.
   */
  public Decision admit(long proxyCost) {
    return switch (admission) {
      case ALWAYS, SEEN_BEFORE -> Decision.ADMITTED;
      case NEVER -> Decision.REJECTED_NEVER;
      case MIN_COST -> proxyCost >= minProxyCost ? Decision.ADMITTED : Decision.REJECTED_MIN_COST;
    };
  }

  /** Whether the cache is read at all for this rule (a {@code never} rule still serves nothing). */
  public boolean caches() {
    return admission != Admission.NEVER;
  }
}
